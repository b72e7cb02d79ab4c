package merge_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// endless sends every page empty with a cursor to another, as a hostile
// server did in issue 16.
type endless struct{ calls int }

func (e *endless) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	e.calls++
	return sources.Page{Next: "e" + strconv.Itoa(e.calls)}, nil
}

// panicky panics on every Fetch: a bug in a source.
type panicky struct{}

func (panicky) Fetch(context.Context, model.Query, string) (sources.Page, error) {
	panic("index out of range [3] with length 3")
}

// A part paging without end is failed after sources.MaxEmptyPages empty
// pages; the other part's events all come, within one bounded Fetch.
func TestEndlessPartIsStopped(t *testing.T) {
	evs := sourcetest.GenerateEvents(30, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	liar := &endless{}
	src := merge.New([]merge.Named{
		{Name: "a", Provider: "memory", Source: sourcetest.NewMemory(evs, 10)},
		{Name: "b", Provider: "hostile", Source: liar},
	}, merge.Options{PageSize: 10})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	page, err := src.Fetch(ctx, model.Query{}, "")
	if err != nil {
		t.Fatalf("first page: %v (after %d requests to the liar)", err, liar.calls)
	}
	if liar.calls != sources.MaxEmptyPages {
		t.Errorf("the liar got %d requests, want %d", liar.calls, sources.MaxEmptyPages)
	}
	b := page.Parts[1]
	if !errors.Is(b.Err, sources.ErrEndlessPaging) || !strings.Contains(page.Notice, "empty pages") {
		t.Errorf("part b = %+v, notice %q; want it failed for endless paging", b, page.Notice)
	}
	got, _ := sourcetest.WalkAll(t, src, model.Query{})
	if !slices.Equal(sourcetest.IDs(got), sourcetest.IDs(evs)) {
		t.Errorf("a's events: got %d, want %d", len(got), len(evs))
	}
}

// A part whose source panics fails with an internal error; the merge and
// the other part go on.
func TestPanickingPartFailsAlone(t *testing.T) {
	evs := sourcetest.GenerateEvents(15, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	src := merge.New([]merge.Named{
		{Name: "a", Provider: "memory", Source: sourcetest.NewMemory(evs, 10)},
		{Name: "b", Provider: "buggy", Source: panicky{}},
	}, merge.Options{PageSize: 100})
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil {
		t.Fatalf("one part panicking failed the page: %v", err)
	}
	if b := page.Parts[1]; b.Err == nil || !strings.Contains(b.Err.Error(), "internal error") {
		t.Errorf("part b = %+v; want an internal error", b)
	}
	if !slices.Equal(sourcetest.IDs(page.Events), sourcetest.IDs(evs)) {
		t.Errorf("got %d events, want a's %d", len(page.Events), len(evs))
	}
}
