package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// scrollAll moves the cursor to the top and the bottom of the view until
// no more pages come either way, and returns the events loaded.
func (d *driver) scrollAll() []model.Event {
	d.t.Helper()
	quiet := func(m *Model) bool { return !m.feed.fetching() }
	for i := 0; i < 500; i++ {
		before := d.m.feed.events.Len()
		d.m.list.Move(d.m.feed.window(), 0)
		d.exec(d.m.afterMove())
		d.until("a page above", quiet)
		d.settle()
		d.m.list.Move(d.m.feed.window(), d.m.feed.events.Len()-1)
		d.exec(d.m.afterMove())
		d.until("a page below", quiet)
		d.settle()
		if d.m.feed.events.Len() == before && d.m.feed.atStart() && d.m.feed.atEnd() {
			return d.m.feed.events.Slice()
		}
	}
	d.t.Fatal("the view never ended")
	return nil
}

// TestGoToTime: @ and a time show the events around it, the cursor on the
// one nearest; scrolling up and down reaches every event of the query, in
// the log's order (newer above in a log newest first, older above in a
// file oldest first), once each; the top bar says where the view is, and
// esc comes back to the view before. For a source that pages one way
// (windows after the time) and one that seeks (a file), either way round.
func TestGoToTime(t *testing.T) {
	evs := sourcetest.GenerateEvents(400, testNow.Add(-time.Minute), 7*time.Minute)
	appended := slices.Clone(evs)
	slices.Reverse(appended)
	for _, tc := range []struct {
		name string
		log  []model.Event
		src  sources.Source
		says string
	}{
		{"one-way", evs, sourcetest.NewMemory(evs, 20), "newer events above, older below"},
		{"seeker", evs, sourcetest.Seekable{Memory: sourcetest.NewMemory(evs, 20)}, "newer events above, older below"},
		{"seeker oldest first", appended, sourcetest.Seekable{Memory: sourcetest.NewMemory(appended, 20)}, "older events above, newer below"},
		{"file", evs, fileLike{evs, 20}, "newer events above, older below"},
		{"file oldest first", appended, fileLike{appended, 20}, "older events above, newer below"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDriver(t, tc.src, 120, 40)
			d.until("first page", loaded(20))
			// Between events 259 (newer) and 260, nearer 260: 260 events
			// after the time, whole pages of the Seekable double (its
			// Prev cursors overlap at other offsets; a file's do not).
			at := evs[260].Time.Add(2 * time.Minute)
			goTo(d, at.Format("2006-01-02 15:04"))
			if e := d.m.selected(); e == nil || e.ID != evs[260].ID {
				t.Fatalf("the cursor is on %v, want event 260 (nearest the time)", e)
			}
			d.requireScreen("at " + at.Format("2006-01-02 15:04") + " UTC")
			if s := statusOf(d); !strings.Contains(s, tc.says) {
				t.Errorf("the status bar says %q, want %q", s, tc.says)
			}
			if row, half := d.screenRow(), d.m.list.RowsVisible()/2; row != half {
				t.Errorf("the event nearest the time is on row %d of the screen, want the middle (%d), newer events above it", row, half)
			}
			above := tc.log[slices.IndexFunc(tc.log, func(e model.Event) bool { return e.ID == evs[260].ID })-1]
			if i := d.m.list.Cursor(); i == 0 || d.m.feed.events.At(i-1).ID != above.ID {
				t.Fatalf("the event above the cursor is not %s, the one before it in the log", above.ID)
			}
			got := d.scrollAll()
			sourcetest.RequireIDs(t, "the view around the time, scrolled to both ends", got, tc.log)
			d.press("esc")
			d.until("back", func(m *Model) bool { return !m.feed.fetching() })
			if !d.m.atTime.IsZero() || strings.Contains(d.screen(), "at "+at.Format("2006-01-02 15:04")) {
				t.Fatalf("esc did not leave the view at the time:\n%s", d.screen())
			}
			if d.m.feed.pages[0].number != 1 {
				t.Errorf("back on page %d, want the first page", d.m.feed.pages[0].number)
			}
		})
	}
}

// fileLike reads a log as the file source does: each page is a run of
// size entries of the whole log, trimmed to the query (so pages before the
// first match are empty), forwards from the start or backwards from the
// end. Cursors are "f:OFFSET" (a page starting there) and "b:OFFSET" (one
// ending there).
type fileLike struct {
	evs  []model.Event
	size int
}

