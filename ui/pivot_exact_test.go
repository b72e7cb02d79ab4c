package ui

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/internal/uitest"
	"github.com/trail-dev/trail/ui/list"
)

// lookalikeLog is a log whose actors contain one another, as the demo's
// do: root, adminROOT, root followed by an escape sequence, ROOT, and two
// actors known by numeric ids, one inside the other (123 and 41234).
// Newest first, one a minute.
func lookalikeLog(n int) []model.Event {
	type who struct{ name, id string }
	actors := []who{{"root", ""}, {"adminROOT", ""}, {"root\x1b]0;Canary Console\x07", ""}, {"ROOT", ""},
		{"eve", "123"}, {"dana", "41234"}, {"root", ""}, {"rootkit", ""}}
	evs := make([]model.Event, n)
	for i := range evs {
		a := actors[i%len(actors)]
		evs[i] = model.Event{
			ID: strconv.Itoa(n - i), Time: testNow.Add(-time.Duration(i) * time.Minute),
			Actor: a.name, ActorID: a.id, Action: "user_login", IP: "10.0.0." + strconv.Itoa(i%3+1),
			Raw: []byte(`{"id":` + strconv.Itoa(n-i) + `}`),
		}
	}
	return evs
}

// selectID moves the cursor onto the loaded event with id, fetching on.
func (d *driver) selectID(id string) {
	d.t.Helper()
	for i := 0; ; i++ {
		if e := d.m.selected(); e != nil && e.ID == id {
			return
		}
		if i > 10000 {
			d.t.Fatalf("event %s never came under the cursor", id)
		}
		d.send(keyMsg("j"))
		d.until("a page", func(m *Model) bool { return !m.feed.fetching() })
	}
}

// screenRow is the cursor's row on screen, counted from the list's top.
func (d *driver) screenRow() int {
	return list.RowOf(d.m.feed.window(), d.m.list.Cursor()) - d.m.list.Offset()
}

// Issue 14: `a` on a root row listed adminROOT and root\x1b]0;… rows too.
// A pivot is an equality; the cursor stays on the event pivoted from, on
// its row of the screen, even when the filtered list finds it pages in;
// backspace goes back to the same event on the same row.
func TestPivotOnActorIsExact(t *testing.T) {
	evs := lookalikeLog(400)
	d := newDriver(t, sourcetestMemoryPaged(evs, 10), 120, 40)
	d.until("first page", loaded(10))
	// Deep into the log: the 300th event, a root one, on page 30.
	from := evs[294]
	if from.Actor != "root" {
		t.Fatalf("fixture: event %s is %q", from.ID, from.Actor)
	}
	d.selectID(from.ID)
	row := d.screenRow()
	d.press("a")
	d.until("the pivot lands", func(m *Model) bool { return !m.feed.fetching() && m.landing == nil })
	if !d.m.query.ActorExact || d.m.query.Actor != "root" {
		t.Fatalf("the pivot's query is %+v", d.m.query)
	}
	d.requireScreen("actor = root")
	for _, e := range d.m.Loaded() {
		if e.Actor != "root" {
			t.Fatalf("the root pivot lists %q (event %s)", e.Actor, e.ID)
		}
	}
	if e := d.m.selected(); e == nil || e.ID != from.ID {
		t.Fatalf("after the pivot the cursor is on %+v, not event %s", d.m.selected(), from.ID)
	}
	if got := d.screenRow(); got != row {
		t.Errorf("the event pivoted from moved from row %d to row %d", row, got)
	}
	// Scroll elsewhere, then backspace: the same event, the same row.
	d.press("g")
	d.press("backspace")
	d.until("back", func(m *Model) bool { return !m.feed.fetching() && m.landing == nil })
	if !d.m.query.IsZero() {
		t.Fatalf("backspace left %+v", d.m.query)
	}
	if e := d.m.selected(); e == nil || e.ID != from.ID {
		t.Fatalf("after backspace the cursor is on %+v, not event %s", d.m.selected(), from.ID)
	}
	if got := d.screenRow(); got != row {
		t.Errorf("backspace put the event on row %d, not %d", got, row)
	}
}

