package sourcetest

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/faults"
)

// ExportConfig is what RunExport asks a provider's test to set up: the
// events and page size of Config, and a fault plan for the emulator.
type ExportConfig struct {
	Config
	// Faults, when its Every is not zero, is the plan the emulator must
	// fail on; the source's client should retry with short backoffs.
	Faults faults.Plan
}

// ExportFixture is a source under test for RunExport.
type ExportFixture struct {
	Fixture
	// Arrive, if set, adds n new events to the provider's log, newer than
	// any it holds, as happens while someone walks it, and returns them as
	// the source will show them (ID and Time at least). RunExport calls it
	// between pages.
	Arrive func(n int) []model.Event
}

// RunExport checks that an export is exact (every matching event once,
// none missing, none doubled, in the provider's order) for the whole log
// and for ranges whose edges fall on events and between them, plainly,
// under a fault plan, and with events arriving during the walk. A provider
// calls it once for each variant of its emulator (a zone, an endpoint, a
// rule its documentation leaves open). The subtests run in parallel, since
// the fault plans' rate limits are waited out for real: newFixture must be
// safe to call from several goroutines.
func RunExport(t *testing.T, newFixture func(t *testing.T, cfg ExportConfig) ExportFixture) {
	t.Helper()
	plan := faults.Plan{Every: 3, Kinds: faults.All, Wait: time.Second, Delay: 300 * time.Millisecond}
	for _, tc := range []struct {
		name    string
		plan    faults.Plan
		arrive  bool
		queries func(times []time.Time) []model.Query
	}{
		{"Ranges", faults.Plan{}, false, exportRanges},
		{"Faults", plan, false, func(times []time.Time) []model.Query { return exportRanges(times)[:2] }},
		{"Arrivals", faults.Plan{}, true, exportRanges},
		{"FaultsAndArrivals", plan, true, func(times []time.Time) []model.Query { return exportRanges(times)[:1] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, ExportConfig{Config: Config{Events: 150, PageSize: 20}, Faults: tc.plan})
			requireFixture(t, f.Fixture, 150)
			if tc.arrive && f.Arrive == nil {
				t.Skip("the fixture cannot add events")
			}
			var arrived []model.Event
			for _, q := range tc.queries(sortedTimes(f.Events)) {
				src := f.Source
				var mu sync.Mutex
				if tc.arrive {
					src = arriving{src, func() {
						mu.Lock()
						defer mu.Unlock()
						arrived = append(arrived, f.Arrive(2)...)
					}}
				}
				full := mergeQuery(f.Query, q)
				var buf bytes.Buffer
				n, err := sources.Export(context.Background(), src, full, sources.ExportOptions{Source: "suite", Provider: "test",
					Walk: sources.WalkOptions{Backoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond, Attempts: 8}}, &buf)
				if err != nil {
					t.Fatalf("%s: export: %v", describe(q), err)
				}
				mu.Lock()
				late := Matching(arrived, q)
				mu.Unlock()
				requireExact(t, describe(q), buf.String(), n, Matching(f.Events, q), late)
			}
		})
	}
}

// exportRanges are the whole log and ranges with edges on and between events.
func exportRanges(times []time.Time) []model.Query {
	n := len(times)
	on, between := times[n/5], times[n/5].Add(times[n/5+1].Sub(times[n/5])/2)
	end, endBetween := times[4*n/5], times[4*n/5].Add(times[4*n/5+1].Sub(times[4*n/5])/2)
	return []model.Query{
		{},
		{Since: on, Until: end},
		{Since: between, Until: endBetween},
		{Since: on.Add(time.Nanosecond), Until: end.Add(time.Nanosecond)},
		{Since: between},
		{Until: on},
		{Since: on, Until: on.Add(time.Nanosecond)},
	}
}

// requireExact checks an export of want, in order, each event once, with
// events of late (which arrived during the walk) allowed anywhere.
func requireExact(t *testing.T, what, out string, n int, want, late []model.Event) {
	t.Helper()
	lateIDs := map[string]bool{}
	for _, e := range late {
		lateIDs[e.ID] = true
	}
	var got []string
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		r, err := model.ParseRecord([]byte(line))
		if err != nil {
			t.Fatalf("%s: line %q: %v", what, line, err)
		}
		if seen[r.ID] {
			t.Fatalf("%s: event %s exported twice", what, r.ID)
		}
		seen[r.ID] = true
		if !lateIDs[r.ID] {
			got = append(got, r.ID)
		}
	}
	if n != len(seen) {
		t.Errorf("%s: export reported %d events and wrote %d", what, n, len(seen))
	}
	if wantIDs := IDs(want); fmt.Sprint(got) != fmt.Sprint(wantIDs) {
		t.Fatalf("%s: exported %d events %v,\nwant %d %v", what, len(got), got, len(wantIDs), wantIDs)
	}
}

// arriving is a source whose provider gains events after every page.
type arriving struct {
	sources.Source
	arrive func()
}

func (a arriving) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	page, err := a.Source.Fetch(ctx, q, cursor)
	a.arrive()
	return page, err
}
