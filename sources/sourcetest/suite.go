package sourcetest

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// Config is what the suite asks a provider's test to set up.
type Config struct {
	// Events is how many events the source must hold. The suite asks for 0,
	// a few, and enough for several pages.
	Events int
	// PageSize is how many events a page should hold, where the provider
	// lets the client choose; a provider that cannot may ignore it.
	PageSize int
	// Latency delays every response by this much (for the deadline test).
	Latency time.Duration
}

// Fixture is a source under test and what it is known to hold.
type Fixture struct {
	Source sources.Source
	// Events lists every event the source holds for the zero query, in the
	// order the source returns them. At least ID and Time must be set; the
	// suite also compares Action and Actor when set.
	Events []model.Event
	// Query is added to every query the suite makes, for providers that
	// need something in force (Qualtrics' activity type); usually zero.
	Query model.Query
}

// Run runs the conformance suite against the sources newFixture sets up. Each
// subtest calls it once or more; the fixture should clean up with t.Cleanup.
//
// A provider's test is a few lines:
//
//	func TestConformance(t *testing.T) {
//		sourcetest.Run(t, func(t *testing.T, cfg sourcetest.Config) sourcetest.Fixture {
//			emu := ...start the emulator with cfg.Events events...
//			return sourcetest.Fixture{Source: ..., Events: ...}
//		})
//	}
func Run(t *testing.T, newFixture func(t *testing.T, cfg Config) Fixture) {
	t.Helper()
	t.Run("Empty", func(t *testing.T) {
		f := newFixture(t, Config{Events: 0, PageSize: 10})
		page := fetchPage(t, f, "", "first page of an empty log")
		if len(page.Events) != 0 || page.Next != "" {
			t.Errorf("empty log gave %d events and next %q; want none and no next", len(page.Events), page.Next)
		}
	})
	t.Run("FirstPage", func(t *testing.T) {
		f := newFixture(t, Config{Events: 25, PageSize: 10})
		requireFixture(t, f, 25)
		page := fetchPage(t, f, "", "first page")
		if len(page.Events) == 0 || len(page.Events) > 25 {
			t.Fatalf("first page has %d events", len(page.Events))
		}
		requireSame(t, "first page", page.Events, f.Events[:len(page.Events)])
		if len(page.Events) < 25 && page.Next == "" {
			t.Errorf("first page of 25 events with %d on it has no next cursor", len(page.Events))
		}
		for i, e := range page.Events {
			if e.ID == "" || e.Time.IsZero() || len(e.Raw) == 0 {
				t.Errorf("event %d lacks an id, a time or its raw entry: %+v", i, e)
			}
		}
	})
	t.Run("WalkAllOnceInOrder", func(t *testing.T) {
		f := newFixture(t, Config{Events: 47, PageSize: 10})
		requireFixture(t, f, 47)
		got, pages := walk(t, f.Source, f.Query, len(f.Events)+2)
		requireSame(t, "walk", got, f.Events)
		if pages < 2 {
			t.Errorf("47 events with page size 10 came in %d page(s); the suite needs paging to be exercised", pages)
		}
	})
	t.Run("SizedWalk", func(t *testing.T) {
		f := newFixture(t, Config{Events: 47, PageSize: 10})
		sizer, ok := f.Source.(sources.Sizer)
		if !ok {
			t.Skip("the source does not implement sources.Sizer")
		}
		requireFixture(t, f, 47)
		got, grew := sizedWalk(t, sizer, f.Query, len(f.Events)+2)
		requireSame(t, "walk changing the page size", got, f.Events)
		if !grew {
			t.Errorf("no page asked for at more than the base size held more than it")
		}
	})
	runAhead(t, newFixture)
	t.Run("OrderStable", func(t *testing.T) {
		f := newFixture(t, Config{Events: 33, PageSize: 10})
		a, _ := walk(t, f.Source, f.Query, 40)
		b, _ := walk(t, f.Source, f.Query, 40)
		requireSame(t, "second walk", b, a)
	})
	t.Run("EndOfLog", func(t *testing.T) {
		f := newFixture(t, Config{Events: 7, PageSize: 10})
		page := fetchPage(t, f, "", "first page")
		if page.Next != "" {
			// A provider may only learn it is at the end from an empty page.
			last := fetchPage(t, f, page.Next, "page after a short last page")
			if len(last.Events) != 0 || last.Next != "" {
				t.Errorf("after all 7 events, got %d more and next %q", len(last.Events), last.Next)
			}
		}
	})
	t.Run("CursorRoundTrip", func(t *testing.T) {
		f := newFixture(t, Config{Events: 35, PageSize: 10})
		ctx := context.Background()
		first := fetchNonEmpty(t, f.Source, f.Query, "")
		if first.Next == "" {
			t.Fatal("first of 35 events has no next cursor")
		}
		second, err := f.Source.Fetch(ctx, f.Query, first.Next)
		if err != nil {
			t.Fatalf("second page: %v", err)
		}
		again, err := f.Source.Fetch(ctx, f.Query, first.Next)
		if err != nil {
			t.Fatalf("second page again: %v", err)
		}
		requireSame(t, "the same cursor twice", again.Events, second.Events)
		if second.Prev != "" {
			back, err := f.Source.Fetch(ctx, f.Query, second.Prev)
			if err != nil {
				t.Fatalf("previous page: %v", err)
			}
			requireSame(t, "prev of the second page", back.Events, first.Events)
			if back.Prev != "" {
				t.Errorf("first page reached backwards has prev %q", back.Prev)
			}
		}
		if first.Number != 0 && (first.Number != 1 || second.Number != 2) {
			t.Errorf("page numbers %d, %d; want 1, 2", first.Number, second.Number)
		}
	})
	t.Run("QueryIsExact", func(t *testing.T) {
		eachQuery(t, newFixture, 10, queriesFor, func(f Fixture, q, full model.Query) {
			got, _ := walk(t, f.Source, full, len(f.Events)+2)
			requireSame(t, describe(q), got, Matching(f.Events, q))
		})
	})
	t.Run("QueryLanguageIsExact", func(t *testing.T) {
		// Typed queries: what the provider is sent of each, plus what
		// is trimmed on this side of every page, is exactly what a filter
		// over every event finds. Pages of 25 keep the many walks under
		// the emulators' rate limits.
		eachQuery(t, newFixture, 25, languageQueries, func(f Fixture, q, full model.Query) {
			got, _ := walk(t, f.Source, full, len(f.Events)+2)
			requireSame(t, describe(q), got, Matching(f.Events, full))
		})
	})
	t.Run("ScannedCountsWhatWasSent", func(t *testing.T) {
		// A page the query emptied must say the provider sent entries, or a
		// sparse filter would be taken for a server that pages without end
		// (sources.PageGuard).
		eachQuery(t, newFixture, 10, queriesFor, func(f Fixture, q, full model.Query) {
			cursor := ""
			for n := 0; n <= len(f.Events)+2; n++ {
				page, err := f.Source.Fetch(context.Background(), full, cursor)
				if err != nil {
					t.Fatalf("%s: page %d: %v", describe(q), n+1, err)
				}
				if page.Scanned < len(page.Events) && page.Scanned != 0 {
					t.Errorf("%s: page %d holds %d events but says %d were sent", describe(q), n+1, len(page.Events), page.Scanned)
				}
				if page.Next == "" {
					break
				}
				if len(page.Events) == 0 && page.Scanned == 0 {
					t.Fatalf("%s: page %d is empty with a next page, and says the provider sent nothing", describe(q), n+1)
				}
				cursor = page.Next
			}
		})
	})
	t.Run("ExportIsExact", func(t *testing.T) {
		// Several hundred events over many pages, exported whole and for
		// ranges whose edges fall on events and between them.
		f := newFixture(t, Config{Events: 320, PageSize: 25})
		requireFixture(t, f, 320)
		times := sortedTimes(f.Events)
		on, between := times[40], times[40].Add(times[41].Sub(times[40])/2)
		end := times[280]
		for _, q := range []model.Query{{}, {Since: on, Until: end}, {Since: between, Until: end.Add(time.Nanosecond)}, {Since: on}, {Until: between}} {
			full := mergeQuery(f.Query, q)
			var buf bytes.Buffer
			n, err := sources.Export(context.Background(), f.Source, full, sources.ExportOptions{Source: "suite", Provider: "test"}, &buf)
			if err != nil {
				t.Fatalf("%s: export: %v", describe(q), err)
			}
			want := IDs(Matching(f.Events, q))
			var got []string
			for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
				if line == "" {
					continue
				}
				r, err := model.ParseRecord([]byte(line))
				if err != nil {
					t.Fatalf("%s: line %q: %v", describe(q), line, err)
				}
				got = append(got, r.ID)
			}
			if n != len(got) || !slices.Equal(got, want) {
				t.Fatalf("%s: exported %d events %v,\nwant %d %v", describe(q), len(got), got, len(want), want)
			}
		}
	})
	t.Run("ContextCancelled", func(t *testing.T) {
		f := newFixture(t, Config{Events: 5, PageSize: 10})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := f.Source.Fetch(ctx, f.Query, "")
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Fetch with a cancelled context = %v; want an error wrapping context.Canceled", err)
		}
	})
	t.Run("DeadlineHonoured", func(t *testing.T) {
		f := newFixture(t, Config{Events: 5, PageSize: 10, Latency: 5 * time.Second})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := f.Source.Fetch(ctx, f.Query, "")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Fetch past its deadline = %v; want an error wrapping context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("Fetch took %v to notice its deadline", d)
		}
	})
	t.Run("BadCursor", func(t *testing.T) {
		f := newFixture(t, Config{Events: 5, PageSize: 10})
		for _, c := range []string{"not a cursor", "%%%", "bWVtOi0x"} {
			_, err := f.Source.Fetch(context.Background(), f.Query, c)
			if !errors.Is(err, sources.ErrBadCursor) {
				t.Errorf("Fetch(cursor %q) = %v; want an error wrapping ErrBadCursor", c, err)
			}
		}
	})
}

