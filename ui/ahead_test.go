package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui/filter"
)

// racing wraps a Memory, its Sizer and Predictor with it: it counts the
// fetches in flight at once, and can make a fetch that is sent while none
// is in flight wait longer (so a request ahead, sent while it travels,
// answers first) or the first fetch sent while another is in flight fail.
type racing struct {
	*sourcetest.Memory
	slowAlone time.Duration
	failAhead error

	mu       sync.Mutex
	flying   int
	most     int
	aheads   int
	failed   bool
	cursors  []string
	failedAt string // the cursor of the fetch failAhead failed
}

func (r *racing) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	return r.FetchSize(ctx, q, cursor, 0)
}

func (r *racing) FetchSize(ctx context.Context, q model.Query, cursor string, size int) (sources.Page, error) {
	r.mu.Lock()
	r.flying++
	r.most = max(r.most, r.flying)
	r.cursors = append(r.cursors, cursor)
	alone := r.flying == 1
	var fail error
	if !alone {
		r.aheads++
		if r.failAhead != nil && !r.failed {
			fail, r.failed, r.failedAt = r.failAhead, true, cursor
		}
	}
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.flying--
		r.mu.Unlock()
	}()
	if fail != nil {
		return sources.Page{}, fail
	}
	if alone && r.slowAlone > 0 {
		t := time.NewTimer(r.slowAlone)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return sources.Page{}, ctx.Err()
		}
	}
	return r.Memory.FetchSize(ctx, q, cursor, size)
}

// stats returns the most fetches in flight at once, how many were sent
// while another was in flight, and the cursors asked for.
func (r *racing) stats() (most, aheads int, cursors []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.most, r.aheads, slices.Clone(r.cursors)
}

// racingFast is pagingFast over a racing source whose pages cannot grow
// (largest = its own 100): only a second request can help.
func racingFast(t *testing.T, n int, latency time.Duration, set func(*racing)) (*driver, *racing, []model.Event, *time.Time) {
	t.Helper()
	evs := sourcetest.GenerateEvents(n, testNow, time.Second)
	mem := sourcetest.NewMemory(evs, 100)
	mem.SetMaxPageSize(100)
	mem.SetLatency(latency)
	src := &racing{Memory: mem}
	if set != nil {
		set(src)
	}
	now := testNow
	drv := newDriver(t, src, 120, 40, func(o *Options) { o.Now = func() time.Time { return now } })
	drv.until("first page", loaded(100))
	return drv, src, evs, &now
}

// requireOnce fails if a cursor was asked for twice: no request doubled.
func requireOnce(t *testing.T, cursors []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cursors {
		if seen[c] {
			t.Fatalf("cursor %q asked for twice (cursors %v)", c, cursors)
		}
		seen[c] = true
	}
}

// TestHeldPgDnKeepsASecondRequestInFlight: a held PgDn on a source whose
// pages cannot grow sends the page after the one in flight too; what is
// loaded is the log in order, nothing lost or repeated, and no page asked
// for twice.
func TestHeldPgDnKeepsASecondRequestInFlight(t *testing.T) {
	drv, src, evs, now := racingFast(t, 20_000, 200*time.Millisecond, nil)
	holdPgDn(drv, now, 40)
	most, aheads, cursors := src.stats()
	if most != 2 || aheads == 0 {
		t.Fatalf("at most %d fetches in flight at once, %d sent ahead; want 2 while paging fast", most, aheads)
	}
	requireRun(t, &drv.m, evs)
	requireOnce(t, cursors)
	if drv.m.feed.ahead != nil || drv.m.feed.aheadRes != nil {
		t.Error("a request ahead is left over with nothing in flight")
	}
}

// TestSlowPagingOneRequestAtATime: paging a screen a second, scrolling with
// j, or doing nothing never sends a second request.
func TestSlowPagingOneRequestAtATime(t *testing.T) {
	drv, src, evs, now := racingFast(t, 3_000, 200*time.Millisecond, nil)
	for range 12 {
		*now = now.Add(time.Second)
		drv.send(keyMsg("pgdown"))
		drv.settle()
	}
	for range 100 {
		*now = now.Add(100 * time.Millisecond)
		drv.send(keyMsg("j"))
	}
	drv.until("the last fetch", func(m *Model) bool { return !m.feed.fetching() })
	*now = now.Add(time.Minute)
	drv.settle()
	most, aheads, cursors := src.stats()
	if most != 1 || aheads != 0 {
		t.Fatalf("at most %d fetches in flight at once, %d sent ahead; want one at a time", most, aheads)
	}
	if len(cursors) != len(drv.m.feed.pages) {
		t.Errorf("%d fetches for %d pages loaded", len(cursors), len(drv.m.feed.pages))
	}
	requireRun(t, &drv.m, evs)
}

