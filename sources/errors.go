package sources

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors. Providers wrap them (usually in an *Error) so callers can
// decide with errors.Is what to do: ask for new credentials, wait, start over.
var (
	// ErrUnauthorized: the credentials are missing, wrong or expired.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden: the credentials are valid but may not read the audit log
	// (a missing scope, a plan without the feature).
	ErrForbidden = errors.New("forbidden")
	// ErrRateLimited: the provider asked us to slow down; see RetryAfter.
	ErrRateLimited = errors.New("rate limited")
	// ErrBadCursor: the cursor is not one this source issued, or has expired.
	ErrBadCursor = errors.New("bad cursor")
	// ErrBadQuery: the provider refused the query's parameters.
	ErrBadQuery = errors.New("bad query")
	// ErrUnavailable: the provider failed (5xx) or could not be reached.
	ErrUnavailable = errors.New("provider unavailable")
	// ErrMalformed: the response could not be read (HTML instead of JSON, a
	// truncated body, wrong types).
	ErrMalformed = errors.New("malformed response")
	// ErrTooLarge: a response is larger than trail reads. It is a kind of
	// ErrMalformed, but asking again gets the same answer, so it is not
	// Transient: retrying a 64 MiB page only costs memory and time.
	ErrTooLarge = fmt.Errorf("%w: too large", ErrMalformed)
	// ErrWaitTooLong: the provider asked for a wait longer than the
	// configured ceiling ([net] max_wait). Not Transient: sitting out hours
	// looks like a hang; the user decides to try later.
	ErrWaitTooLong = errors.New("the provider asked for too long a wait")
)

// Error is a failed request, told so the user knows what went wrong and what
// to do. Message and Hint never contain a secret: providers build them from
// status codes and the provider's own error text, not from requests.
type Error struct {
	Kind       error         // one of the sentinels above
	Provider   string        // "canary", ...
	Status     int           // HTTP status, 0 if there was no response
	Message    string        // what went wrong
	Hint       string        // what to do about it; may be empty
	RetryAfter time.Duration // how long the provider asked us to wait; 0 = unknown
}

// Error returns "provider: message (HTTP 401); hint".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Provider != "" {
		b.WriteString(e.Provider)
		b.WriteString(": ")
	}
	msg := e.Message
	if msg == "" && e.Kind != nil {
		msg = e.Kind.Error()
	}
	b.WriteString(msg)
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Unwrap exposes the sentinel to errors.Is.
func (e *Error) Unwrap() error { return e.Kind }

// RetryAfter reports how long err says to wait before trying again, and
// whether err is a rate limit at all.
func RetryAfter(err error) (time.Duration, bool) {
	if !errors.Is(err, ErrRateLimited) {
		return 0, false
	}
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter, true
	}
	return 0, true
}

// Transient reports whether trying the same request again later may succeed:
// rate limits, provider failures, unreadable responses and timeouts, but not
// refused credentials, bad queries or a cancelled context.
func Transient(err error) bool {
	switch {
	case err == nil, errors.Is(err, context.Canceled), errors.Is(err, ErrTooLarge), errors.Is(err, ErrWaitTooLong):
		return false
	case errors.Is(err, ErrRateLimited), errors.Is(err, ErrUnavailable), errors.Is(err, ErrMalformed):
		return true
	case errors.Is(err, context.DeadlineExceeded):
		return true
	}
	return false
}

// PanicError turns what a recovered panic carried into an error for the
// status line or the part that failed: a bug in a source or a background job
// must not take the terminal down with it.
// during says when ("while fetching").
func PanicError(during string, v any) error {
	return fmt.Errorf("internal error %s (please report it): %v", during, v)
}
