package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// G reaches the last event of the query, not the last loaded one, walking
// the pages of a source that cannot seek, with the loaded window kept to
// its size (issue 14: G was "last loaded").
func TestGWalksToTheEndOfTheQuery(t *testing.T) {
	d, evs := startOn(t, 1000, 120, 40, func(o *Options) { o.MaxEvents = 200 })
	d.press("G")
	d.until("the end", func(m *Model) bool { return m.feed.atEnd() && !m.feed.fetching() })
	if got := d.m.selected(); got == nil || got.ID != evs[len(evs)-1].ID {
		t.Fatalf("G selected %v, want the query's last event %s", got, evs[len(evs)-1].ID)
	}
	if n := d.m.feed.events.Len(); n > 200+50 {
		t.Errorf("the walk kept %d events loaded, over the window of 200", n)
	}
	if d.m.toEnd {
		t.Error("the walk did not end at the end")
	}
	if !strings.Contains(d.m.status.text, "1,000 events in all") {
		t.Errorf("status %q", d.m.status.text)
	}
	d.press("g")
	d.until("back at the top", func(m *Model) bool { return !m.feed.fetching() && m.feed.atStart() })
	if got := d.m.selected(); got == nil || got.ID != evs[0].ID {
		t.Errorf("g selected %v, want the first event", got)
	}
}

// While it walks the status line says which page and how many events, with
// the page count where the source gives one; esc stops it where it is and
// nothing more is fetched.
func TestGWalkShowsProgressAndEscStops(t *testing.T) {
	_, mem := memoryLog(1000, 50)
	src := &stalling{Memory: mem, serve: 4} // page 5 never comes
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(50))
	d.press("G")
	d.until("page 5 asked for", func(m *Model) bool { return len(m.feed.pages) == 4 && m.feed.fetching() })
	d.requireScreen("fetching page 5 of 20 · 200 events (esc stops)")
	d.requireScreen("esc stop the walk to the end") // the hint bar too: at 80 columns the status is cut
	d.press("esc")
	if d.m.toEnd || d.m.feed.fetching() {
		t.Fatal("esc did not stop the walk")
	}
	if !strings.Contains(d.m.status.text, "stopped walking to the end at page 4") {
		t.Errorf("status %q", d.m.status.text)
	}
	calls := src.calls.Load()
	time.Sleep(100 * time.Millisecond)
	d.settle()
	if got := src.calls.Load(); got != calls {
		t.Errorf("%d more fetches after esc", got-calls)
	}
	if last := d.m.list.Cursor(); last != d.m.feed.events.Len()-1 || d.m.feed.events.Len() != 200 {
		t.Errorf("cursor at %d of %d loaded, want the last of 200", last, d.m.feed.events.Len())
	}
}

// A rate limit on the way is waited out, and the walk goes on to the end.
func TestGWalkWaitsOutRateLimits(t *testing.T) {
	evs, src := memoryLog(300, 50)
	d := newDriver(t, src, 120, 40, func(o *Options) { o.Now = time.Now }) // the wait runs on the clock
	d.until("first page", loaded(50))
	src.FailNext(&sources.Error{Kind: sources.ErrRateLimited, Status: 429, RetryAfter: 20 * time.Millisecond})
	d.press("G")
	d.until("the end", func(m *Model) bool { return m.feed.atEnd() && !m.feed.fetching() })
	if got := d.m.selected(); got == nil || got.ID != evs[len(evs)-1].ID {
		t.Fatalf("G selected %v after a rate limit, want the last event", got)
	}
}

// sparseSource is a log whose first pages the query emptied (the provider
// sent entries, none matched: Scanned says so) before one match, as a rare
// actor over a long Canary log gives.
type sparseSource struct{ empty int }

func (s sparseSource) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	n, _ := strconv.Atoi(cursor)
	if n < s.empty {
		return sources.Page{Next: strconv.Itoa(n + 1), Scanned: 100}, nil
	}
	return sources.Page{Events: []model.Event{{ID: "the-match", Time: testNow}}, Scanned: 100}, nil
}

// Pages the query emptied do not count as a server paging without end: a
// sparse filter still finds its match, and G walks to it.
func TestSparsePagesAreNotEndlessPaging(t *testing.T) {
	d := newDriver(t, sparseSource{empty: 3 * sources.MaxEmptyPages}, 120, 40)
	d.until("the match", func(m *Model) bool { return m.feed.atEnd() && !m.feed.fetching() })
	if d.m.feed.err != nil || d.m.feed.events.Len() != 1 || d.m.feed.events.At(0).ID != "the-match" {
		t.Fatalf("after %d emptied pages: %d events, error %v", 3*sources.MaxEmptyPages, d.m.feed.events.Len(), d.m.feed.err)
	}
}

// At 80 columns the walk's status keeps the source's name on the left (its
// provider goes) and drops the walk's lesser words instead, whole (the hint
// bar says esc stops it).
func TestGWalkKeepsTheSourceAt80Columns(t *testing.T) {
	_, mem := memoryLog(1000, 50)
	src := &stalling{Memory: mem, serve: 4}
	d := newDriver(t, src, 80, 24)
	d.until("first page", loaded(50))
	d.m.status = statusMsg{}
	d.press("G")
	d.until("page 5 asked for", func(m *Model) bool { return len(m.feed.pages) == 4 && m.feed.fetching() })
	s := statusOf(d)
	if !strings.HasPrefix(s, " test  page 4 of 20") || !strings.Contains(s, "fetching page 5 of 20") || ansi.StringWidth(s) > 80 {
		t.Errorf("status during the walk at 80 columns: %q", s)
	}
	d.requireScreen("esc stop the walk to the end")
}
