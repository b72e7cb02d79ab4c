package sources_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// Around with a query that lies wholly on one side of the time asks the
// provider nothing for the other side (some refuse a range that ends
// before it begins), and refuses cursors it did not issue.
func TestAroundQueryOnOneSide(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	evs := sourcetest.GenerateEvents(100, t0, time.Minute)
	mem := sourcetest.NewMemory(evs, 10)
	ctx := context.Background()

	// Everything in the query is after the time: the page at the time is
	// empty without a fetch, and the newer windows hold it all.
	a := sources.NewAround(mem, t0.Add(-3*time.Hour), func() time.Time { return t0.Add(time.Minute) })
	q := model.Query{Since: t0.Add(-time.Hour)}
	p, err := a.Fetch(ctx, q, "")
	if err != nil || len(p.Events) != 0 || mem.Calls() != 0 || p.Prev == "" {
		t.Fatalf("page at a time before the query: %d events, %d calls, prev %q, %v", len(p.Events), mem.Calls(), p.Prev, err)
	}
	var above []model.Event
	for prev := p.Prev; prev != ""; {
		pp, err := a.Fetch(ctx, q, prev)
		if err != nil {
			t.Fatal(err)
		}
		above = append(append([]model.Event(nil), pp.Events...), above...)
		prev = pp.Prev
	}
	sourcetest.RequireIDs(t, "the windows after the time", above, sourcetest.Matching(evs, q))

	// Everything in the query is before the time: nothing above.
	a = sources.NewAround(mem, t0.Add(time.Hour), nil)
	if p, err := a.Fetch(ctx, model.Query{Until: t0.Add(-time.Hour)}, ""); err != nil || p.Prev != "" || len(p.Events) != 10 {
		t.Fatalf("page at a time after the query: %d events, prev %q, %v", len(p.Events), p.Prev, err)
	}

	for _, bad := range []string{"x:1", "w:5:1", "w:abc", "zzz"} {
		if _, err := a.Fetch(ctx, model.Query{}, bad); !errors.Is(err, sources.ErrBadCursor) {
			t.Errorf("cursor %q: %v, want ErrBadCursor", bad, err)
		}
	}
}
