package ui

import (
	"slices"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// pagingFast is a driver over a Memory of n events in pages of 100 (largest
// 1,000) answering after 200 ms, on a clock the test moves, and the clock.
func pagingFast(t *testing.T, n int, opts ...func(*Options)) (*driver, *sourcetest.Memory, []model.Event, *time.Time) {
	t.Helper()
	evs := sourcetest.GenerateEvents(n, testNow, time.Second)
	mem := sourcetest.NewMemory(evs, 100)
	mem.SetLatency(200 * time.Millisecond)
	now := testNow
	opts = append(opts, func(o *Options) { o.Now = func() time.Time { return now } })
	drv := newDriver(t, mem, 120, 40, opts...)
	drv.until("first page", loaded(100))
	return drv, mem, evs, &now
}

// holdPgDn presses PgDn n times, 33 ms apart on the test's clock (30 Hz),
// then waits for the fetch in flight to land.
func holdPgDn(drv *driver, now *time.Time, n int) {
	for range n {
		*now = now.Add(33 * time.Millisecond)
		drv.send(keyMsg("pgdown"))
		drv.settle()
	}
	drv.until("the last fetch", func(m *Model) bool { return !m.feed.fetching() })
}

// requireRun fails unless the loaded events are a run of evs, in order,
// none lost or repeated.
func requireRun(t *testing.T, m *Model, evs []model.Event) {
	t.Helper()
	ids := sourcetest.IDs(evs)
	first := slices.Index(ids, m.feed.events.At(0).ID)
	if first < 0 {
		t.Fatalf("first loaded event %q is not in the log", m.feed.events.At(0).ID)
	}
	for i := range m.feed.events.Len() {
		if got := m.feed.events.At(i).ID; first+i >= len(ids) || got != ids[first+i] {
			t.Fatalf("loaded event %d is %q; want the log's event %d in a row from %d", i, got, first+i, first)
		}
	}
}

// TestHeldPgDnGrowsThePage: held PgDn at key-repeat rate asks the source
// (a sources.Sizer) for pages bigger than its own size, never bigger than its
// largest; what is loaded is still the log in order with nothing lost or
// repeated, and no page count in the provider's pages is shown as ours.
// When the user stops, the next page is asked for at the source's size.
func TestHeldPgDnGrowsThePage(t *testing.T) {
	drv, mem, evs, now := pagingFast(t, 20_000)
	holdPgDn(drv, now, 40)
	sizes := mem.Sizes()
	if slices.Max(sizes) <= 100 || slices.Max(sizes) > 1000 {
		t.Fatalf("page sizes asked while paging fast: %v; want some above 100, none above 1000", sizes)
	}
	if drv.m.feed.events.Len() <= 40*30 {
		t.Errorf("%d events loaded after 40 screens down", drv.m.feed.events.Len())
	}
	requireRun(t, &drv.m, evs)
	if drv.m.feed.total != 0 {
		t.Errorf("page count %d kept from pages of another size", drv.m.feed.total)
	}
	*now = now.Add(10 * time.Second)
	drv.send(keyMsg("j"))
	if got := drv.m.pageSize(); got != 0 {
		t.Errorf("after a stop, the next page is asked at %d; want the source's own (0)", got)
	}
}

// TestPgDnSlowKeepsThePageSize: paging a screen a second never changes
// the size the source uses.
func TestPgDnSlowKeepsThePageSize(t *testing.T) {
	drv, mem, _, now := pagingFast(t, 5_000)
	for range 10 {
		*now = now.Add(time.Second)
		drv.send(keyMsg("pgdown"))
		drv.settle()
	}
	drv.until("the last fetch", func(m *Model) bool { return !m.feed.fetching() })
	for _, s := range mem.Sizes() {
		if s != 100 {
			t.Fatalf("sizes asked: %v; want 100 each time", mem.Sizes())
		}
	}
	if drv.m.feed.total != 50 {
		t.Errorf("page count %d; want the provider's 50", drv.m.feed.total)
	}
}

// TestGrownPagesFetchedBackAtTheirSize: pages fetched big, let go from the
// front of a small window and fetched again going back, come back at the
// size they had: the window stays the log in order.
func TestGrownPagesFetchedBackAtTheirSize(t *testing.T) {
	drv, mem, evs, now := pagingFast(t, 20_000, func(o *Options) { o.MaxEvents = 1_500 })
	holdPgDn(drv, now, 120)
	if drv.m.feed.pages[0].number == 1 {
		t.Fatalf("the window kept page 1; the test needs pages let go (%d loaded)", drv.m.feed.events.Len())
	}
	grown := slices.Max(mem.Sizes())
	mem.SetLatency(0) // only to go back quicker
	for range 200 {
		if drv.m.feed.pages[0].number == 1 && drv.m.list.Cursor() == 0 {
			break
		}
		*now = now.Add(time.Second) // slowly: a page asked for going forward would be at the base size
		drv.send(keyMsg("pgup"))
		drv.settle()
		drv.until("the fetch back", func(m *Model) bool { return !m.feed.fetching() })
		requireRun(t, &drv.m, evs)
	}
	if drv.m.feed.pages[0].number != 1 {
		t.Fatalf("never got back to page 1: window starts at page %d", drv.m.feed.pages[0].number)
	}
	if got := drv.m.feed.events.At(0).ID; got != evs[0].ID {
		t.Errorf("back at page 1, the first event is %q; want %q", got, evs[0].ID)
	}
	if grown <= 100 {
		t.Errorf("no page was grown (sizes %v)", mem.Sizes())
	}
}

// TestEndWalkKeepsThePageSize: G's walk to the end right after a fast
// PgDn asks for the source's own size (and so keeps its page count).
func TestEndWalkKeepsThePageSize(t *testing.T) {
	drv, mem, evs, now := pagingFast(t, 3_000)
	holdPgDn(drv, now, 10)
	before := len(mem.Sizes())
	if drv.m.pageSize() == 0 {
		t.Fatal("after a fast PgDn the next page would not grow; the test needs it to")
	}
	mem.SetLatency(0)
	drv.send(keyMsg("G"))
	drv.until("the end", func(m *Model) bool { return m.feed.atEnd() && !m.feed.fetching() })
	for _, s := range mem.Sizes()[before:] {
		if s != 100 {
			t.Fatalf("G's walk asked for %v; want 100 each time", mem.Sizes()[before:])
		}
	}
	requireRun(t, &drv.m, evs)
}
