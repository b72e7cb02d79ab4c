package ui

import (
	"context"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// untilOnClient is a log whose server reads no time bound finer than a day,
// as Canary's: it pages from the newest event whatever the query's Until,
// and the client drops what is past it, so the pages before the first one
// under a time come back empty, each with a cursor to the next.
type untilOnClient struct{ *sourcetest.Memory }

func (s untilOnClient) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	until := q.Until
	q.Until = time.Time{}
	p, err := s.Memory.Fetch(ctx, q, cursor)
	if err != nil || until.IsZero() {
		return p, err
	}
	kept := p.Events[:0:0]
	for _, e := range p.Events {
		if e.Time.Before(until) {
			kept = append(kept, e)
		}
	}
	p.Scanned, p.Events = len(p.Events), kept
	return p, nil
}

// @ on a source whose first pages under the time come back trimmed empty
// (Canary: a day-granular end date, trimmed by trail) lands on the event
// nearest the time, which may be above it, not on the first event below:
// the empty pages came in (below) before the page above did, and the
// cursor landed with nothing above it yet (seen on the Canary emulator:
// @ 12:00 landed on 11:59:14 with 12:00:42 above it).
func TestGoToTimeLandsNearestPastEmptyPages(t *testing.T) {
	evs := sourcetest.GenerateEvents(400, testNow.Add(-time.Minute), 7*time.Minute)
	d := newDriver(t, untilOnClient{sourcetest.NewMemory(evs, 20)}, 120, 40)
	d.until("first page", loaded(20))
	// Between events 259 (newer) and 260, nearer 259: 13 pages above the
	// time come back empty.
	at := evs[259].Time.Add(-2 * time.Minute)
	goTo(d, at.Format("2006-01-02 15:04"))
	if e := d.m.selected(); e == nil || e.ID != evs[259].ID {
		t.Fatalf("the cursor is on %v, want event 259 (nearest the time)", e)
	}
	if i := d.m.list.Cursor(); i+1 >= d.m.feed.events.Len() || d.m.feed.events.At(i+1).ID != evs[260].ID {
		t.Fatal("the event below the cursor is not event 260, the next older")
	}
}
