package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/filter"
	"github.com/trail-dev/trail/ui/search"
)

func TestFirstPageLoadsAndDetailFollowsCursor(t *testing.T) {
	evs, src := memoryLog(250, 50)
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(50))
	if got := d.m.detail.Title(); got != "event "+evs[0].ID {
		t.Fatalf("detail shows %q, want event %s", got, evs[0].ID)
	}
	d.press("j", "j", "j")
	if d.m.list.Cursor() != 3 {
		t.Fatalf("cursor at %d after three j, want 3", d.m.list.Cursor())
	}
	d.requireScreen("event " + evs[3].ID)
	d.requireScreen(evs[3].Summary)
	d.press("k")
	d.requireScreen("event " + evs[2].ID)
	if src.Calls() != 1 {
		t.Errorf("moving near the top fetched %d pages, want only the first", src.Calls())
	}
}

func TestLazyPagingFiresNearTheEnd(t *testing.T) {
	_, src := memoryLog(250, 50)
	d := newDriver(t, src, 120, 40) // about 20 list rows
	d.until("first page", loaded(50))
	// Well above the last screen: nothing more is fetched.
	for i := 0; i < 20; i++ {
		d.send(keyMsg("j"))
	}
	d.settle()
	if src.Calls() != 1 {
		t.Fatalf("cursor at %d of 50 fetched %d pages; want 1 (still more than a screen from the end)", d.m.list.Cursor(), src.Calls())
	}
	// Within a screen of the end: the next page comes in the background.
	for d.m.list.Cursor() < 50-d.m.list.RowsVisible() {
		d.send(keyMsg("j"))
	}
	d.until("second page", loaded(100))
	if src.Calls() != 2 {
		t.Errorf("fetched %d pages, want 2", src.Calls())
	}
	if got := src.Cursors()[1]; got != "mem:50" {
		t.Errorf("second fetch used cursor %q, want the first page's next", got)
	}
}

func TestBottomRepeatedlyLoadsEveryPage(t *testing.T) {
	d, evs := startOn(t, 230, 80, 24)
	d.pageUntil("G", 10, (*feed).atEnd)
	if !d.m.feed.atEnd() || d.m.feed.events.Len() != len(evs) {
		t.Fatalf("after G: %d of %d events, at end %v", d.m.feed.events.Len(), len(evs), d.m.feed.atEnd())
	}
	for i := range evs {
		if d.m.feed.events.At(i).ID != evs[i].ID {
			t.Fatalf("event %d is %s, want %s: pages out of order", i, d.m.feed.events.At(i).ID, evs[i].ID)
		}
	}
	d.press("G")
	d.requireScreen("end of log")
	if d.m.list.Cursor() != len(evs)-1 {
		t.Errorf("cursor at %d, want the last event", d.m.list.Cursor())
	}
}

func TestPageForwardAndBack(t *testing.T) {
	d, evs := startOn(t, 200, 120, 40)
	d.press("]")
	d.until("page 2", loaded(100))
	if d.m.list.Cursor() != 50 || d.m.feed.events.At(d.m.list.Cursor()).ID != evs[50].ID {
		t.Fatalf("after ] cursor on %d, want 50 (start of page 2)", d.m.list.Cursor())
	}
	d.requireScreen("page 2 of 4")
	d.press("]")
	d.until("page 3", func(m *Model) bool { return m.list.Cursor() == 100 })
	d.press("[")
	if d.m.list.Cursor() != 50 {
		t.Fatalf("after [ cursor on %d, want 50", d.m.list.Cursor())
	}
	d.requireScreen("page 2 of 4")
	d.press("[", "[")
	if d.m.list.Cursor() != 0 {
		t.Errorf("[ on the first page left the cursor on %d", d.m.list.Cursor())
	}
	d.requireScreen("this is the first page")
}

func TestStaleResultIsDropped(t *testing.T) {
	_, src := memoryLog(100, 50)
	release := src.Hold()
	d := newDriver(t, src, 120, 40)
	// The first request is held open; a filter applied now supersedes it.
	d.until("first fetch in flight", func(m *Model) bool { return src.Calls() == 1 })
	staleSeq := d.m.feed.seq
	d.press("f")
	d.typeText("") // the filter pane is open
	d.m.filter.SetValue(filter.FieldAction, "flock_move")
	d.press("enter")
	if d.m.query.Action != "flock_move" {
		t.Fatalf("filter not applied: %+v", d.m.query)
	}
	d.until("superseded fetch cancelled", func(m *Model) bool { return src.Canceled() == 1 })
	release()
	d.until("filtered page", func(m *Model) bool { return m.feed.started() && !m.feed.fetching() })
	for _, e := range d.m.Loaded() {
		if e.Action != "flock_move" {
			t.Fatalf("an event of the superseded, unfiltered request got in: %+v", e)
		}
	}
	// A late answer to the old request changes nothing.
	before := d.m.feed.events.Len()
	d.send(pageLoadedMsg{seq: staleSeq, page: sources.Page{Events: make([]evType, 3)}})
	if d.m.feed.events.Len() != before {
		t.Errorf("stale page was added: %d events, want %d", d.m.feed.events.Len(), before)
	}
}