// walk follows Next from the first page and returns every event and the
// number of pages, failing the test after maxPages (a cursor loop).
func walk(t *testing.T, src sources.Source, q model.Query, maxPages int) ([]model.Event, int) {
	t.Helper()
	var all []model.Event
	cursor, pages := "", 0
	seen := map[string]bool{}
	for {
		page, err := src.Fetch(context.Background(), q, cursor)
		if err != nil {
			t.Fatalf("page %d (cursor %q): %v", pages+1, cursor, err)
		}
		pages++
		if page.Scanned != 0 && page.Scanned < len(page.Events) {
			t.Errorf("page %d says %d entries were fetched but holds %d events", pages, page.Scanned, len(page.Events))
		}
		all = append(all, page.Events...)
		if page.Next == "" {
			return all, pages
		}
		if seen[page.Next] {
			t.Fatalf("cursor %q came back twice: paging would loop", page.Next)
		}
		seen[page.Next] = true
		if pages > maxPages {
			t.Fatalf("more than %d pages: paging does not end", maxPages)
		}
		cursor = page.Next
	}
}

// fetchPage fetches the page of f's query at cursor, failing the test on
// an error; what names the page.
func fetchPage(t *testing.T, f Fixture, cursor, what string) sources.Page {
	t.Helper()
	page, err := f.Source.Fetch(context.Background(), f.Query, cursor)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return page
}

