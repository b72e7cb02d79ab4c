package domo

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// malformedHint is what to do about a response that is not Domo's.
const malformedHint = "check that base_url is Domo's API (" + DefaultBaseURL + "), not a proxy or sign-in page, then try again"

// clientsPage is where a Domo OAuth client's id, secret and scopes are kept.
const clientsPage = "developer.domo.com › My Account › Manage Clients"

// domoError is an error body: Domo's gateway shape {"status", "statusReason",
// "path", "message", "toe"}, or the OAuth shape {"error",
// "error_description"} a token endpoint may use. Each field is kept raw and
// read leniently.
type domoError struct {
	Status           json.RawMessage `json:"status"`
	StatusReason     json.RawMessage `json:"statusReason"`
	Message          json.RawMessage `json:"message"`
	Toe              json.RawMessage `json:"toe"`
	Error            json.RawMessage `json:"error"`
	ErrorDescription json.RawMessage `json:"error_description"`
}

// isError reports whether the object is an error body at all.
func (d domoError) isError() bool {
	return !model.IsJSONNull(d.Status) || !model.IsJSONNull(d.Message) || !model.IsJSONNull(d.Error)
}

// status is the body's own status, 0 if it has none. Its statusReason may not
// match it (a 401 "Internal Server Error" has been seen), so it is not used.
func (d domoError) status() int {
	s, _ := model.JSONText(d.Status)
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 100 || n > 599 {
		return 0
	}
	return n
}

// errorText is what an error body says went wrong, without a Java class
// name in front, and Domo's trace id ("toe"), which Domo's support asks for.
func (s *Source) errorText(d domoError) string {
	var msg string
	for _, raw := range [...]json.RawMessage{d.Message, d.ErrorDescription, d.Error, d.StatusReason} {
		if t, _ := model.JSONText(raw); strings.TrimSpace(t) != "" {
			msg = s.http.Quote(stripJavaClass(strings.TrimSpace(t)), 200)
			break
		}
	}
	if toe, _ := model.JSONText(d.Toe); toe != "" && msg != "" {
		msg += " (Domo trace id " + s.http.Quote(toe, 40) + ")"
	}
	return msg
}

// redact removes every credential from an error's text (the client id and
// secret, their Basic form, every access token), in case Domo or a proxy
// echoed one back. Provider text is redacted before it is shortened as well
// (Client.Quote); this is the last line.
func (s *Source) redact(err error) error { return s.http.RedactError(err) }

// stripJavaClass turns "com.domo.x.UnauthorizedException: Full
// authentication is required" into "Full authentication is required".
func stripJavaClass(s string) string {
	head, rest, ok := strings.Cut(s, ": ")
	if !ok || rest == "" || strings.ContainsAny(head, " \t") || !strings.Contains(head, ".") ||
		!(strings.HasSuffix(head, "Exception") || strings.HasSuffix(head, "Error")) {
		return s
	}
	return rest
}

// newError builds an error of this source. Message and hint must not hold a
// credential; redact makes sure of it where provider text is involved.
func (s *Source) newError(kind error, status int, msg, hint string) *sources.Error {
	return &sources.Error{Kind: kind, Provider: "domo", Status: status, Message: msg, Hint: hint}
}

// apiError turns a failing /v1/audit response, with Domo's error object or
// without, into an error whose kind follows from the status.
func (s *Source) apiError(status int, header http.Header, de domoError) error {
	// An error reported in the body of a 200 is classified by the body's
	// status; the HTTP status stays what it was.
	judged := status
	if bs := de.status(); bs >= 400 && status < 400 {
		judged = bs
	}
	kind := classify(judged)
	msg := s.errorText(de)
	if msg == "" {
		msg = defaultMessage(kind, judged)
	}
	e := s.newError(kind, status, msg, s.hint(kind, judged, msg))
	if kind == sources.ErrRateLimited {
		e.RetryAfter = retryAfter(header.Get("Retry-After"), s.now())
	}
	return e
}

// nonJSONError reports a body that is not JSON, such as the HTML 406 page.
// The status still says most about what went wrong.
func (s *Source) nonJSONError(status int, header http.Header, msg string) error {
	kind := classify(status)
	if status >= 200 && status < 300 {
		kind = sources.ErrMalformed
	}
	e := s.newError(kind, status, msg, s.hint(kind, status, msg))
	if kind == sources.ErrRateLimited {
		e.RetryAfter = retryAfter(header.Get("Retry-After"), s.now())
	}
	return e
}

