package ui

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui/common"
)

// With a small window, pages far behind the cursor are let go and fetched
// again, with the cursor that first fetched them, when the user goes back.
func TestWindowLetsPagesGoAndFetchesThemBack(t *testing.T) {
	evs, src := memoryLog(400, 50)
	d := newDriver(t, src, 120, 40, func(o *Options) { o.MaxEvents = 100 })
	d.until("first page", loaded(50))
	d.pageUntil("G", 12, (*feed).atEnd)
	if !d.m.feed.atEnd() {
		t.Fatal("never reached the end")
	}
	d.press("G")
	if n := d.m.feed.events.Len(); n > 150 {
		t.Fatalf("%d events loaded with a window of 100", n)
	}
	if d.m.feed.pages[0].number == 1 {
		t.Fatal("the first page is still loaded: nothing was let go")
	}
	sel := d.m.selected()
	if sel == nil || sel.ID != evs[len(evs)-1].ID {
		t.Fatalf("cursor is not on the last event after letting pages go: %+v", sel)
	}
	// Scrolling up to the top of the window: the row before says what is
	// missing, and the previous page is fetched.
	callsBefore := len(src.Cursors())
	for d.m.list.Cursor() >= d.m.list.RowsVisible() {
		d.send(keyMsg("pgup"))
	}
	d.until("previous page", func(m *Model) bool { return !m.feed.fetching() && len(src.Cursors()) > callsBefore })
	got := src.Cursors()[callsBefore]
	firstNow := d.m.feed.pages[0].number
	if want := "mem:" + common.Itoa((firstNow-1)*50); got != want {
		t.Errorf("previous page fetched with %q, want the cursor that first fetched page %d (%q)", got, firstNow, want)
	}
	// Keep going back to the very first page; order must be intact.
	d.pageUntil("[", 12, (*feed).atStart)
	if !d.m.feed.atStart() {
		t.Fatal("never got back to the first page")
	}
	d.press("g")
	d.until("top", func(m *Model) bool { return !m.feed.fetching() })
	if sel := d.m.selected(); sel == nil || sel.ID != evs[0].ID {
		t.Fatalf("top of the log is %+v, want event %s", sel, evs[0].ID)
	}
	for i := 1; i < d.m.feed.events.Len(); i++ {
		a, _ := atoiID(d.m.feed.events.At(i - 1).ID)
		b, _ := atoiID(d.m.feed.events.At(i).ID)
		if a != b+1 {
			t.Fatalf("events out of order or missing at %d: %d then %d", i, a, b)
		}
	}
	if strings.Contains(d.screen(), "earlier pages") {
		t.Error("at the first page the screen still says earlier pages are not loaded")
	}
}

func atoiID(s string) (int, bool) {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// g on a window that has let the first page go starts over from it.
func TestTopStartsOverWhenTheFirstPageIsGone(t *testing.T) {
	evs, src := memoryLog(400, 50)
	d := newDriver(t, src, 120, 40, func(o *Options) { o.MaxEvents = 100 })
	d.until("first page", loaded(50))
	d.pageUntil("G", 10, (*feed).atEnd)
	if d.m.feed.atStart() {
		t.Fatal("the first page was never let go")
	}
	d.press("g")
	d.until("first page again", func(m *Model) bool { return m.feed.atStart() && !m.feed.fetching() })
	if sel := d.m.selected(); sel == nil || sel.ID != evs[0].ID {
		t.Fatalf("g led to %+v, want the first event", sel)
	}
	if got := src.Cursors()[len(src.Cursors())-1]; got != "" {
		t.Errorf("g fetched with cursor %q, want the first page's", got)
	}
}

// G on a source that can seek goes straight to the end of the log, without
// walking it; scrolling back up then loads the pages before.
func TestBottomSeeksToTheEnd(t *testing.T) {
	evs, mem := memoryLog(1000, 50)
	src := sourcetest.Seekable{Memory: mem}
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(50))
	d.press("G")
	d.until("last page", func(m *Model) bool { return m.feed.fromEnd && !m.feed.fetching() })
	if sel := d.m.selected(); sel == nil || sel.ID != evs[len(evs)-1].ID {
		t.Fatalf("G led to %+v, want the last event", sel)
	}
	if calls := mem.Calls(); calls > 4 {
		t.Errorf("G made %d fetches; it should not walk the log", calls)
	}
	d.requireScreen("page 1 from the end")
	d.requireScreen("end of log")
	// Up through the whole log, a screen at a time: every event once, in order.
	for !d.m.feed.atStart() || d.m.list.Cursor() > 0 {
		d.send(keyMsg("pgup"))
		d.until("quiet", func(m *Model) bool { return !m.feed.fetching() })
	}
	got := d.m.Loaded()
	if len(got) != len(evs) {
		t.Fatalf("walked back to %d events, want %d", len(got), len(evs))
	}
	for i := range evs {
		if got[i].ID != evs[i].ID {
			t.Fatalf("event %d is %s, want %s", i, got[i].ID, evs[i].ID)
		}
	}
}

// bigLog is n events of about size bytes of raw JSON each, pageSize a page.
func bigLog(n, pageSize, size int) ([]model.Event, *sourcetest.Memory) {
	evs := sourcetest.GenerateEvents(n, testNow.Add(-time.Minute), 3*time.Minute)
	pad := strings.Repeat("x", size)
	for i := range evs {
		evs[i].Raw = json.RawMessage(`{"id":"` + evs[i].ID + `","pad":"` + pad + `"}`)
	}
	return evs, sourcetest.NewMemory(evs, pageSize)
}