func fetchNonEmpty(t *testing.T, src sources.Source, q model.Query, cursor string) sources.Page {
	t.Helper()
	page, err := src.Fetch(context.Background(), q, cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) == 0 {
		t.Fatal("page is empty")
	}
	return page
}

// eachQuery makes a fixture of 60 events on pages of pageSize and calls
// check with each query qs builds from its events: q as built, full merged
// into the fixture's own query (what a source is asked).
func eachQuery(t *testing.T, newFixture func(t *testing.T, cfg Config) Fixture, pageSize int, qs func([]model.Event) []model.Query, check func(f Fixture, q, full model.Query)) {
	t.Helper()
	f := newFixture(t, Config{Events: 60, PageSize: pageSize})
	requireFixture(t, f, 60)
	for _, q := range qs(f.Events) {
		check(f, q, mergeQuery(f.Query, q))
	}
}

func requireFixture(t *testing.T, f Fixture, n int) {
	t.Helper()
	if len(f.Events) != n {
		t.Fatalf("fixture holds %d events; the suite asked for %d", len(f.Events), n)
	}
}

// requireSame compares two event lists by identity, in order.
func requireSame(t *testing.T, what string, got, want []model.Event) {
	t.Helper()
	ids := func(evs []model.Event) []string {
		out := make([]string, len(evs))
		for i, e := range evs {
			out[i] = e.ID
		}
		return out
	}
	if !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("%s: got ids %v,\nwant %v", what, ids(got), ids(want))
	}
	seen := make(map[string]bool, len(got))
	for i := range got {
		g, w := got[i], want[i]
		if seen[g.ID] {
			t.Fatalf("%s: event %s appears twice", what, g.ID)
		}
		seen[g.ID] = true
		if !g.Time.Equal(w.Time) {
			t.Errorf("%s: event %s at %v, want %v", what, g.ID, g.Time, w.Time)
		}
		if w.Action != "" && g.Action != w.Action {
			t.Errorf("%s: event %s action %q, want %q", what, g.ID, g.Action, w.Action)
		}
		if w.Actor != "" && g.Actor != w.Actor {
			t.Errorf("%s: event %s actor %q, want %q", what, g.ID, g.Actor, w.Actor)
		}
	}
}