// classify picks the sentinel for a failed request from its status.
func classify(status int) error {
	switch {
	case status == http.StatusUnauthorized:
		return sources.ErrUnauthorized
	case status == http.StatusForbidden:
		return sources.ErrForbidden
	case status == http.StatusTooManyRequests:
		return sources.ErrRateLimited
	case status >= 500:
		return sources.ErrUnavailable
	case status >= 400:
		return sources.ErrBadQuery
	}
	return sources.ErrMalformed
}

// hint says what the user can do about a failed /v1/audit request.
func (s *Source) hint(kind error, status int, msg string) string {
	where := sources.Ref(s.name)
	switch kind {
	case sources.ErrUnauthorized:
		return fmt.Sprintf("Domo refused a fresh access token too: check client_id and client_secret of %s, and that the client still exists and has the audit scope (%s)%s",
			where, clientsPage, s.scopeNote())
	case sources.ErrForbidden:
		return fmt.Sprintf("the client of %s needs the audit scope, and its owner must be allowed to see the activity log (%s)%s", where, clientsPage, s.scopeNote())
	case sources.ErrRateLimited:
		return "Domo is limiting requests: wait a little before fetching more"
	case sources.ErrBadCursor:
		return "reload from the first page"
	case sources.ErrUnavailable:
		return "Domo is having trouble: try again in a minute"
	case sources.ErrMalformed:
		return malformedHint
	}
	switch {
	case status == http.StatusNotFound:
		return "check base_url: it should be Domo's API address, " + DefaultBaseURL + ", without /v1"
	case status == http.StatusNotAcceptable:
		return "the server would not answer in JSON: check that base_url is Domo's API (" + DefaultBaseURL + "), not a web page or proxy"
	case strings.Contains(strings.ToLower(msg), "user"):
		return "check the filter's actor: Domo takes a numeric user id"
	}
	return "check the filter's time range and actor"
}

// scopeNote adds the scopes Domo granted, when it said and they lack audit.
func (s *Source) scopeNote() string {
	scope, known := s.tokens.scope()
	switch {
	case !known || hasScope(scope, tokenScope):
		return ""
	case strings.TrimSpace(scope) == "":
		return "; the token Domo issued has no scopes at all"
	}
	return `; the token Domo issued has the scopes "` + s.http.Quote(scope, 80) + `", without audit`
}

// defaultMessage stands in when Domo gave no message of its own.
func defaultMessage(kind error, status int) string {
	return transport.DefaultMessage(kind, status, "Domo", "the access token", "the activity log")
}

// describeNonJSON names what came back instead of JSON: for an HTML page at
// most its title, never the page; a short plain answer in full. Quotes are
// written as they are, not escaped, so redact still finds a credential
// echoed in them.
func (s *Source) describeNonJSON(body []byte, contentType string) string {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if body[0] == '<' || strings.Contains(mediaType, "html") {
		msg := "the server sent an HTML page instead of JSON"
		if title := s.http.Title(body); title != "" {
			msg += ` (titled "` + title + `")`
		}
		return msg
	}
	msg := "the response is not JSON"
	if mediaType != "" && !strings.Contains(mediaType, "json") {
		msg = fmt.Sprintf("the server sent %s instead of JSON", transport.Clean(mediaType, 60))
	}
	// A short plain answer ("Bad client credentials") says what went wrong.
	if text := strings.Join(strings.Fields(string(body[:min(len(body), 400)])), " "); len(body) <= 200 && utf8.ValidString(text) {
		msg += `: "` + s.http.Quote(text, 120) + `"`
	}
	return msg
}

// retryAfter reads a Retry-After header: seconds or an HTTP date. More than
// a week is a clock out of step or a mistake, and reads as unknown.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 || n > 7*24*3600 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 && d <= 7*24*time.Hour {
			return d
		}
	}
	return 0
}

// clip shortens s to at most n bytes on a rune boundary, marking the cut.
func clip(s string, n int) string { return model.Clip(s, n) }