func TestFailedPageKeepsRowsAndRetries(t *testing.T) {
	evs, src := memoryLog(150, 50)
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(50))
	src.FailNext(&sources.Error{Kind: sources.ErrUnavailable, Provider: "memory", Status: 502, Message: "bad gateway"})
	d.press("G")
	d.until("failure", func(m *Model) bool { return m.feed.err != nil })
	if d.m.feed.events.Len() != 50 {
		t.Fatalf("after a failed page %d events are loaded, want the 50 from before", d.m.feed.events.Len())
	}
	d.requireScreen("bad gateway")
	d.requireScreen("r retries")
	d.requireScreen(evs[49].Summary) // the loaded rows are still on screen
	// Moving does not hammer the failing provider.
	d.press("k", "j")
	if src.Calls() != 2 {
		t.Fatalf("moving after a failure fetched again: %d calls", src.Calls())
	}
	d.press("r")
	d.until("retried page", loaded(100))
	if d.m.feed.err != nil {
		t.Errorf("error still shown after a successful retry: %v", d.m.feed.err)
	}
}

func TestRateLimitWaitsThenRetries(t *testing.T) {
	_, src := memoryLog(100, 50)
	src.FailNext(&sources.Error{Kind: sources.ErrRateLimited, Provider: "memory", Status: 429, RetryAfter: 30 * time.Second})
	now := testNow
	d := newDriver(t, src, 120, 40, func(o *Options) { o.Now = func() time.Time { return now } })
	d.until("rate limit", func(m *Model) bool { return m.feed.err != nil })
	d.requireScreen("retrying in 30s")
	now = now.Add(31 * time.Second)
	d.send(retryTickedMsg{seq: d.m.feed.seq})
	d.until("retried page", loaded(50))
}

func TestFirstPageErrorSaysWhatToDo(t *testing.T) {
	_, src := memoryLog(10, 50)
	src.FailNext(&sources.Error{Kind: sources.ErrUnauthorized, Provider: "memory", Status: 401, Message: "Unauthorized", Hint: "check the token"})
	d := newDriver(t, src, 80, 24)
	d.until("failure", func(m *Model) bool { return m.feed.err != nil })
	d.requireScreen("Unauthorized")
	d.requireScreen("check the token")
	if !errors.Is(d.m.feed.err, sources.ErrUnauthorized) {
		t.Errorf("feed error %v lost its kind", d.m.feed.err)
	}
}

func TestSearchMovesToMatchesAndHighlights(t *testing.T) {
	d, evs := startOn(t, 100, 120, 40)
	d.press("/")
	d.typeText("#87)")
	want := -1
	for i, e := range evs[:50] {
		if strings.Contains(e.Summary, "#87)") {
			want = i
		}
	}
	if d.m.list.Cursor() != want {
		t.Fatalf("search moved the cursor to %d, want %d", d.m.list.Cursor(), want)
	}
	d.press("enter")
	d.requireScreen("/#87) match 1 of 1")
	d.press("esc")
	if d.m.search.Query() != "" {
		t.Errorf("esc kept the search %q", d.m.search.Query())
	}
	// n wraps through all failures.
	d.press("/")
	d.typeText("login_failure")
	d.press("enter")
	first := d.m.list.Cursor()
	d.press("n")
	if d.m.list.Cursor() <= first || d.m.feed.events.At(d.m.list.Cursor()).Action != "user_login_failure" {
		t.Errorf("n moved from %d to %d (%s)", first, d.m.list.Cursor(), d.m.feed.events.At(d.m.list.Cursor()).Action)
	}
	d.press("N")
	if d.m.list.Cursor() != first {
		t.Errorf("N went to %d, want back to %d", d.m.list.Cursor(), first)
	}
}

func TestCopyRawJSON(t *testing.T) {
	d, evs := startOn(t, 10, 120, 40)
	d.press("j", "y")
	if len(d.clipboard) != 1 || d.clipboard[0] != string(evs[1].Raw) {
		t.Fatalf("clipboard got %q, want the raw JSON of event %s", d.clipboard, evs[1].ID)
	}
	d.requireScreen("sent raw JSON of event " + evs[1].ID)
}

func TestResizeToTinyDoesNotPanic(t *testing.T) {
	d, _ := startOn(t, 120, 200, 50)
	for _, size := range [][2]int{{20, 6}, {1, 1}, {0, 0}, {21, 7}, {80, 24}, {30, 8}, {200, 50}} {
		d.send(tea_size(size[0], size[1]))
		_ = d.screen()
		d.press("j", "enter", "G", "esc", "f", "esc", "?", "?")
		_ = d.screen()
	}
}

