package sources_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

var fast = sources.WalkOptions{Backoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond}

func TestWalkDeliversEveryEventOnceInOrder(t *testing.T) {
	evs := sourcetest.GenerateEvents(95, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	src := sourcetest.NewMemory(evs, 10)
	var got []model.Event
	var pages []sources.WalkProgress
	opts := fast
	opts.Progress = func(p sources.WalkProgress) { pages = append(pages, p) }
	if err := sources.Walk(context.Background(), src, model.Query{}, opts, func(page []model.Event) error {
		got = append(got, page...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(evs) {
		t.Fatalf("walked %d events, want %d", len(got), len(evs))
	}
	for i := range evs {
		if got[i].ID != evs[i].ID {
			t.Fatalf("event %d is %s, want %s", i, got[i].ID, evs[i].ID)
		}
	}
	last := pages[len(pages)-1]
	if last.Pages != 10 || last.Events != 95 || last.Total != 10 {
		t.Errorf("last progress %+v, want 10 pages, 95 events, total 10", last)
	}
}

func TestWalkRetriesTransientFailures(t *testing.T) {
	evs := sourcetest.GenerateEvents(30, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	src := sourcetest.NewMemory(evs, 10)
	src.FailNext(
		&sources.Error{Kind: sources.ErrUnavailable, Status: 502},
		&sources.Error{Kind: sources.ErrRateLimited, Status: 429, RetryAfter: 5 * time.Millisecond},
		&sources.Error{Kind: sources.ErrMalformed, Message: "unexpected end of JSON input"},
		context.DeadlineExceeded,
	)
	var waits []string
	opts := fast
	opts.Progress = func(p sources.WalkProgress) {
		if !p.Until.IsZero() {
			waits = append(waits, p.Reason)
		}
	}
	evs, err := sourcetest.Walked(context.Background(), src, model.Query{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 30 {
		t.Errorf("walked %d events after retries, want 30", len(evs))
	}
	if len(waits) != 4 || !strings.Contains(waits[1], "rate limited") {
		t.Errorf("waits reported: %q", waits)
	}
}

func TestWalkGivesUpAndStops(t *testing.T) {
	src := sourcetest.NewMemory(sourcetest.GenerateEvents(5, time.Now(), time.Minute), 10)
	bad := &sources.Error{Kind: sources.ErrUnavailable, Status: 503}
	src.FailNext(bad, bad, bad)
	opts := fast
	opts.Attempts = 3
	err := sources.Walk(context.Background(), src, model.Query{}, opts, func([]model.Event) error { return nil })
	if !errors.Is(err, sources.ErrUnavailable) || !strings.Contains(err.Error(), "after 3 attempts") {
		t.Errorf("err = %v, want the provider error after 3 attempts", err)
	}

	src.FailNext(&sources.Error{Kind: sources.ErrUnauthorized, Status: 401})
	err = sources.Walk(context.Background(), src, model.Query{}, fast, func([]model.Event) error { return nil })
	if !errors.Is(err, sources.ErrUnauthorized) || src.Calls() != 4 {
		t.Errorf("unauthorized: err %v after %d calls; want no retry", err, src.Calls())
	}

	ctx, cancel := context.WithCancel(context.Background())
	src.FailNext(bad)
	opts.Backoff = time.Hour
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	err = sources.Walk(ctx, src, model.Query{}, opts, func([]model.Event) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled during backoff: %v", err)
	}
}

// looping is a source whose cursor never ends.
type looping struct{}

func (looping) Fetch(context.Context, model.Query, string) (sources.Page, error) {
	return sources.Page{Next: "same"}, nil
}

func TestWalkRefusesACursorLoop(t *testing.T) {
	err := sources.Walk(context.Background(), looping{}, model.Query{}, fast, func([]model.Event) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "same next-page cursor twice") {
		t.Errorf("err = %v, want a loop error", err)
	}
}

// A rate limit asking for longer than the walk's MaxWait ends the walk at
// once with ErrWaitTooLong, naming the wait and the ceiling, instead of
// sleeping for it (before, Walk slept whatever RetryAfter said: hours).
// Within the ceiling the wait is sat out; with no MaxWait the ceiling is
// DefaultMaxWait.
func TestWalkCapsTheProvidersWait(t *testing.T) {
	evs := sourcetest.GenerateEvents(10, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	for _, c := range []struct {
		max, asked time.Duration
		fails      bool
	}{
		{time.Minute, 277 * time.Hour, true},
		{0, sources.DefaultMaxWait + time.Second, true},
		{time.Second, time.Millisecond, false},
	} {
		src := sourcetest.NewMemory(evs, 10)
		src.FailNext(&sources.Error{Kind: sources.ErrRateLimited, Provider: "canary", Status: 429, RetryAfter: c.asked})
		opts := fast
		opts.MaxWait = c.max
		var waited []time.Time
		opts.Progress = func(p sources.WalkProgress) {
			if !p.Until.IsZero() {
				waited = append(waited, p.Until)
			}
		}
		err := sources.Walk(context.Background(), src, model.Query{}, opts, func([]model.Event) error { return nil })
		if !c.fails {
			if err != nil || len(waited) != 1 {
				t.Errorf("asked %v under max %v: %v, %d waits", c.asked, c.max, err, len(waited))
			}
			continue
		}
		if !errors.Is(err, sources.ErrWaitTooLong) || sources.Transient(err) || len(waited) != 0 ||
			!strings.HasPrefix(err.Error(), "canary: the provider asked to wait ") || !strings.Contains(err.Error(), "more than max_wait") {
			t.Errorf("asked %v over max %v: %v, %d waits", c.asked, c.max, err, len(waited))
		}
	}
}
