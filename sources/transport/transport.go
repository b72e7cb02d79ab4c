// Package transport is the one HTTP client setup every provider uses, so
// that every provider behaves the same on a bad network: bounded connect and
// request times, a cap on what is read, retries with jittered backoff after
// provider failures, timeouts and resets, waits on Retry-After and
// rate-limit reset headers, a pace where the provider publishes its limits,
// secrets removed from everything it says, and a debug log.
//
// Providers build requests and decode responses; Do does the rest.
package transport

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trail-dev/trail/sources"
)

// Options configures a Client. The zero value of every field is sensible.
type Options struct {
	// Provider names the provider in messages ("canary").
	Provider string
	// Client sends the requests; nil means a client with bounded connect,
	// TLS and header waits (Dialer below).
	Client *http.Client
	// Timeout bounds one attempt, from sending to the last byte read;
	// 0 means 60s.
	Timeout time.Duration
	// ConnectTimeout bounds connecting when Client is nil; 0 means 10s.
	ConnectTimeout time.Duration
	// MaxBody caps the bytes read from one response; 0 means 64 MiB.
	MaxBody int64
	// Attempts is how many times a request is sent after transient failures
	// (5xx, timeouts, resets, cut-off bodies); 0 means 3.
	Attempts int
	// Backoff is the first wait between attempts, doubled each time with
	// jitter, up to 10s; 0 means 500ms.
	Backoff time.Duration
	// MaxWait is the longest rate-limit wait Do sits out by itself; a longer
	// one is returned to the caller as the response. 0 means 90s.
	MaxWait time.Duration
	// WaitCeiling is the longest wait a server may ask for, in any header
	// (Retry-After, a rate-limit reset, a pace): a longer one ends the
	// request with a sources.ErrWaitTooLong error instead of a wait that
	// looks like a hang. Waits between MaxWait and WaitCeiling are the
	// caller's to sit out. It is [net] max_wait; 0 means DefaultWaitCeiling.
	WaitCeiling time.Duration
	// RateLimitWaits is how many rate-limit waits one request may sit out;
	// 0 means 5.
	RateLimitWaits int
	// Wait reads how long a rate-limited response asks to wait; nil means
	// the Retry-After header (seconds or an HTTP date).
	Wait func(resp *Response, now time.Time) (time.Duration, bool)
	// Pace says, from a response, how long to hold the next request back,
	// for providers that publish their remaining budget (Intercom).
	Pace func(resp *Response, now time.Time) time.Duration
	// Log receives one line per attempt; nil means no log. Everything it is
	// given has been through the Redactor.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// EnvOptions is the part of Options a configured source gets from its Env:
// the HTTP client, the timeouts, the wait ceiling and the debug log.
func EnvOptions(env sources.Env) Options {
	return Options{Client: env.Client, Timeout: env.Timeout, ConnectTimeout: env.ConnectTimeout, WaitCeiling: env.MaxWait, Log: env.Log}
}

// Resolve is the one place a provider's client settles its options:
// provider names it, and each field comes from the first of layers that
// sets it (a number above zero; a client, log, clock or function that is
// not nil). A client passes its Config.HTTP, then the Config's own fields
// (Client, MaxBody, Now), then its defaults; what no layer sets is left to
// New's defaults.
func Resolve(provider string, layers ...Options) Options {
	o := Options{Provider: provider}
	for _, l := range layers {
		o.Client = cmp.Or(o.Client, l.Client)
		o.Log = cmp.Or(o.Log, l.Log)
		o.Timeout = positive(o.Timeout, l.Timeout)
		o.ConnectTimeout = positive(o.ConnectTimeout, l.ConnectTimeout)
		o.MaxBody = positive(o.MaxBody, l.MaxBody)
		o.Attempts = positive(o.Attempts, l.Attempts)
		o.Backoff = positive(o.Backoff, l.Backoff)
		o.MaxWait = positive(o.MaxWait, l.MaxWait)
		o.WaitCeiling = positive(o.WaitCeiling, l.WaitCeiling)
		o.RateLimitWaits = positive(o.RateLimitWaits, l.RateLimitWaits)
		if o.Wait == nil {
			o.Wait = l.Wait
		}
		if o.Pace == nil {
			o.Pace = l.Pace
		}
		if o.Now == nil {
			o.Now = l.Now
		}
	}
	return o
}

// positive is a if it is above zero, else b.
func positive[T int | int64 | time.Duration](a, b T) T {
	if a > 0 {
		return a
	}
	return b
}

// DefaultWaitCeiling is WaitCeiling when none is set: long enough for any
// documented rate-limit window, short enough that a server asking for hours
// is told apart from a hang.
const DefaultWaitCeiling = sources.DefaultMaxWait

// Response is a response read in full (up to MaxBody).
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Client sends requests for one source. It is safe for concurrent use.
type Client struct {
	opts    Options
	secrets Redactor

	mu     sync.Mutex
	holdTo time.Time // Pace: no request before this
}

// New returns a client. What opts leaves unset takes the default each
// field of Options names, through Resolve, as a provider's own defaults do.
func New(opts Options) *Client {
	opts = Resolve(opts.Provider, opts, Options{
		Timeout: 60 * time.Second, ConnectTimeout: 10 * time.Second, MaxBody: 64 << 20,
		Attempts: 3, Backoff: 500 * time.Millisecond, MaxWait: 90 * time.Second,
		WaitCeiling: DefaultWaitCeiling, RateLimitWaits: 5, Wait: RetryAfterHeader, Now: time.Now,
	})
	if opts.Client == nil {
		opts.Client = defaultClient(opts.ConnectTimeout)
	}
	// A copy, so the redirect rule does not change a client others share.
	hc := *opts.Client
	hc.CheckRedirect = sameOrigin
	opts.Client = &hc
	return &Client{opts: opts}
}

// Options returns the client's options as New settled them: every default
// filled in.
func (c *Client) Options() Options { return c.opts }

// Secrets is the client's redactor: providers add their secrets to it.
func (c *Client) Secrets() *Redactor { return &c.secrets }

// Redact returns s without the client's secrets, for providers building
// messages from what the server said.
func (c *Client) Redact(s string) string { return c.secrets.String(s) }

// RedactError removes the client's secrets from err's text: the Message and
// Hint of a *sources.Error, or the whole text of any other error, keeping
// what errors.Is can see.
func (c *Client) RedactError(err error) error {
	if err == nil {
		return nil
	}
	var se *sources.Error
	if errors.As(err, &se) {
		se.Message, se.Hint = c.Redact(se.Message), c.Redact(se.Hint)
	}
	if msg := err.Error(); c.Redact(msg) != msg {
		return &redacted{err: err, msg: c.Redact(msg)}
	}
	return err
}

type redacted struct {
	err error
	msg string
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }

// Do sends req and reads the response, retrying transient failures and
// sitting out short rate-limit waits, reporting each wait to the UI through
// sources.ReportProgress. It returns the last response for the provider to
// decode when it is not a success (a 4xx, a 5xx after the last attempt, a
// 429 asking for a longer wait than MaxWait), and an error only when there is
// no response at all. The request must be safe to send twice (a GET, or a
// body the client can replay through GetBody).
func (c *Client) Do(ctx context.Context, req *http.Request) (*Response, error) {
	if err := c.holdBack(ctx); err != nil {
		return nil, err
	}
	backoff := c.opts.Backoff
	attempt, limited := 1, 0
	for {
		start := c.opts.Now()
		resp, err := c.send(ctx, req)
		took := c.opts.Now().Sub(start)
		if err != nil {
			if ctx.Err() != nil {
				c.log(req, attempt, 0, took, 0, "cancelled")
				return nil, fmt.Errorf("%s: %w", c.opts.Provider, ctx.Err())
			}
			transient := isTransient(err)
			c.log(req, attempt, 0, took, 0, c.Redact(describe(err)))
			if !transient || attempt >= c.opts.Attempts {
				return nil, c.networkError(req, err, attempt)
			}
			if err := c.sleep(ctx, jitter(backoff), fmt.Sprintf("%s: %s; retrying (attempt %d of %d)", c.opts.Provider, shortReason(err), attempt+1, c.opts.Attempts), attempt); err != nil {
				return nil, err
			}
			backoff = min(backoff*2, 10*time.Second)
			attempt++
			continue
		}
		c.pace(resp)
		c.log(req, attempt, resp.Status, took, len(resp.Body), "")
		switch {
		case resp.Status == http.StatusTooManyRequests:
			wait, ok := c.opts.Wait(resp, c.opts.Now())
			if !ok {
				wait = jitter(backoff)
			}
			if wait > c.opts.WaitCeiling {
				return nil, c.waitTooLong(wait, resp.Status, "the server asked to wait")
			}
			if wait > c.opts.MaxWait || limited >= c.opts.RateLimitWaits {
				return resp, nil
			}
			limited++
			if err := c.sleep(ctx, wait, fmt.Sprintf("%s: rate limited, waiting %s as the server asked", c.opts.Provider, WaitText(wait)), 0); err != nil {
				return nil, err
			}
			continue
		case resp.Status >= 500 && attempt < c.opts.Attempts:
			if err := c.sleep(ctx, jitter(backoff), fmt.Sprintf("%s: HTTP %d; retrying (attempt %d of %d)", c.opts.Provider, resp.Status, attempt+1, c.opts.Attempts), attempt); err != nil {
				return nil, err
			}
			backoff = min(backoff*2, 10*time.Second)
			attempt++
			continue
		}
		return resp, nil
	}
}

// send makes one attempt: the request under its own timeout, the body read
// up to MaxBody. A body cut off mid-way is an error like a reset.
func (c *Client) send(ctx context.Context, req *http.Request) (*Response, error) {
	actx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	r := req.Clone(actx)
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	hr, err := c.opts.Client.Do(r)
	if err != nil {
		return nil, err
	}
	defer hr.Body.Close()
	body, err := io.ReadAll(io.LimitReader(hr.Body, c.opts.MaxBody+1))
	if err != nil {
		return nil, &cutOff{err: err, read: len(body)}
	}
	if int64(len(body)) > c.opts.MaxBody {
		return nil, &tooLarge{limit: c.opts.MaxBody, status: hr.StatusCode}
	}
	if hr.ContentLength > 0 && int64(len(body)) < hr.ContentLength {
		return nil, &cutOff{err: io.ErrUnexpectedEOF, read: len(body)}
	}
	return &Response{Status: hr.StatusCode, Header: hr.Header, Body: body}, nil
}

// holdBack waits out a pace set by an earlier response.
func (c *Client) holdBack(ctx context.Context) error {
	c.mu.Lock()
	until := c.holdTo
	c.mu.Unlock()
	d := until.Sub(c.opts.Now())
	if err := c.CheckWait(d); err != nil {
		return err
	}
	if d > 0 {
		return c.sleep(ctx, d, c.opts.Provider+": pacing requests to stay within the rate limit", 0)
	}
	return nil
}

func (c *Client) pace(resp *Response) {
	if c.opts.Pace == nil {
		return
	}
	if d := c.opts.Pace(resp, c.opts.Now()); d > 0 {
		c.mu.Lock()
		c.holdTo = c.opts.Now().Add(d)
		c.mu.Unlock()
	}
}

func (c *Client) sleep(ctx context.Context, d time.Duration, msg string, attempt int) error {
	sources.ReportProgress(ctx, sources.Progress{Until: c.opts.Now().Add(d), Attempt: attempt, Message: c.Redact(msg)})
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", c.opts.Provider, ctx.Err())
	case <-t.C:
		return nil
	}
}

