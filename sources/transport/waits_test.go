package transport_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// hostile answers its first request 429 with the given header, and every
// later one 200, counting them.
func hostile(t *testing.T, name, value string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set(name, value)
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		ok(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// Every form of a server-told wait past the ceiling ends the request at once
// with an error that says how long, the ceiling, and what to do; forms that
// say nothing usable (negative, garbage, a date past) are retried through.
func TestServerToldWaitsHaveACeiling(t *testing.T) {
	now := time.Now()
	cases := []struct {
		name, header, value string
		want                string // in the error; "" = the request succeeds
	}{
		{"seconds", "Retry-After", "999999", "the server asked to wait 277h, more than max_wait 15m"},
		{"seconds overflow", "Retry-After", "9999999999999", "wait more than a year"},
		{"seconds past int64", "Retry-After", "99999999999999999999999", "wait more than a year"},
		{"seconds padded", "Retry-After", " 3600 ", "wait 1h, more than max_wait 15m"},
		{"HTTP date", "Retry-After", now.Add(30*24*time.Hour + 30*time.Minute).UTC().Format(http.TimeFormat), "wait 720h"},
		{"HTTP date past", "Retry-After", now.Add(-time.Hour).UTC().Format(http.TimeFormat), ""},
		{"negative", "Retry-After", "-5", ""},
		{"garbage", "Retry-After", "soon", ""},
		{"reset epoch far future", "X-RateLimit-Reset", "99999999999", "wait more than a year"},
		{"reset past int64", "X-RateLimit-Reset", "99999999999999999999999", "wait more than a year"},
		{"reset in a day", "X-RateLimit-Reset", itoa(now.Add(24*time.Hour + 30*time.Minute).Unix()), "wait 24h"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, n := hostile(t, tc.header, tc.value)
			c := transport.New(transport.Options{Provider: "test", Backoff: time.Millisecond, Wait: waitEither})
			resp, err := get(t, c, context.Background(), srv.URL)
			if tc.want == "" {
				if err != nil || resp.Status != 200 || n.Load() != 2 {
					t.Fatalf("got %v, %v after %d requests; want the retry to succeed", resp, err, n.Load())
				}
				return
			}
			if err == nil {
				t.Fatalf("got HTTP %d, want an error", resp.Status)
			}
			msg := err.Error()
			if !errors.Is(err, sources.ErrWaitTooLong) || sources.Transient(err) || !strings.Contains(msg, tc.want) ||
				!strings.Contains(msg, "raise [net] max_wait") || n.Load() != 1 {
				t.Errorf("after %d requests: %v; want a final error with %q", n.Load(), err, tc.want)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A pace past the ceiling (a response saying the budget is spent until a
// far-off reset) fails the next request without sending it.
func TestPacePastTheCeilingIsAnError(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1); ok(w, r) }))
	defer srv.Close()
	c := transport.New(transport.Options{Provider: "test", Pace: func(*transport.Response, time.Time) time.Duration { return 200 * time.Hour }})
	if _, err := get(t, c, context.Background(), srv.URL); err != nil {
		t.Fatal(err)
	}
	_, err := get(t, c, context.Background(), srv.URL)
	if !errors.Is(err, sources.ErrWaitTooLong) || !strings.Contains(err.Error(), "rate limit resets in 199h") || n.Load() != 1 {
		t.Errorf("after %d requests: %v", n.Load(), err)
	}
}

// The ceiling is the configured one ([net] max_wait reaches it as
// sources.Env.MaxWait), and the message names it.
func TestWaitCeilingIsConfigurable(t *testing.T) {
	srv, _ := hostile(t, "Retry-After", "3")
	c := transport.New(transport.EnvOptions(sources.Env{MaxWait: 2 * time.Second}))
	_, err := get(t, c, context.Background(), srv.URL)
	if !errors.Is(err, sources.ErrWaitTooLong) || !strings.Contains(err.Error(), "wait 3s, more than max_wait 2s") {
		t.Errorf("err = %v", err)
	}
}

// A wait the transport sits out is reported with its length.
func TestWaitIsReportedWithItsLength(t *testing.T) {
	srv, _ := hostile(t, "Retry-After", "1")
	c := transport.New(transport.Options{Provider: "test"})
	var got []sources.Progress
	ctx := sources.WithProgress(context.Background(), func(p sources.Progress) { got = append(got, p) })
	if _, err := get(t, c, ctx, srv.URL); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Until.IsZero() || !strings.Contains(got[0].Message, "rate limited, waiting 1s as the server asked") {
		t.Errorf("progress = %+v", got)
	}
}

// doSource is the smallest source over a Client, to walk as export does:
// a 429 that reaches it becomes ErrRateLimited with the server's wait, as
// every provider builds it.
type doSource struct {
	c   *transport.Client
	url string
}

func (s doSource) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	resp, err := s.c.Do(ctx, req)
	if err != nil {
		return sources.Page{}, err
	}
	if resp.Status == http.StatusTooManyRequests {
		d, _ := transport.RetryAfterHeader(resp, time.Now())
		return sources.Page{}, &sources.Error{Kind: sources.ErrRateLimited, RetryAfter: d}
	}
	return sources.Page{}, nil
}

// An export walk against a server asking for 277 hours, or sending 64 MiB
// pages, stops after one request with the transport's error instead of
// waiting (or fetching the same huge page again) six times.
func TestWalkStopsOnAWaitPastTheCeilingAndOnATooLargePage(t *testing.T) {
	var n atomic.Int32
	huge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Write([]byte(strings.Repeat("x", 4096)))
	}))
	defer huge.Close()
	for name, tc := range map[string]struct {
		url  string
		kind error
	}{
		"wait": {"", sources.ErrWaitTooLong},
		"size": {huge.URL, sources.ErrTooLarge},
	} {
		t.Run(name, func(t *testing.T) {
			count := &n
			if tc.url == "" {
				srv, c := hostile(t, "Retry-After", "999999")
				tc.url, count = srv.URL, c
			}
			src := doSource{c: transport.New(transport.Options{Provider: "test", MaxBody: 1024, Backoff: time.Millisecond}), url: tc.url}
			err := sources.Walk(context.Background(), src, model.Query{}, sources.WalkOptions{Backoff: time.Millisecond}, func([]model.Event) error { return nil })
			if !errors.Is(err, tc.kind) || count.Load() != 1 {
				t.Errorf("after %d requests: %v", count.Load(), err)
			}
		})
	}
}
