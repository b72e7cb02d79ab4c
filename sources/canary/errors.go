package canary

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// malformedHint is what to do about a response that is not a Canary page.
const malformedHint = "check that base_url is your Canary console (https://EXAMPLE.canary.tools), not a proxy or sign-in page, then try again"

// newError builds an error of this source. Message and hint must not hold
// the token; redact makes sure of it where provider text is involved.
func (s *Source) newError(kind error, status int, msg, hint string) *sources.Error {
	return &sources.Error{Kind: kind, Provider: "canary", Status: status, Message: msg, Hint: hint}
}

// apiError turns a {"result":"error","message":...} body, or a JSON body with
// a failing status, into an error whose kind follows from both.
func (s *Source) apiError(status int, header http.Header, msg string, hadCursor bool) error {
	kind := classify(status, msg, hadCursor)
	text := s.http.Quote(strings.TrimSpace(msg), 200)
	if text == "" {
		text = defaultMessage(kind, status)
	}
	e := s.newError(kind, status, text, s.hint(kind, status, msg))
	if kind == sources.ErrRateLimited {
		e.RetryAfter = retryAfter(header.Get("Retry-After"), s.now())
	}
	return e
}

// nonJSONError reports a body that is not a JSON object. The status still
// says most about what went wrong; the body only describes it.
func (s *Source) nonJSONError(status int, header http.Header, msg string) error {
	kind := sources.ErrMalformed
	if transport.StatusNamesKind(status) {
		kind = classify(status, "", false)
	}
	e := s.newError(kind, status, msg, s.hint(kind, status, ""))
	if kind == sources.ErrRateLimited {
		e.RetryAfter = retryAfter(header.Get("Retry-After"), s.now())
	}
	return e
}

// classify picks the sentinel for a failed request. The console's messages
// come first, since its statuses are not documented; then the status.
func classify(status int, msg string, hadCursor bool) error {
	m := strings.ToLower(msg)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(m, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("auth_token", "auth token", "unauthori", "authenticat"), status == http.StatusUnauthorized:
		return sources.ErrUnauthorized
	case status == http.StatusTooManyRequests, has("rate limit", "too many requests", "throttl"):
		return sources.ErrRateLimited
	case status == http.StatusForbidden, has("forbidden", "permission"):
		return sources.ErrForbidden
	case has("cursor"):
		if has("limit", "after_id") {
			// A parameter that may not go with a cursor: starting over
			// would hit the same refusal, so it is the query that is wrong.
			return sources.ErrBadQuery
		}
		return sources.ErrBadCursor
	case status >= 500:
		return sources.ErrUnavailable
	case status == http.StatusBadRequest && hadCursor:
		return sources.ErrBadCursor
	}
	return sources.ErrBadQuery
}

// hint says what the user can do about an error of kind.
func (s *Source) hint(kind error, status int, msg string) string {
	switch kind {
	case sources.ErrUnauthorized:
		return fmt.Sprintf("check the API token: \"token\" of %s (Canary Console › Settings › API)", sources.Ref(s.name))
	case sources.ErrForbidden:
		return "this API key may not read the audit trail: check in Canary Console › Settings › API that the key still exists and is enabled (Admin, Analyst and Read-Only keys can all read it)"
	case sources.ErrRateLimited:
		return "the console is limiting requests: wait a little before fetching more"
	case sources.ErrBadCursor:
		return "the page cursor is no longer valid: reload from the first page"
	case sources.ErrUnavailable:
		return "the console is having trouble: try again in a minute"
	case sources.ErrMalformed:
		return malformedHint
	}
	switch m := strings.ToLower(msg); {
	case status == http.StatusNotFound:
		return "check base_url: it should be the console's address, like https://EXAMPLE.canary.tools, without /api/v1"
	case strings.Contains(m, "cursor"):
		return "trail sent a parameter this console refuses with a cursor: please report this as a bug"
	}
	return "check the filter: its action type, text and dates"
}

// defaultMessage stands in when the console gave no message of its own.
func defaultMessage(kind error, status int) string {
	return transport.DefaultMessage(kind, status, "the console", "the API token", "the audit trail")
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	d, _ := transport.RetryAfterHeader(&transport.Response{Header: http.Header{"Retry-After": {strings.TrimSpace(v)}}}, now)
	return d
}

// redact removes the token (in every form it could take) from an error's
// text, in case a console or proxy echoes it.
func (s *Source) redact(err error) error { return s.http.RedactError(err) }
