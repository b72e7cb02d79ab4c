package intercom

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// malformedHint is what to do about a response that is not an activity log.
const malformedHint = "check that base_url is Intercom's API host (https://api.intercom.io, https://api.eu.intercom.io or https://api.au.intercom.io), not a proxy or sign-in page, then try again"

// newError builds an error of this source. Message and hint must not hold
// the token; redact makes sure of it where provider text is involved.
func (s *Source) newError(kind error, status int, msg, hint string) *sources.Error {
	return &sources.Error{Kind: kind, Provider: "intercom", Status: status, Message: msg, Hint: hint}
}

// apiError turns an error.list, or a JSON body with a failing status, into
// an error whose kind follows from the code and then the status.
func (s *Source) apiError(status int, header http.Header, errs []apiErr, hadCursor bool) error {
	code := ""
	var texts []string
	for i, e := range errs {
		if i == 0 {
			code = e.code
		}
		if i < 3 {
			t := e.message
			if t == "" {
				t = e.code
			} else if e.code != "" {
				t = e.code + ": " + t
			}
			if t != "" {
				texts = append(texts, t)
			}
		}
	}
	kind := classify(status, code, strings.Join(texts, " "), hadCursor)
	msg := s.http.Quote(strings.Join(texts, "; "), 240)
	if msg == "" {
		msg = defaultMessage(kind, status)
	}
	e := s.newError(kind, status, msg, s.hint(kind, code, status))
	if kind == sources.ErrRateLimited {
		e.RetryAfter = s.limits.retryAfter(header)
	}
	return e
}

// nonJSONError reports a body that is not a JSON object. The status still
// says most about what went wrong; the body only describes it.
func (s *Source) nonJSONError(status int, header http.Header, msg string) error {
	kind := sources.ErrMalformed
	if transport.StatusNamesKind(status) {
		kind = classify(status, "", "", false)
	}
	e := s.newError(kind, status, msg, s.hint(kind, "", status))
	if kind == sources.ErrRateLimited {
		e.RetryAfter = s.limits.retryAfter(header)
	}
	return e
}

// classify picks the sentinel for a failed request: Intercom's error code
// first, then the status. parameter_not_found comes with a 404 in the docs,
// which must not be mistaken for a wrong address.
func classify(status int, code, text string, hadCursor bool) error {
	lower := strings.ToLower(text)
	switch {
	case code == "unauthorized", strings.HasPrefix(code, "token_"), status == http.StatusUnauthorized:
		return sources.ErrUnauthorized
	case code == "rate_limit_exceeded", status == http.StatusTooManyRequests:
		return sources.ErrRateLimited
	case code == "api_plan_restricted", code == "forbidden", status == http.StatusForbidden:
		return sources.ErrForbidden
	case code == "server_error", code == "service_unavailable", status >= 500:
		return sources.ErrUnavailable
	case hadCursor && (strings.Contains(lower, "starting_after") || strings.Contains(lower, "cursor")):
		return sources.ErrBadCursor
	}
	return sources.ErrBadQuery
}

// hint says what the user can do about an error, by Intercom's code where
// there is one.
func (s *Source) hint(kind error, code string, status int) string {
	switch {
	case code == "parameter_not_found":
		return "Intercom did not receive created_at_after, which trail always sends: check that base_url is Intercom's API host itself, " +
			"not a proxy that drops query strings; if it is, please report this as a bug"
	case code == "api_plan_restricted":
		return "this workspace's Intercom plan or this app's access does not include the admin activity log: ask a workspace admin to check the plan, " +
			"and that the app in Developer Hub may read admins"
	case code == "intercom_version_invalid", code == "version_invalid", strings.Contains(code, "version"):
		return fmt.Sprintf("set api_version of %s to a version Intercom accepts, like %q (1.0–1.4, 2.0–2.16, or Unstable)", sources.Ref(s.name), DefaultAPIVersion)
	}
	switch kind {
	case sources.ErrUnauthorized:
		return fmt.Sprintf("check the access token: \"token\" of %s (Intercom › Settings › Integrations › Developer Hub › your app › Authentication); "+
			"a token works only on its workspace's region, so base_url must be that region's host (US %s, EU https://api.eu.intercom.io, AU https://api.au.intercom.io)",
			sources.Ref(s.name), DefaultBaseURL)
	case sources.ErrForbidden:
		return "this token may not read the admin activity log: ask a workspace admin to check the app's permissions in Developer Hub and the workspace's plan"
	case sources.ErrRateLimited:
		return "Intercom allows each app a number of requests per 10 seconds, shared with the workspace's other private apps: " +
			"trail retries when the window resets; if this keeps happening, another app is using up the limit"
	case sources.ErrBadCursor:
		return "the page cursor is no longer valid: reload from the first page"
	case sources.ErrUnavailable:
		return "Intercom is having trouble: try again in a minute (https://www.intercomstatus.com)"
	case sources.ErrMalformed:
		return malformedHint
	}
	if status == http.StatusNotFound {
		return "check base_url: it should be Intercom's API host, like " + DefaultBaseURL + ", without a path; " +
			"some workspaces without the activity log API also answer 404"
	}
	return "Intercom refused the request's parameters: check the filter's time range; if it looks right, please report this as a bug"
}

// defaultMessage stands in when Intercom gave no message of its own.
func defaultMessage(kind error, status int) string {
	return transport.DefaultMessage(kind, status, "Intercom", "the access token", "the admin activity log")
}

// redact removes the token (in every form it could take: as sent, URL- and
// base64-encoded) from an error's text, in case Intercom or a proxy echoed
// it back in a message.
func (s *Source) redact(err error) error { return s.http.RedactError(err) }

// clip shortens s to at most n bytes on a rune boundary, marking the cut.
func clip(s string, n int) string { return model.Clip(s, n) }