// The loaded window is bounded by bytes too (issue 16.8: a few hundred
// big entries held gigabytes, the 200,000-event count never reached): a
// walk to the end over 64 KiB entries stays under MaxBytes, the cursor's
// event stays loaded, and pages let go are fetched back when scrolled to,
// the window still under the cap.
func TestWindowIsBoundedByBytes(t *testing.T) {
	evs, src := bigLog(400, 20, 64<<10) // a page is about 1.3 MB
	const maxBytes = 6 << 20
	d := newDriver(t, src, 120, 40, func(o *Options) { o.MaxBytes = maxBytes })
	d.until("first page", loaded(20))
	inWindow := func(when string) {
		t.Helper()
		if got := pageBytes(d.m.Loaded()); got != d.m.feed.bytes {
			t.Fatalf("%s: feed counts %d bytes, its events hold %d", when, d.m.feed.bytes, got)
		}
		if d.m.feed.bytes > maxBytes {
			t.Fatalf("%s: %d bytes loaded (%d events), over the cap of %d", when, d.m.feed.bytes, d.m.feed.events.Len(), maxBytes)
		}
	}
	for i := 0; i < 40 && !d.m.feed.atEnd(); i++ {
		d.press("G")
		d.until("page", func(m *Model) bool { return !m.feed.fetching() })
		inWindow("walking to the end")
	}
	if !d.m.feed.atEnd() || d.m.feed.pages[0].number == 1 {
		t.Fatalf("at end %v, first page loaded %d: nothing was let go", d.m.feed.atEnd(), d.m.feed.pages[0].number)
	}
	if sel := d.m.selected(); sel == nil || sel.ID != evs[len(evs)-1].ID {
		t.Fatalf("cursor is not on the last event: %+v", sel)
	}
	// Back up a page at a time: each page before is fetched again, the
	// cursor's event stays, and pages behind are let go.
	for range 6 {
		for d.m.list.Cursor() > 0 {
			d.send(keyMsg("pgup"))
		}
		want := d.m.selected().ID
		before := d.m.feed.pages[0].number
		d.send(keyMsg("up"))
		d.until("previous page", func(m *Model) bool { return !m.feed.fetching() })
		if d.m.feed.pages[0].number >= before {
			t.Fatalf("no page before %d was fetched", before)
		}
		inWindow("scrolling back")
		found := false
		for _, e := range d.m.Loaded() {
			found = found || e.ID == want
		}
		if !found {
			t.Fatalf("event %s, under the cursor before the fetch, was let go", want)
		}
	}
	if d.m.feed.atEnd() {
		t.Error("scrolling back let no page at the end go")
	}
}

// A page arriving at the cap costs the page, not the window (issue 21):
// the events already loaded are not copied when a page comes in and the
// oldest goes, nor when a page comes in before them: each stays where it
// was in memory. (The old window was one slice, copied on every trim.)
func TestPageArrivalDoesNotCopyTheWindow(t *testing.T) {
	f := newFeed(300, 0)
	page := func(from int) sources.Page {
		evs := make([]model.Event, 100)
		for i := range evs {
			evs[i].ID = strconv.Itoa(from + i)
		}
		return sources.Page{Events: evs, Next: "more", Prev: "back"}
	}
	for p := 0; p < 4; p++ {
		d := dirNext
		if p == 0 {
			d = dirFirst
		}
		if _, ok := f.begin(d); !ok {
			t.Fatalf("page %d: nothing to ask for", p)
		}
		f.add(page(p*100), 350)
	}
	if f.events.Len() != 300 || f.events.At(0).ID != "100" {
		t.Fatalf("window of %d from %s, want 300 from 100", f.events.Len(), f.events.At(0).ID)
	}
	held := f.events.At(150) // event 250
	f.begin(dirNext)
	if shift := f.add(page(400), 299); shift != -100 {
		t.Fatalf("shift %d, want -100", shift)
	}
	if f.events.At(50) != held || held.ID != "250" {
		t.Fatalf("event 250 moved in memory when a page came in at the cap")
	}
	f.begin(dirPrev)
	f.add(page(100), 0)
	if f.events.At(150) != held || f.events.At(0).ID != "100" {
		t.Fatalf("event 250 moved in memory when a page came in before it")
	}
	if got := f.hist.Slots(); got != 0 {
		t.Errorf("untimed events fill %d histogram slots", got)
	}
}

// The runtime's memory limit follows the window (issue 21: RSS grew by
// about twice what the events held): set to the window's bytes plus a
// fixed room as pages come, not on every page, and never when GOMEMLIMIT
// is the user's.
func TestMemoryLimitFollowsTheWindow(t *testing.T) {
	evs, src := bigLog(200, 20, 64<<10) // a page is about 1.3 MB
	var set []int64
	d := newDriver(t, src, 120, 40, func(o *Options) { o.MaxBytes = 16 << 20 })
	d.m.mem = memoryLimiter{set: func(n int64) int64 { set = append(set, n); return 0 }, last: -1}
	d.until("first page", loaded(20))
	d.pageUntil("]", 30, (*feed).atEnd)
	if len(set) < 2 || len(set) > 8 {
		t.Fatalf("the limit was set %d times over %d events: %v", len(set), len(evs), set)
	}
	last := set[len(set)-1]
	if got := d.m.feed.bytes + memorySlack; last > got+memoryStep || last < got-memoryStep {
		t.Errorf("the last limit is %d, want the window's %d bytes plus %d", last, d.m.feed.bytes, memorySlack)
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	if l := newMemoryLimiter(); !l.off {
		t.Error("a GOMEMLIMIT in the environment is overridden")
	}
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")
	if l := newMemoryLimiter(); l.off {
		t.Error("without GOMEMLIMIT the limit does not follow the window")
	}
}