// A numeric id never matches in part: a pivot on eve (id 123) does not
// list dana (id 41234), and neither does a typed actor filter of 123.
func TestPivotOnActorIDIsExact(t *testing.T) {
	evs := lookalikeLog(80)
	d := newDriver(t, sourcetestMemoryPaged(evs, 10), 120, 40)
	d.until("first page", loaded(10))
	d.selectID(evs[4].ID) // eve
	d.press("a")
	d.until("the pivot lands", func(m *Model) bool { return !m.feed.fetching() && m.landing == nil })
	d.requireScreen("actor = 123")
	d.requireScreen("filtered to actor eve (id 123)")
	if d.m.feed.events.Len() != 10 {
		t.Fatalf("the pivot on id 123 lists %d events, want eve's 10", d.m.feed.events.Len())
	}
	for _, e := range d.m.Loaded() {
		if e.ActorID != "123" {
			t.Fatalf("the pivot on id 123 lists %s (id %s)", e.Actor, e.ActorID)
		}
	}

	typed := newDriver(t, sourcetestMemoryPaged(evs, 10), 120, 40, func(o *Options) { o.Query = model.Query{Actor: "123"} })
	typed.until("typed filter", func(m *Model) bool { return m.feed.atEnd() && !m.feed.fetching() })
	for _, e := range typed.m.Loaded() {
		if e.ActorID != "123" {
			t.Fatalf("the typed filter 123 lists %s (id %s)", e.Actor, e.ActorID)
		}
	}
}

// A typed actor filter keeps matching part of the name, and says so.
func TestTypedActorFilterIsSubstring(t *testing.T) {
	evs := lookalikeLog(16)
	d := newDriver(t, sourcetestMemoryPaged(evs, 50), 120, 40, func(o *Options) { o.Query = model.Query{Actor: "root"} })
	d.until("typed filter", loaded(1))
	d.requireScreen("actor ~ root")
	names := map[string]bool{}
	for _, e := range d.m.Loaded() {
		names[e.Actor] = true
	}
	for _, want := range []string{"root", "adminROOT", "ROOT", "rootkit", "root\x1b]0;Canary Console\x07"} {
		if !names[want] {
			t.Errorf("the typed filter root misses %q", want)
		}
	}
	// Opened and applied unchanged after a pivot, the filter stays exact.
	d.press("F")
	d.until("cleared", func(m *Model) bool { return !m.feed.fetching() })
	d.press("a")
	d.until("pivot", func(m *Model) bool { return !m.feed.fetching() && m.landing == nil })
	d.press("f", "enter")
	if !d.m.query.ActorExact {
		t.Errorf("the filter pane, applied unchanged, turned the pivot into %+v", d.m.query)
	}
}

// An insight row that names one event (off-hours, a new place) lands the
// cursor on that event, even pages into the filtered list; a tally row
// filters by equality, so "xalice" is not among alice's events.
func TestInsightRowLandsOnItsEvent(t *testing.T) {
	evs := append(uitest.InsightsFixture(), model.Event{Time: time.Date(2026, 11, 17, 8, 0, 0, 0, time.UTC), Actor: "xalice", Action: "user_login"})
	d := newDriver(t, sourcetestMemoryPaged(evs, 2), 120, 40)
	d.until("first page", loaded(2))
	d.press("s", "A")
	d.until("every page read", func(m *Model) bool { return m.insights != nil && !m.insights.Walking() })
	pick := func(label string) {
		t.Helper()
		d.press("g")
		for i := 0; cursorLabel(d.m.insights) != label; i++ {
			if i > d.m.insights.Len() {
				t.Fatalf("no insight row %q", label)
			}
			d.send(keyMsg("j"))
		}
		d.press("enter")
		d.until("landed", func(m *Model) bool { return !m.feed.fetching() && m.landing == nil })
	}
	pick("alice at 03:12")
	// alice's five events that day, newest first: the 03:12 one is last,
	// on the third page of two.
	e := d.m.selected()
	if e == nil || e.Time.Hour() != 3 || e.Time.Minute() != 12 {
		t.Fatalf("the off-hours row left the cursor on %+v", e)
	}
	d.requireScreen("actor = alice")
	// Back to the insights, as they were, and on to top actors/alice.
	d.press("backspace")
	d.until("back", func(m *Model) bool { return !m.feed.fetching() && m.landing == nil })
	if d.m.insights == nil || !strings.HasPrefix(d.m.insights.Scope(), "all 20 events") {
		t.Fatalf("backspace did not bring the insights back: %+v", d.m.insights)
	}
	pick("alice")
	d.until("all of alice", func(m *Model) bool { return m.feed.atEnd() || m.feed.events.Len() >= 13 })
	for _, e := range d.m.Loaded() {
		if e.Actor != "alice" {
			t.Fatalf("top actors/alice lists %q", e.Actor)
		}
	}
}

