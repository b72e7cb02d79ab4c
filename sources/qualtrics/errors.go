package qualtrics

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// Hints shared by several errors.
const (
	malformedHint   = "check that base_url is your data center's API, like https://iad1.qualtrics.com/API/v3, not a proxy or sign-in page, then try again"
	rateHint        = "Qualtrics is limiting requests (about 3000 a minute for the whole brand): wait a little before fetching more"
	unavailableHint = "Qualtrics is having trouble: try again in a minute"
)

// metaInfo is what an envelope's meta says: the status it reports, a notice,
// and the error, if any.
type metaInfo struct {
	status        int // from httpStatus, "401 - Unauthorized"; 0 if absent
	notice        string
	hasError      bool
	code, message string
}

// readMeta reads an envelope's meta leniently; ok is false when there is no
// meta object at all.
func readMeta(raw json.RawMessage) (metaInfo, bool) {
	var m struct {
		HTTPStatus json.RawMessage `json:"httpStatus"`
		Notice     json.RawMessage `json:"notice"`
		Error      json.RawMessage `json:"error"`
	}
	if model.IsJSONNull(raw) || json.Unmarshal(raw, &m) != nil {
		return metaInfo{}, false
	}
	var info metaInfo
	if st, err := jsonText(m.HTTPStatus); err == nil {
		code, _, _ := strings.Cut(strings.TrimSpace(st), " ")
		info.status, _ = strconv.Atoi(code)
	}
	info.notice, _ = jsonText(m.Notice)
	if !model.IsJSONNull(m.Error) {
		info.hasError = true
		var e struct{ ErrorMessage, ErrorCode json.RawMessage }
		if json.Unmarshal(m.Error, &e) == nil {
			info.message, _ = jsonText(e.ErrorMessage)
			info.code, _ = jsonText(e.ErrorCode)
		} else {
			info.message, _ = jsonText(m.Error) // an error given as plain text
		}
	}
	return info, true
}

// newError builds an error of this source. Message and hint must not hold a
// secret; redact makes sure of it where provider text is involved.
func (s *Source) newError(kind error, status int, msg, hint string) *sources.Error {
	return &sources.Error{Kind: kind, Provider: "qualtrics", Status: status, Message: msg, Hint: hint}
}

// apiError turns an error envelope, or a JSON body with a failing status,
// into an error whose kind follows from the status and the error code.
func (s *Source) apiError(status int, header http.Header, m metaInfo, hadCursor bool) error {
	class := status
	if class >= 200 && class < 300 { // an error reported only in the body
		class = http.StatusBadRequest
		if m.status >= 400 {
			class = m.status
		}
	}
	code := strings.ToUpper(strings.TrimSpace(m.code))
	kind := classify(class, code, m.message, hadCursor)
	text := s.http.Quote(strings.TrimSpace(m.message), 200)
	if text == "" {
		text = defaultMessage(kind, class)
	}
	if c := s.http.Quote(strings.TrimSpace(m.code), 40); c != "" {
		text += " (" + c + ")"
	}
	hint := s.hint(kind, class, m.message)
	if code == "DCD_7" {
		text += fmt.Sprintf(": these credentials are not known in the data center base_url names (%s)", s.host)
		hint = s.dataCenterHint()
	}
	e := s.newError(kind, status, text, hint)
	if kind == sources.ErrRateLimited {
		e.RetryAfter = retryAfter(header.Get("Retry-After"), s.now())
	}
	return s.redact(e)
}

// nonJSONError reports a body that is not a JSON object. The status still
// says most about what went wrong; the body only describes it.
func (s *Source) nonJSONError(status int, header http.Header, msg string) error {
	kind := sources.ErrMalformed
	if transport.StatusNamesKind(status) {
		kind = classify(status, "", "", false)
	}
	e := s.newError(kind, status, msg, s.hint(kind, status, ""))
	if kind == sources.ErrRateLimited {
		e.RetryAfter = retryAfter(header.Get("Retry-After"), s.now())
	}
	return e
}

// redirectError reports a redirect that was not followed: to another host.
func (s *Source) redirectError(status int) error {
	return s.newError(sources.ErrBadQuery, status, "the server redirected the request to another address",
		"set base_url to the data center's own API address, like https://iad1.qualtrics.com/API/v3")
}

// classify picks the sentinel for a failed request from its status and the
// envelope's error code.
func classify(status int, code, msg string, hadCursor bool) error {
	m := strings.ToLower(msg)
	switch {
	case code == "DCD_7":
		return sources.ErrUnauthorized
	case status == http.StatusForbidden:
		return sources.ErrForbidden
	case status == http.StatusUnauthorized, strings.HasPrefix(code, "AUTH_"):
		return sources.ErrUnauthorized
	case status == http.StatusTooManyRequests:
		return sources.ErrRateLimited
	case status >= 500:
		return sources.ErrUnavailable
	case hadCursor && status < 500 && (m == "" || strings.Contains(m, "skiptoken") || strings.Contains(m, "skip token") ||
		strings.Contains(m, "page token") || strings.Contains(m, "nextpage")):
		return sources.ErrBadCursor
	}
	return sources.ErrBadQuery
}

// hint says what the user can do about an error of kind.
func (s *Source) hint(kind error, status int, msg string) string {
	switch kind {
	case sources.ErrUnauthorized:
		if s.oauth != nil {
			return fmt.Sprintf("check client_id and client_secret of %s, and that base_url names the OAuth client's data center", sourceRef(s.name))
		}
		return fmt.Sprintf("check the API token: \"token\" of %s (Account Settings › Qualtrics IDs › API), and that base_url names your data center", sourceRef(s.name))
	case sources.ErrForbidden:
		if s.oauth != nil {
			return fmt.Sprintf("the OAuth client needs the scope %s, and a user allowed to read the activity logs", scope)
		}
		return "the token's user may not read the activity logs: this usually needs a Brand Administrator's token"
	case sources.ErrRateLimited:
		return rateHint
	case sources.ErrBadCursor:
		return "the page token is no longer valid: reload from the first page"
	case sources.ErrUnavailable:
		return unavailableHint
	case sources.ErrMalformed:
		return malformedHint
	}
	switch m := strings.ToLower(msg); {
	case status == http.StatusNotFound:
		return "check base_url: it should end in /API/v3, like https://iad1.qualtrics.com/API/v3"
	case strings.Contains(m, "activitytype") || strings.Contains(m, "activity type"):
		return "choose an activity type Qualtrics lists: f, then tab to action and ↓ to choose"
	}
	return "check the filter: its activity type, actor and dates"
}

// dataCenterHint is what to do about DCD_7: use the brand's data center.
func (s *Source) dataCenterHint() string {
	h := "set base_url to your brand's data center: its Datacenter ID is under Account Settings › Qualtrics IDs, and base_url is https://<ID>.qualtrics.com/API/v3"
	if s.oauth != nil {
		return h + " (OAuth tokens work only in their own data center)"
	}
	return h + "; if it is right, check the token"
}

// defaultMessage stands in when the API gave no message of its own.
func defaultMessage(kind error, status int) string {
	return transport.DefaultMessage(kind, status, "Qualtrics", "the credentials", "the activity logs")
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 || n > 24*3600 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

// redact removes every secret this source holds (in every form it could
// take) from an error's text, in case the API or a proxy echoed one back.
func (s *Source) redact(err error) error { return s.http.RedactError(err) }

// clip shortens s to at most n bytes on a rune boundary, marking the cut.
func clip(s string, n int) string { return model.Clip(s, n) }