// RetryAfterHeader reads Retry-After as seconds or an HTTP date. A number of
// seconds too large for a time.Duration is the longest Duration, never a
// wrapped-around one; a negative number or garbage is no answer (false).
func RetryAfterHeader(resp *Response, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if secs < 0 {
			return 0, false
		}
		return Seconds(secs), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// sameOrigin follows redirects only within the same scheme and host:
// providers send tokens in headers, which Go would forward to any host.
func sameOrigin(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("too many redirects")
	}
	if first := via[0].URL; req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		return http.ErrUseLastResponse
	}
	return nil
}

// defaultClient bounds each phase of a connection so a black-holed network
// fails instead of hanging; the whole exchange is bounded by Timeout.
func defaultClient(connect time.Duration) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = connect
	t.ResponseHeaderTimeout = 60 * time.Second
	return &http.Client{Transport: t}
}

// jitter spreads a wait over [d/2, d) so retries do not come in step.
func jitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2)
}

// ResetHeader returns a Wait that reads a rate-limit reset time given in
// Unix seconds by the named header (X-RateLimit-Reset).
func ResetHeader(name string) func(*Response, time.Time) (time.Duration, bool) {
	return func(resp *Response, now time.Time) (time.Duration, bool) {
		v, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get(name)), 10, 64)
		switch {
		case errors.Is(err, strconv.ErrRange) && v > 0:
			return maxDuration, true // past year 292 billion: longer than any ceiling
		case err != nil || v <= 0:
			return 0, false
		}
		return max(time.Unix(v, 0).Sub(now), 0), true // Sub saturates, never wraps
	}
}

const maxDuration = time.Duration(1<<63 - 1)

// Seconds is n seconds as a Duration, the longest Duration when n seconds
// would not fit (a server asking for 10^13 seconds), never a wrapped-around
// or negative one.
func Seconds(n int64) time.Duration {
	switch {
	case n <= 0:
		return 0
	case n > int64(maxDuration/time.Second):
		return maxDuration
	}
	return time.Duration(n) * time.Second
}

// WaitText writes a wait for people, cut (never rounded up) to two units at
// most: 277h, 1h30m, 15m, 1m30s, 40s; beyond a year, "more than a year".
func WaitText(d time.Duration) string {
	switch {
	case d >= 365*24*time.Hour:
		return "more than a year"
	case d >= 10*time.Hour:
		d = d.Truncate(time.Hour)
	case d >= time.Hour:
		d = d.Truncate(time.Minute)
	case d >= time.Second:
		d = d.Truncate(time.Second)
	default:
		d = d.Round(time.Millisecond)
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