// queriesFor builds queries whose answers are known from evs: a time range
// with edges on an event and between events, one actor, one action, a word.
func queriesFor(evs []model.Event) []model.Query {
	if len(evs) < 10 {
		return nil
	}
	times := make([]time.Time, len(evs))
	for i, e := range evs {
		times[i] = e.Time
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	lo, hi := times[len(times)/4], times[3*len(times)/4]
	between := lo.Add(times[len(times)/4+1].Sub(lo) / 2)
	word := ""
	for _, f := range strings.Fields(evs[len(evs)/2].Summary) {
		if len(f) > 3 {
			word = f
			break
		}
	}
	qs := []model.Query{
		{Since: lo, Until: hi},
		{Since: between, Until: hi.Add(time.Nanosecond)},
		{Since: lo},
		{Until: hi},
	}
	if a := evs[len(evs)/3].Actor; a != "" {
		qs = append(qs, model.Query{Actor: a})
		// A pivot: equality on the name, then on the id, and a part of
		// the name, which an equality must not find.
		qs = append(qs, model.Query{Actor: a, ActorExact: true})
		if len(a) > 1 {
			qs = append(qs, model.Query{Actor: a[:len(a)-1], ActorExact: true})
		}
	}
	if id := evs[len(evs)/3].ActorID; id != "" {
		qs = append(qs, model.Query{Actor: id, ActorExact: true}, model.Query{Actor: id})
		if len(id) > 1 {
			qs = append(qs, model.Query{Actor: id[1:]})
		}
	}
	if a := evs[len(evs)/3].Action; a != "" {
		qs = append(qs, model.Query{Action: a}, model.Query{Action: a, Since: lo})
	}
	if word != "" {
		qs = append(qs, model.Query{Text: word})
	}
	if ip := evs[len(evs)/5].IP; ip != "" {
		qs = append(qs, model.Query{IP: ip})
	}
	if target := evs[len(evs)/6].Target; target != "" {
		qs = append(qs, model.Query{Target: target})
	}
	return qs
}

func sortedTimes(evs []model.Event) []time.Time {
	times := make([]time.Time, len(evs))
	for i, e := range evs {
		times[i] = e.Time
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	return times
}

// mergeQuery adds the fixture's fixed query to a suite query.
func mergeQuery(base, q model.Query) model.Query {
	if q.Since.IsZero() {
		q.Since = base.Since
	}
	if q.Until.IsZero() {
		q.Until = base.Until
	}
	if q.Action == "" {
		q.Action = base.Action
	}
	if q.Actor == "" {
		q.Actor, q.ActorExact = base.Actor, base.ActorExact
	}
	if q.Text == "" {
		q.Text = base.Text
	}
	if q.IP == "" {
		q.IP = base.IP
	}
	if q.Target == "" {
		q.Target = base.Target
	}
	return q
}

func describe(q model.Query) string {
	return "query " + q.String()
}

// sizedWalk follows Next from the first page, asking each page for another
// size (the base, twice it, 1, 3, the largest allowed, 0), and returns every
// event, and whether a page bigger than the base came back. It fails the test
// if a page holds more than was asked for.
func sizedWalk(t *testing.T, src sources.Sizer, q model.Query, maxPages int) ([]model.Event, bool) {
	t.Helper()
	base, largest := src.PageSizes()
	if base <= 0 || largest < base {
		t.Fatalf("PageSizes() = %d, %d; want 0 < base <= max", base, largest)
	}
	sizes := []int{base, 2 * base, 1, 3, largest, 0}
	var all []model.Event
	grew := false
	cursor := ""
	for i := 0; i < maxPages; i++ {
		size := sizes[i%len(sizes)]
		page, err := src.FetchSize(context.Background(), q, cursor, size)
		if err != nil {
			t.Fatalf("page %d at size %d: %v", i+1, size, err)
		}
		asked := size
		if asked == 0 {
			asked = base
		}
		if len(page.Events) > min(asked, largest) {
			t.Errorf("page %d asked for %d holds %d", i+1, asked, len(page.Events))
		}
		grew = grew || len(page.Events) > base
		all = append(all, page.Events...)
		if page.Next == "" {
			return all, grew
		}
		cursor = page.Next
	}
	t.Fatalf("no end after %d pages", maxPages)
	return nil, false
}
