package sources_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// liar answers every Fetch with an empty page and a fresh cursor to another,
// stating total pages (0 = none), as a hostile server did in issue 16.
type liar struct {
	total int
	calls int
}

func (l *liar) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	l.calls++
	return sources.Page{Next: "c" + strconv.Itoa(l.calls), Number: l.calls, Total: l.total}, nil
}

// sparse serves pages the query trimmed to nothing (the provider sent
// entries, none matched) before one that matches, as a rare actor over a
// long Canary log does.
type sparse struct {
	empty int // trimmed-empty pages before the match
	calls int
}

func (s *sparse) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	s.calls++
	if s.calls <= s.empty {
		return sources.Page{Next: "c" + strconv.Itoa(s.calls), Scanned: 100}, nil
	}
	ev := model.Event{ID: "match", Time: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}
	return sources.Page{Events: []model.Event{ev}, Scanned: 100}, nil
}

func TestWalkStopsOnEndlessEmptyPages(t *testing.T) {
	src := &liar{}
	err := sources.Walk(context.Background(), src, model.Query{}, fast, func([]model.Event) error { return nil })
	if !errors.Is(err, sources.ErrEndlessPaging) {
		t.Fatalf("walk ended with %v, want ErrEndlessPaging", err)
	}
	if src.calls != sources.MaxEmptyPages {
		t.Errorf("made %d requests, want %d", src.calls, sources.MaxEmptyPages)
	}
	if !strings.Contains(err.Error(), "empty pages") || !strings.Contains(err.Error(), "what was loaded is kept") {
		t.Errorf("error %q does not say what happened", err)
	}
}

func TestWalkStopsPastTheStatedPageCount(t *testing.T) {
	src := &liar{total: 5}
	err := sources.Walk(context.Background(), src, model.Query{}, fast, func([]model.Event) error { return nil })
	if !errors.Is(err, sources.ErrEndlessPaging) || !strings.Contains(err.Error(), "there are 5 pages") {
		t.Fatalf("walk ended with %v, want a stop past the stated 5 pages", err)
	}
	if src.calls != 6 {
		t.Errorf("made %d requests, want 6 (the page past the count, then stop)", src.calls)
	}
}

func TestWalkFollowsSparseFilteredPages(t *testing.T) {
	src := &sparse{empty: 3 * sources.MaxEmptyPages}
	got, err := sourcetest.Walked(context.Background(), src, model.Query{}, fast)
	if err != nil || len(got) != 1 {
		t.Fatalf("walk over %d trimmed-empty pages: %d events, %v; want the one match", src.empty, len(got), err)
	}
}

func TestPageGuardToleratesAGrowingLog(t *testing.T) {
	var g sources.PageGuard
	ev := []model.Event{{ID: "x"}}
	for n := 1; n <= 7; n++ {
		// Each page states one page more than the last: the log grows.
		if err := g.Check(n, sources.Page{Events: ev, Next: "more", Total: n + 1}); err != nil {
			t.Fatalf("page %d: %v", n, err)
		}
	}
	if err := g.Check(9, sources.Page{Events: ev, Next: "more", Total: 3}); err == nil {
		t.Error("page 9 with a cursor onwards, past every count stated (8), was let through")
	}
}

func TestPageGuardEmptyRunEndsOnAPageWithEvents(t *testing.T) {
	var g sources.PageGuard
	for i := 0; i < 3; i++ {
		for n := 1; n < sources.MaxEmptyPages; n++ {
			if err := g.Check(0, sources.Page{Next: "more"}); err != nil {
				t.Fatalf("run %d, empty page %d: %v", i, n, err)
			}
		}
		if err := g.Check(0, sources.Page{Events: []model.Event{{ID: "x"}}, Next: "more"}); err != nil {
			t.Fatal(err)
		}
	}
	for n := 1; n <= sources.MaxEmptyPages; n++ {
		if err := g.Check(0, sources.Page{Next: "more"}); err != nil {
			if n != sources.MaxEmptyPages {
				t.Fatalf("stopped after %d empty pages, want %d", n, sources.MaxEmptyPages)
			}
			return
		}
	}
	t.Fatal("never stopped")
}