// Issue 14 item 12: closing the full-screen detail (enter, then enter, q or
// esc) leaves the list as it was: the same event, the same scroll offset.
func TestFullScreenDetailKeepsTheList(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		for _, closeKey := range []string{"enter", "q", "esc"} {
			_, src := memoryLog(300, 100)
			d := newDriver(t, src, size[0], size[1])
			d.until("first page", loaded(100))
			d.press("pgdown", "pgdown", "j", "j", "j")
			d.until("settled", func(m *Model) bool { return !m.feed.fetching() })
			cursor, offset := d.m.list.Cursor(), d.m.list.Offset()
			if offset == 0 {
				t.Fatalf("%dx%d: the list did not scroll", size[0], size[1])
			}
			d.press("enter")
			if !d.m.zoom {
				t.Fatalf("%dx%d: enter did not open the full-screen detail", size[0], size[1])
			}
			d.send(tea_size(size[0]+1, size[1])) // a resize meanwhile changes nothing either
			d.send(tea_size(size[0], size[1]))
			d.press(closeKey)
			if d.m.zoom {
				t.Fatalf("%dx%d: %s did not close the full-screen detail", size[0], size[1], closeKey)
			}
			if d.m.list.Cursor() != cursor || d.m.list.Offset() != offset {
				t.Errorf("%dx%d, closed with %s: cursor %d offset %d, was %d and %d",
					size[0], size[1], closeKey, d.m.list.Cursor(), d.m.list.Offset(), cursor, offset)
			}
		}
	}
}

// Issue 14 item 12: `/` says which match the cursor is on, and of how many.
func TestSearchSaysMatchKOfN(t *testing.T) {
	evs, src := memoryLog(100, 100)
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(100))
	n := 0
	for _, e := range evs {
		if e.Action == "user_login_failure" {
			n++
		}
	}
	d.press("/")
	d.typeText("login_failure")
	d.requireScreen("match 1 of " + common.Itoa(n)) // while typing
	d.press("enter")
	d.requireScreen("/login_failure match 1 of " + common.Itoa(n))
	d.press("n", "n")
	d.requireScreen("/login_failure match 3 of " + common.Itoa(n))
	d.press("N")
	d.requireScreen("/login_failure match 2 of " + common.Itoa(n))
	// Off the matches, the count alone.
	d.press("k")
	d.press("n")
	d.requireScreen("match 2 of " + common.Itoa(n))
}

// Issue 14 item 12: backspace on an empty search prompt leaves it, the
// cursor where the search began, as in less and vim.
func TestBackspaceOnAnEmptySearchLeavesIt(t *testing.T) {
	_, src := memoryLog(60, 100)
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(60))
	d.press("j", "j")
	d.press("/")
	d.typeText("bo")
	d.press("backspace", "backspace")
	if !d.m.search.Active() {
		t.Fatal("backspace on a search with text left the prompt")
	}
	d.press("backspace")
	if d.m.search.Active() {
		t.Fatal("backspace on an empty search prompt kept it open")
	}
	if d.m.list.Cursor() != 2 || !d.m.query.Equal(model.Query{}) || len(d.m.history) != 0 {
		t.Errorf("leaving the prompt: cursor %d, query %+v, history %d", d.m.list.Cursor(), d.m.query, len(d.m.history))
	}
	// The next backspace is the list's again (no earlier filter here).
	d.press("backspace")
	d.requireScreen("no earlier filter")
}