// TestPageAheadArrivingFirstWaitsItsTurn: when the page asked for ahead
// answers before the one before it, it waits and is taken in after it.
func TestPageAheadArrivingFirstWaitsItsTurn(t *testing.T) {
	drv, src, evs, now := racingFast(t, 20_000, 0, func(r *racing) { r.slowAlone = 250 * time.Millisecond })
	waited := 0
	for range 40 {
		*now = now.Add(33 * time.Millisecond)
		drv.send(keyMsg("pgdown"))
		end := time.Now().Add(60 * time.Millisecond)
		for time.Now().Before(end) {
			select {
			case msg := <-drv.msgs:
				drv.send(msg)
			case <-time.After(5 * time.Millisecond):
			}
			if drv.m.feed.aheadRes != nil {
				waited++
			}
		}
	}
	drv.until("the last fetch", func(m *Model) bool { return !m.feed.fetching() })
	if _, aheads, _ := src.stats(); aheads == 0 || waited == 0 {
		t.Fatalf("%d sent ahead, a page ahead waited %d times; the test needs pages arriving out of order", aheads, waited)
	}
	requireRun(t, &drv.m, evs)
	_, _, cursors := src.stats()
	requireOnce(t, cursors)
}

// TestPageAheadFailsRetryWorks: the second request fails; the pages before
// it stay, the error is said, and r fetches it again: the walk goes on
// with nothing lost or repeated.
func TestPageAheadFailsRetryWorks(t *testing.T) {
	boom := &sources.Error{Kind: sources.ErrUnavailable, Provider: "memory", Status: 503, Message: "the server had a moment"}
	drv, src, evs, now := racingFast(t, 20_000, 200*time.Millisecond, func(r *racing) { r.failAhead = boom })
	for range 60 {
		if drv.m.feed.err != nil {
			break
		}
		*now = now.Add(33 * time.Millisecond)
		drv.send(keyMsg("pgdown"))
		drv.settle()
	}
	drv.until("the fetches to end", func(m *Model) bool { return !m.feed.fetching() })
	if !errors.Is(drv.m.feed.err, sources.ErrUnavailable) {
		t.Fatalf("after the request ahead failed, the feed's error is %v", drv.m.feed.err)
	}
	before := drv.m.feed.events.Len()
	if before <= 100 {
		t.Fatalf("only %d events loaded before the failure", before)
	}
	requireRun(t, &drv.m, evs)
	drv.m.list.Move(drv.m.feed.window(), before-1) // the error row shows under the last event
	if s := drv.screen(); !strings.Contains(s, "the server had a moment") {
		t.Fatalf("the error is not said:\n%s", s)
	}
	_, _, asked := src.stats()
	drv.press("r")
	drv.until("the retry", func(m *Model) bool { return !m.feed.fetching() && m.feed.events.Len() > before })
	if drv.m.feed.err != nil {
		t.Fatalf("the retry failed: %v", drv.m.feed.err)
	}
	requireRun(t, &drv.m, evs)
	_, _, cursors := src.stats()
	if src.failedAt == "" || len(cursors) <= len(asked) || cursors[len(asked)] != src.failedAt {
		t.Errorf("the retry asked for %v; want the failed page's cursor %q", cursors[len(asked):], src.failedAt)
	}
}

// TestQueryChangeCancelsBothRequests: a new query while two requests are in
// flight cancels both, and neither's page gets into the new query's.
func TestQueryChangeCancelsBothRequests(t *testing.T) {
	drv, src, _, now := racingFast(t, 20_000, 200*time.Millisecond, nil)
	src.SetLatency(0) // the first page's 200 ms stays the feed's latency: fetches now wait at the gate only
	release := src.Hold()
	defer release()
	for range 30 {
		if drv.m.feed.ahead != nil {
			break
		}
		*now = now.Add(33 * time.Millisecond)
		drv.send(keyMsg("pgdown"))
		drv.settle()
	}
	if drv.m.feed.ahead == nil || drv.m.feed.inflight == nil {
		t.Fatal("never two requests in flight")
	}
	drv.press("f")
	drv.m.filter.SetValue(filter.FieldAction, "flock_move")
	drv.press("enter")
	if drv.m.query.Action != "flock_move" {
		t.Fatalf("filter not applied: %+v", drv.m.query)
	}
	drv.until("both fetches cancelled", func(m *Model) bool { return src.Canceled() == 2 })
	if drv.m.feed.ahead != nil {
		t.Error("the request ahead outlived the query")
	}
	release()
	drv.until("the filtered page", func(m *Model) bool { return m.feed.started() && !m.feed.fetching() })
	for _, e := range drv.m.Loaded() {
		if e.Action != "flock_move" {
			t.Fatalf("an event of a cancelled request got in: %+v", e)
		}
	}
}
