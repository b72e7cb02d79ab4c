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
func (l *limiter) reserve() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.known {
		return 0
	}
	now := l.clock()
	if !now.Before(l.resetAt) {
		// The window is over; the next response describes the new one.
		l.known = false
		return 0
	}
	if l.remaining > l.limit/100 {
		l.remaining--
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

// retryAfter is how long a 429 says to wait: until the reset, or what a
// proxy's Retry-After says when the reset is missing, and at least a second
// so a skewed clock cannot make the retry a hammering loop; 0 if unknown.
func (l *limiter) retryAfter(h http.Header) time.Duration {
	now := l.clock()
	if resetAt, _, ok := resetTime(h, now); ok {
		return max(resetAt.Sub(now), time.Second)
	}
	if n, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After"))); err == nil && n > 0 {
		return time.Duration(min(n, 3600)) * time.Second
	}
	return 0
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

// do sends one GET through the rate limiter: it waits for the window to
// reset when the last response said few requests are left, and on a 429
// waits for the reset and tries again, up to maxRetries times. A wait longer
// than maxWait is not slept through but returned as ErrRateLimited, so the
// UI can count it down. The last 429 is returned as a response for
// decodeResponse to turn into an error.
func (s *Source) do(ctx context.Context, target string) (int, http.Header, []byte, error) {
	for attempt := 0; ; attempt++ {
		for {
			wait := s.limits.reserve()
			if wait <= 0 {
				break
			}
			if wait > s.maxWait {
				return 0, nil, nil, s.waitTooLong(wait)
			}
			if err := sources.Sleep(ctx, wait, "rate limit: waiting for reset"); err != nil {
				return 0, nil, nil, fmt.Errorf("intercom: waiting for the rate limit to reset: %w", err)
			}
		}
		status, header, body, err := s.get(ctx, target)
		if err != nil {
			return 0, nil, nil, err
		}
		s.limits.observe(header, s.limits.clock())
		if status != http.StatusTooManyRequests || attempt >= s.maxRetries {
			return status, header, body, nil
		}
		wait := s.limits.retryAfter(header)
		if wait <= 0 {
			wait = time.Second
		}
		if wait > s.maxWait {
			return status, header, body, nil
		}
		msg := fmt.Sprintf("rate limited: retry %d of %d at reset", attempt+1, s.maxRetries)
		if err := sources.Sleep(ctx, wait, msg); err != nil {
			return 0, nil, nil, fmt.Errorf("intercom: waiting for the rate limit to reset: %w", err)
		}
	}
}

// waitTooLong reports a rate-limit window that ends too far off to wait for
// inside one Fetch.
func (s *Source) waitTooLong(wait time.Duration) error {
	e := s.newError(sources.ErrRateLimited, 0,
		fmt.Sprintf("Intercom's rate limit resets in %s", wait.Round(time.Second)), s.hint(sources.ErrRateLimited, "", 0))
	e.RetryAfter = wait
	return e
}
