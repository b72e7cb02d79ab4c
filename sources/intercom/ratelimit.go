package intercom

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// limiter tracks Intercom's rate-limit window from the X-RateLimit headers of
// every response, so a Source waits for the reset instead of earning a 429.
// One limiter serves every Fetch of a Source: the limit is per token.
type limiter struct {
	clock func() time.Time

	mu        sync.Mutex
	known     bool      // a response has told us about the current window
	limit     int       // requests allowed per window
	remaining int       // left in the window, less the requests sent since
	resetAt   time.Time // when the window resets, on our clock
	window    int64     // X-RateLimit-Reset as sent: the window's identity
}

func newLimiter(clock func() time.Time) *limiter { return &limiter{clock: clock} }

// reserve takes one request from the window, or says how long to wait for
// the next one. A floor of a hundredth of the limit is left to the other apps
// that share a workspace's limit.
func (l *limiter) reserve() time.Duration { return l.next(true) }

// hold is how long to hold the next request back: until the reset when no
// more than the floor left to other apps remains, else 0. It takes nothing.
func (l *limiter) hold() time.Duration { return l.next(false) }

// next is the wait before the next request, as reserve and hold say; take
// counts that request against the window (and forgets a window that is
// over), as reserve does.
func (l *limiter) next(take bool) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.known {
		return 0
	}
	now := l.clock()
	if !now.Before(l.resetAt) {
		// The window is over; the next response describes the new one.
		if take {
			l.known = false
		}
		return 0
	}
	if l.remaining > l.limit/100 {
		if take {
			l.remaining--
		}
		return 0
	}
	return l.resetAt.Sub(now)
}

// observe reads the rate-limit headers of a response received at received.
// Responses without them (a refused token) leave the state as it was. A
// response from an older window, overtaken by a newer one, is ignored.
func (l *limiter) observe(h http.Header, received time.Time) {
	remaining, err := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Remaining")))
	if err != nil {
		return
	}
	resetAt, window, ok := resetTime(h, received)
	if !ok {
		return
	}
	limit, err := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Limit")))
	if err != nil || limit < 0 {
		limit = 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.known && window < l.window:
		return
	case l.known && window == l.window:
		// The same window: other requests may have been counted since.
		remaining = min(remaining, l.remaining)
		resetAt = l.resetAt
	}
	l.known, l.limit, l.remaining, l.resetAt, l.window = true, limit, max(remaining, 0), resetAt, window
}

// retryAfter is how long a 429 says to wait, for ErrRateLimited; 0 if the
// response does not say.
func (l *limiter) retryAfter(h http.Header) time.Duration {
	d, _ := waitFor(h, l.clock())
	return d
}

// waitFor is how long a rate-limited response asks to wait: until the reset
// (measured against the response's Date), or what a proxy's Retry-After
// says (seconds or an HTTP date) when the reset is missing; at least a
// second, so a skewed clock cannot make the retry a hammering loop. It is
// not capped: the transport refuses a wait past [net] max_wait with an error
// that says how long the server asked for. ok is false when neither header
// says.
func waitFor(h http.Header, now time.Time) (d time.Duration, ok bool) {
	if resetAt, _, ok := resetTime(h, now); ok {
		return max(resetAt.Sub(now), time.Second), true
	}
	if d, ok := transport.RetryAfterHeader(&transport.Response{Header: h}, now); ok {
		return max(d, time.Second), true
	}
	return 0, false
}

// resetTime reads X-RateLimit-Reset as a time on our clock, and as sent,
// which names the window. It is Unix seconds on Intercom's clock, so when the
// response has a Date the wait is measured from that (both are whole
// seconds, so the wait errs long, never short) and our clock's skew does not
// matter. A small number is taken as seconds from now, as some APIs send it.
func resetTime(h http.Header, received time.Time) (at time.Time, window int64, ok bool) {
	reset, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64)
	if err != nil || reset < 0 {
		return time.Time{}, 0, false
	}
	switch {
	case reset < 1e9:
		at = received.Add(time.Duration(min(reset, 3600)) * time.Second)
		return at, at.Unix(), true
	case reset >= 1e11:
		reset /= 1000 // milliseconds
	}
	if date, err := http.ParseTime(h.Get("Date")); err == nil {
		return received.Add(time.Unix(reset, 0).Sub(date)), reset, true
	}
	return time.Unix(reset, 0), reset, true
}

// The transport does the waiting, through two hooks that read Intercom's
// headers into the limiter:
//
//   - pace, after every response, holds the next request back until the
//     window resets when the last response said few requests are left;
//   - rateLimitWait, after a 429, says how long to wait before trying again.
//
// Each wait is reported to the UI with a countdown. A wait longer than
// maxWait is not sat out: the 429 comes back as ErrRateLimited with
// RetryAfter, and do refuses up front to send a request into a window that
// resets later than that, so the UI counts down and r retries.

// pace is the transport's Options.Pace.
func (s *Source) pace(resp *transport.Response, now time.Time) time.Duration {
	s.limits.observe(resp.Header, now)
	return s.limits.hold()
}

// rateLimitWait is the transport's Options.Wait.
func (s *Source) rateLimitWait(resp *transport.Response, now time.Time) (time.Duration, bool) {
	s.limits.observe(resp.Header, now)
	return waitFor(resp.Header, now)
}

// do sends one GET of the activity log. It counts the request against the
// window; when the window is used up and resets further off than maxWait it
// returns ErrRateLimited without a request that could only earn a 429. A
// shorter wait is the transport's: the pace the last response set.
func (s *Source) do(ctx context.Context, target string) (int, http.Header, []byte, error) {
	if wait := s.limits.reserve(); wait > s.maxWait {
		if err := s.http.CheckWait(wait); err != nil {
			return 0, nil, nil, err // past [net] max_wait: no countdown to sit out
		}
		return 0, nil, nil, s.waitTooLong(wait)
	}
	return s.get(ctx, target)
}

// waitTooLong reports a rate-limit window that ends too far off to wait for
// inside one Fetch.
func (s *Source) waitTooLong(wait time.Duration) error {
	e := s.newError(sources.ErrRateLimited, 0,
		fmt.Sprintf("Intercom's rate limit resets in %s", wait.Round(time.Second)), s.hint(sources.ErrRateLimited, "", 0))
	e.RetryAfter = wait
	return e
}