func TestFilterPaneChoosesActionAndApplies(t *testing.T) {
	_, src := memoryLog(300, 50)
	d := newDriver(t, src, 120, 40, func(o *Options) {})
	d.m.filter.SetActions([]string{"user_login", "user_login_failure", "flock_move"})
	d.until("first page", loaded(50))
	d.press("f", "tab") // the query line → since
	d.typeText("2h")
	d.press("tab", "tab", "tab") // since → until → actor → action
	d.typeText("login")
	d.press("down", "down")
	if got := d.m.filter.Value(filter.FieldAction); got != "user_login_failure" {
		t.Fatalf("second choice for %q is %q, want user_login_failure", "login", got)
	}
	d.press("down")
	if got := d.m.filter.Value(filter.FieldAction); got != "user_login" {
		t.Fatalf("choices do not cycle: got %q", got)
	}
	d.press("up")
	d.requireScreen("user_login_failure")
	d.press("enter")
	want := testNow.Add(-2 * time.Hour)
	if !d.m.query.Since.Equal(want) || d.m.query.Action != "user_login_failure" {
		t.Fatalf("query after apply: %+v; want since %v and action user_login_failure", d.m.query, want)
	}
	d.until("filtered first page", func(m *Model) bool { return m.feed.started() && !m.feed.fetching() })
	for _, e := range d.m.Loaded() {
		if e.Action != "user_login_failure" || e.Time.Before(want) {
			t.Fatalf("event outside the filter: %+v", e)
		}
	}
	d.requireScreen("action = user_login_failure")
	// A bad time is refused with a message, and nothing is applied.
	d.press("f")
	d.press("ctrl+r", "tab")
	d.typeText("last tuesday")
	d.press("enter")
	d.requireScreen(`since:"last tuesday" ← not a time`)
	d.press("esc")
	if d.m.query.Action != "user_login_failure" {
		t.Errorf("cancelled filter changed the query: %+v", d.m.query)
	}
	d.press("F")
	d.until("unfiltered", loaded(50))
	if !d.m.query.IsZero() {
		t.Errorf("F left the query %+v", d.m.query)
	}
}

// panicky is a source with a bug.
type panicky struct{}

func (panicky) Fetch(context.Context, model.Query, string) (sources.Page, error) {
	panic("index out of range")
}

func TestPanicInSourceIsAnErrorNotACrash(t *testing.T) {
	d := newDriver(t, panicky{}, 100, 30)
	d.until("failure", func(m *Model) bool { return m.feed.err != nil })
	d.requireScreen("internal error while fetching")
}

func TestSecondSearchStartsEmpty(t *testing.T) {
	d, _ := startOn(t, 60, 120, 40)
	d.press("/")
	d.typeText("bob")
	d.press("enter", "/")
	if v := d.m.search.Typed(); v != "" {
		t.Fatalf("a new search starts with %q", v)
	}
	d.typeText("carol")
	d.press("enter")
	if d.m.search.Query() != "carol" {
		t.Errorf("search is %q, want carol", d.m.search.Query())
	}
}

// Typing in / never waits for a scan: Update returns at once and the result
// comes later; a newer keystroke supersedes an older scan's result.
func TestSearchRunsInTheBackground(t *testing.T) {
	_, src := memoryLog(120, 200)
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(120))
	d.press("/")
	next, cmd := d.m.Update(keyMsg("b"))
	d.m = next.(Model)
	if !d.m.search.Scanning() || cmd == nil {
		t.Fatal("a keystroke did not start a background scan")
	}
	old := d.m.search.Gen()
	next, _ = d.m.Update(keyMsg("o"))
	d.m = next.(Model)
	// The first scan's answer arrives late: it must not move the cursor.
	next, _ = d.m.Update(search.FoundMsg{Gen: old, Index: 77})
	d.m = next.(Model)
	if d.m.list.Cursor() == 77 {
		t.Fatal("a superseded scan moved the cursor")
	}
	d.typeText("b@")
	d.until("the scan for bob@", func(m *Model) bool { return !m.search.Scanning() })
	if e := d.m.selected(); e == nil || e.Actor != "bob@example.com" {
		t.Fatalf("search moved to %+v", e)
	}
}

func TestHelpScrollsWhenItDoesNotFit(t *testing.T) {
	d, _ := startOn(t, 10, 80, 24)
	d.press("?")
	d.requireScreen("↓ more")
	for i := 0; i < 30; i++ {
		d.send(keyMsg("j"))
	}
	d.requireScreen("quit")
	d.requireScreen("act")
	d.press("q")
	if d.m.showHelp {
		t.Fatal("q did not close the help")
	}
}