func (f fileLike) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	if cursor == "" {
		cursor = "f:0"
	}
	kind, off, _ := strings.Cut(cursor, ":")
	n, err := strconv.Atoi(off)
	if err != nil || n < 0 || n > len(f.evs) {
		return sources.Page{}, sources.ErrBadCursor
	}
	from, to := n, min(n+f.size, len(f.evs))
	if kind == "b" {
		from, to = max(n-f.size, 0), n
	}
	p := sources.Page{Events: sourcetest.Matching(f.evs[from:to], q), Scanned: to - from}
	if to < len(f.evs) {
		p.Next = "f:" + strconv.Itoa(to)
	}
	if from > 0 {
		p.Prev = "b:" + strconv.Itoa(from)
	}
	return p, ctx.Err()
}

func (f fileLike) Last(ctx context.Context, q model.Query) (sources.Page, error) {
	p, err := f.Fetch(ctx, q, "b:"+strconv.Itoa(len(f.evs)))
	p.Next = ""
	return p, err
}

// TestGoToTimeErrors: a time that does not read is said as it is typed,
// and enter on it goes nowhere.
func TestGoToTimeErrors(t *testing.T) {
	_, src := memoryLog(60, 20)
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(20))
	d.press("@")
	d.typeText("yesterdy")
	d.requireScreen(`time "yesterdy": use RFC 3339`)
	d.press("enter")
	if !d.m.timePrompt.Active() || !d.m.atTime.IsZero() {
		t.Fatal("enter on a bad time closed the prompt or went somewhere")
	}
	d.press("esc")
	if d.m.timePrompt.Active() {
		t.Fatal("esc did not close the prompt")
	}
}

// TestGoToTimeBackAfterTop: g leaves the view at a time for the top of the
// query; backspace comes back to it, the cursor again on the event nearest
// the time (not searching the pages below for the event g was pressed on).
func TestGoToTimeBackAfterTop(t *testing.T) {
	evs, src := memoryLog(2000, 20)
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(20))
	at := evs[150].Time.Add(time.Minute)
	goTo(d, at.Format(time.RFC3339))
	d.press("k", "k", "g")
	d.until("the top", settledAt)
	if !d.m.atTime.IsZero() || d.m.feed.pages[0].number != 1 {
		t.Fatal("g did not leave the view at the time for the top of the query")
	}
	calls := src.Calls()
	d.press("backspace")
	d.until("back at the time", settledAt)
	if n := src.Calls() - calls; n > 6 {
		t.Errorf("coming back took %d fetches; the pages around the time take a few", n)
	}
	if e := d.m.selected(); d.m.atTime.IsZero() || e == nil || e.ID != evs[150].ID || d.m.landing != nil {
		t.Fatalf("backspace: at %v, cursor on %v, landing %v; want the view at the time on event 150", d.m.atTime, e, d.m.landing)
	}
}

// settledAt is true once a view at a time has come: nothing fetching,
// no time pending.
func settledAt(m *Model) bool { return !m.feed.fetching() && !m.atPending }

// goTo types a time after @ and waits for the view at it.
func goTo(d *driver, at string) {
	d.t.Helper()
	d.press("@")
	d.typeText(at)
	d.press("enter")
	d.until("the view at the time", settledAt)
}

// TestGoToTimeBackSaysWhereItGoes: esc after @ comes back to the view
// before the time with the same filter, and says so; it says nothing of a
// previous filter, which was never left. backspace after g says it comes
// back to the time.
func TestGoToTimeBackSaysWhereItGoes(t *testing.T) {
	evs, src := memoryLog(600, 20)
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(20))
	settled := func(m *Model) bool { return !m.feed.fetching() && !m.atPending }
	at := evs[150].Time.Add(time.Minute)
	d.press("@")
	d.typeText(at.Format(time.RFC3339))
	d.press("enter")
	d.until("the view at the time", settled)
	d.press("g")
	d.until("the top", settled)
	d.press("backspace")
	d.until("back at the time", settled)
	if s := statusOf(d); !strings.Contains(s, "back to "+at.Format("2006-01-02 15:04")) || strings.Contains(s, "filter") {
		t.Errorf("backspace to the time: the bar says %q", s)
	}
	d.press("esc")
	d.until("back", settled)
	if s := statusOf(d); !strings.Contains(s, "back to the view before") || strings.Contains(s, "filter") {
		t.Errorf("esc from the time: the bar says %q", s)
	}
}
