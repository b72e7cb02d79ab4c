package intercom

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// progressLog collects what Fetch reports while it waits.
type progressLog struct {
	mu   sync.Mutex
	seen []sources.Progress
}

func (p *progressLog) waits(prefix string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, pr := range p.seen {
		if strings.HasPrefix(pr.Message, prefix) && !pr.Until.IsZero() {
			n++
		}
	}
	return n
}

// statuses lists the status of each request the emulator answered.
func statuses(em *intercomemu.Emulator) []int {
	var out []int
	for _, r := range em.Requests() {
		out = append(out, r.Status)
	}
	return out
}

// TestWaitsForResetInsteadOf429: with two requests a second, a walk of five
// pages waits for X-RateLimit-Reset twice and never earns a 429. The
// emulator's clock moves to the next window only when the client reports
// its wait, so that a slow run (the race detector) cannot see a window
// change on its own between two requests and save the client a wait.
func TestWaitsForResetInsteadOf429(t *testing.T) {
	t.Parallel()
	clock := sourcetest.NewClock(testNow.Add(500 * time.Millisecond))
	em, src := startEmulator(t, intercomemu.Options{Events: 50, Seed: 3, RateLimit: 2, RateWindow: time.Second, Clock: clock.Now}, 10)
	var log progressLog
	ctx := sources.WithProgress(context.Background(), func(pr sources.Progress) {
		log.mu.Lock()
		log.seen = append(log.seen, pr)
		log.mu.Unlock()
		if !pr.Until.IsZero() {
			clock.Add(time.Second)
		}
	})
	cursor, pages := "", 0
	start := time.Now()
	for {
		page, err := src.Fetch(ctx, model.Query{}, cursor)
		if err != nil {
			t.Fatalf("page %d: %v", pages+1, err)
		}
		pages++
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if pages != 5 {
		t.Errorf("%d pages, want 5", pages)
	}
	for i, s := range statuses(em) {
		if s != http.StatusOK {
			t.Errorf("request %d answered %d; the client should have waited for the reset", i+1, s)
		}
	}
	if n := log.waits("intercom: pacing requests to stay within the rate limit"); n != 2 {
		t.Errorf("%d waits reported to the status line, want 2: %+v", n, log.seen)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("five requests at two a second took %v", d)
	}
	h := em.Requests()[0].Header
	if h.Get("Intercom-Version") != getVersion {
		t.Errorf("Intercom-Version %q not recorded", h.Get("Intercom-Version"))
	}
}

// TestRetriesAfter429: another client used up the window; the 429 is waited
// out until the reset and the request tried again. The emulator's clock
// moves to the next window when the client reports its wait.
func TestRetriesAfter429(t *testing.T) {
	t.Parallel()
	clock := sourcetest.NewClock(testNow.Add(500 * time.Millisecond))
	em, src := startEmulator(t, intercomemu.Options{Events: 5, RateLimit: 1, RateWindow: time.Second, Clock: clock.Now}, 10)
	// The other client: one request uses the window up.
	other := New(Config{Common: transport.Common{BaseURL: src.base.String(), Now: src.now}, Token: testToken})
	if _, err := other.Fetch(context.Background(), model.Query{}, ""); err != nil {
		t.Fatal(err)
	}
	var log progressLog
	ctx := sources.WithProgress(context.Background(), func(pr sources.Progress) {
		log.mu.Lock()
		log.seen = append(log.seen, pr)
		log.mu.Unlock()
		clock.Add(time.Second)
	})
	start := time.Now()
	page, err := src.Fetch(ctx, model.Query{}, "")
	if err != nil || len(page.Events) != 5 {
		t.Fatalf("after a 429: %d events, %v; want the page after a retry", len(page.Events), err)
	}
	if got := statuses(em); len(got) != 3 || got[1] != http.StatusTooManyRequests || got[2] != http.StatusOK {
		t.Errorf("statuses %v; want 200 (other client), 429, 200 (retry)", got)
	}
	if n := log.waits("intercom: rate limited, waiting"); n != 1 {
		t.Errorf("retry not reported to the status line: %+v", log.seen)
	}
	// Date and reset say the window ends in 0.5s; whole seconds make it 1s.
	if d := time.Since(start); d < time.Second {
		t.Errorf("retried after %v; want the wait until the reset", d)
	}
}

// TestRateLimitGivesUp: after its retries the client returns the 429 as
// ErrRateLimited with the wait, for the UI to count down.
func TestRateLimitGivesUp(t *testing.T) {
	t.Parallel()
	var n int
	var mu sync.Mutex
	srv := sourcetest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		mu.Unlock()
		now := time.Now()
		w.Header().Set("X-RateLimit-Limit", "167")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(now.Unix()+1, 10))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"type":"error.list","request_id":"r1","errors":[{"code":"rate_limit_exceeded","message":"Exceeded rate limit of 167 in 10_seconds"}]}`))
	}))
	src := New(Config{Common: transport.Common{BaseURL: srv.URL, Client: srv.Client(), Now: func() time.Time { return testNow }, HTTP: transport.Options{Backoff: time.Millisecond, RateLimitWaits: 1}}, Token: testToken})
	_, err := src.Fetch(context.Background(), model.Query{}, "")
	e := checks.Error(t, err, sources.ErrRateLimited, http.StatusTooManyRequests, "rate_limit_exceeded: Exceeded rate limit of 167 in 10_seconds", "trail retries")
	if e.RetryAfter < time.Second || e.RetryAfter > 3*time.Second {
		t.Errorf("RetryAfter %v; want the time to the reset", e.RetryAfter)
	}
	if n != 2 {
		t.Errorf("%d requests; want the first and one retry", n)
	}
}

// TestLongResetNotSlept: a reset minutes away is not waited out inside
// Fetch, before or after a request; the UI gets the wait to count down.
func TestLongResetNotSlept(t *testing.T) {
	reset := func() map[string]string {
		return map[string]string{"X-RateLimit-Limit": "167", "X-RateLimit-Remaining": "0",
			"X-RateLimit-Reset": strconv.FormatInt(time.Now().Unix()+300, 10), "Date": time.Now().UTC().Format(http.TimeFormat)}
	}
	src := startCanned(t, 429, "application/json", `{"type":"error.list","errors":[{"code":"rate_limit_exceeded","message":"slow down"}]}`, reset())
	start := time.Now()
	_, err := src.Fetch(context.Background(), model.Query{}, "")
	e := checks.Error(t, err, sources.ErrRateLimited, 429, "slow down")
	if e.RetryAfter < 290*time.Second || time.Since(start) > 2*time.Second {
		t.Errorf("RetryAfter %v after %v; want about 5 minutes, at once", e.RetryAfter, time.Since(start))
	}

	src = startCanned(t, 200, "application/json", `{"type":"activity_log.list","activity_logs":[]}`, reset())
	if _, err := src.Fetch(context.Background(), model.Query{}, ""); err != nil {
		t.Fatal(err)
	}
	_, err = src.Fetch(context.Background(), model.Query{}, "")
	e = checks.Error(t, err, sources.ErrRateLimited, 0, "resets in")
	if d, ok := sources.RetryAfter(err); !ok || d < 290*time.Second || e.RetryAfter != d {
		t.Errorf("RetryAfter = %v, %v; want about 5 minutes", d, ok)
	}
}

// TestWaitHonoursContext: a wait for the reset ends when the context does.
func TestWaitHonoursContext(t *testing.T) {
	src := startCanned(t, 200, "application/json", `{"type":"activity_log.list","activity_logs":[]}`, map[string]string{
		"X-RateLimit-Limit": "167", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(time.Now().Unix()+30, 10)})
	if _, err := src.Fetch(context.Background(), model.Query{}, ""); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := src.Fetch(ctx, model.Query{}, "")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 3*time.Second {
		t.Errorf("Fetch waiting for a reset = %v after %v; want DeadlineExceeded at once", err, time.Since(start))
	}
}

// TestConcurrentFetches share one limiter: parallel walks all finish, the
// few 429s of the first, blind requests retried.
func TestConcurrentFetches(t *testing.T) {
	t.Parallel()
	em, src := startEmulator(t, intercomemu.Options{Events: 30, Seed: 4, RateLimit: 4, RateWindow: time.Second, Next: intercomemu.NextStartingAfter}, 10)
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for range 3 {
		wg.Go(func() {
			cursor := ""
			for {
				page, err := src.Fetch(context.Background(), model.Query{}, cursor)
				if err != nil {
					errs <- err
					return
				}
				if cursor = page.Next; cursor == "" {
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	limited := 0
	for _, s := range statuses(em) {
		if s == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited > 3 {
		t.Errorf("%d answers were 429; once the limits are known the walks should wait instead", limited)
	}
}

func TestResetTime(t *testing.T) {
	received := time.Date(2026, 11, 17, 15, 4, 5, 300e6, time.UTC)
	serverNow := received.Add(-time.Hour).Truncate(time.Second) // a server clock an hour behind
	for _, tt := range []struct {
		reset, date string
		want        time.Duration // from received
		ok          bool
	}{
		{strconv.FormatInt(serverNow.Unix()+7, 10), serverNow.Format(http.TimeFormat), 7 * time.Second, true},
		{strconv.FormatInt(received.Unix()+4, 10), "", 4*time.Second - 300*time.Millisecond, true},
		{strconv.FormatInt((received.Unix()+4)*1000, 10), "", 4*time.Second - 300*time.Millisecond, true},
		{"9", "", 9 * time.Second, true},
		{"", "", 0, false},
		{"soon", "", 0, false},
		{"-5", "", 0, false},
	} {
		h := http.Header{}
		h.Set("X-RateLimit-Reset", tt.reset)
		if tt.date != "" {
			h.Set("Date", tt.date)
		}
		at, _, ok := resetTime(h, received)
		if ok != tt.ok || (ok && at.Sub(received) != tt.want) {
			t.Errorf("reset %q, date %q: %v, %v; want %v, %v", tt.reset, tt.date, at.Sub(received), ok, tt.want, tt.ok)
		}
	}
}

// TestLimiterState checks the bookkeeping: requests counted between
// responses, a floor left for other apps, late answers from an older window
// ignored.
func TestLimiterState(t *testing.T) {
	now := time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)
	l := newLimiter(func() time.Time { return now })
	header := func(limit, remaining int, reset time.Time) http.Header {
		h := http.Header{}
		h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
		h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
		h.Set("Date", now.Format(http.TimeFormat))
		return h
	}
	if l.reserve() != 0 {
		t.Fatal("an unknown window must not wait")
	}
	l.observe(header(1000, 12, now.Add(8*time.Second)), now)
	for range 5 {
		if w := l.hold(); w != 0 {
			t.Fatalf("hold with 12 left of 1000: %v, want none", w)
		}
	}
	free := 0
	for l.reserve() == 0 {
		free++
	}
	if free != 2 {
		t.Errorf("%d requests before waiting with 12 left of 1000; want 2, leaving 10 to other apps", free)
	}
	if w := l.reserve(); w != 8*time.Second {
		t.Errorf("wait %v, want the 8s to the reset", w)
	}
	if w := l.hold(); w != 8*time.Second {
		t.Errorf("hold %v, want the 8s to the reset", w)
	}
	l.observe(header(1000, 500, now.Add(-2*time.Second)), now) // a late answer from the window before
	if w := l.reserve(); w != 8*time.Second {
		t.Errorf("an older window's answer changed the state: wait %v", w)
	}
	l.observe(header(1000, 999, now.Add(8*time.Second)), now) // the same window, counted earlier
	if w := l.reserve(); w != 8*time.Second {
		t.Errorf("a stale count of the same window changed the state: wait %v", w)
	}
	now = now.Add(8 * time.Second)
	if w := l.reserve(); w != 0 {
		t.Errorf("after the reset: wait %v, want none", w)
	}
	l.observe(http.Header{}, now) // a 401 carries no headers
	if w := l.reserve(); w != 0 {
		t.Errorf("a response without headers made the client wait %v", w)
	}
}
