package qualtrics

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// mergedOrder is the order an all-types walk shows evs in: newest first,
// events of the same time in the order the types are listed, then each
// type's own order.
func mergedOrder(evs []model.Event) []model.Event {
	rank := map[string]int{}
	for i, name := range qualtricsemu.ActivityTypes() {
		rank[name] = i
	}
	out := slices.Clone(evs)
	slices.SortStableFunc(out, func(a, b model.Event) int {
		if c := b.Time.Compare(a.Time); c != 0 {
			return c
		}
		return rank[a.Action] - rank[b.Action]
	})
	return out
}

// TestAllTypesOneList: activity_type = "all" (or the action "all") walks
// every type Qualtrics lists, merged by time, each event once with its type
// as its action; a plain walk sees one type, and says so.
func TestAllTypesOneList(t *testing.T) {
	em, srv := serve(t, qualtricsemu.Options{Events: 400, Seed: 12, Span: 6 * 24 * time.Hour})
	all := eventsOf(t, em.Entries())
	var kinds []string
	for _, e := range all {
		if !slices.Contains(kinds, e.Action) {
			kinds = append(kinds, e.Action)
		}
	}
	if len(kinds) < 4 {
		t.Fatalf("the log holds %d types; the test needs several", len(kinds))
	}
	for _, tc := range []struct {
		name   string
		config string
		q      model.Query
	}{
		{"activity_type all", AllTypes, model.Query{}},
		{"action all", "", model.Query{Action: "ALL"}},
		{"activity_type all, a range", AllTypes, model.Query{Since: all[300].Time, Until: all[20].Time}},
		{"activity_type all, an actor", AllTypes, model.Query{Actor: all[50].Actor}},
	} {
		src := client(srv, Config{PageSize: 15, ActivityType: tc.config})
		got, pages := sourcetest.WalkAll(t, src, tc.q)
		q := tc.q
		q.Action = ""
		want := mergedOrder(sourcetest.Matching(all, q))
		sourcetest.RequireIDs(t, tc.name, got, want)
		for i := range got {
			if got[i].Action != want[i].Action || got[i].Source != "" {
				t.Fatalf("%s: event %s action %q source %q; want %q and no source", tc.name, got[i].ID, got[i].Action, got[i].Source, want[i].Action)
			}
		}
		if len(pages) < 2 || len(pages[0].Events) != 15 || pages[0].Parts != nil {
			t.Errorf("%s: %d pages, the first of %d events, parts %v", tc.name, len(pages), len(pages[0].Events), pages[0].Parts)
		}
		if ex := src.Explain(); !strings.Contains(ex, fmt.Sprintf("covered all %d activity types", len(qualtricsemu.ActivityTypes()))) || !strings.Contains(ex, "response_exports") {
			t.Errorf("%s: Explain() = %q", tc.name, ex)
		}
	}
	plain := client(srv, Config{PageSize: 15})
	if ex := plain.Explain(); !strings.Contains(ex, "logins only") {
		t.Errorf("before a walk: %q", ex)
	}
	got, _ := sourcetest.WalkAll(t, plain, model.Query{})
	if len(got) == 0 || len(got) == len(all) {
		t.Fatalf("a plain walk got %d of %d events", len(got), len(all))
	}
	if ex := plain.Explain(); !strings.Contains(ex, "covered activity type logins only") || !strings.Contains(ex, `activity_type = "all"`) {
		t.Errorf("after a plain walk: %q", ex)
	}
}

// TestAllTypesLazy: the first page of an all-types walk costs the list of
// types and one page of each, no more; the next page reads on where the
// types it drew from ran out.
func TestAllTypesLazy(t *testing.T) {
	em, src := startEmulator(t, qualtricsemu.Options{Events: 600, Seed: 13, Span: 6 * 24 * time.Hour}, 20)
	src.activity = AllTypes
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil || len(page.Events) != 20 || page.Next == "" {
		t.Fatalf("first page: %d events, next %q, %v", len(page.Events), page.Next, err)
	}
	if n, want := len(em.Requests()), 1+len(qualtricsemu.ActivityTypes()); n != want {
		t.Errorf("first page took %d requests; want %d (the types, then one page of each)", n, want)
	}
	before := len(em.Requests())
	if _, err := src.Fetch(context.Background(), model.Query{}, page.Next); err != nil {
		t.Fatal(err)
	}
	if n := len(em.Requests()) - before; n > 2 {
		t.Errorf("the second page took %d requests; a lazy merge needs one or two", n)
	}
}

// TestAllTypesFailedTypeFailsThePage: a type whose walk fails (here the
// API answers every 23rd request 503, and the client does not retry) does
// not drop out in silence: the page fails, and fetching its cursor again
// goes on from where the walk was, so an export is whole.
func TestAllTypesFailedTypeFailsThePage(t *testing.T) {
	em, srv := serve(t, qualtricsemu.Options{Events: 300, Seed: 14, Span: 6 * 24 * time.Hour, FailEvery: 23})
	src := client(srv, Config{Common: transport.Common{HTTP: transport.Options{Backoff: time.Millisecond, Attempts: 1, MaxWait: time.Nanosecond}}, PageSize: 10, ActivityType: AllTypes})
	var got []model.Event
	cursor, failures, named := "", 0, 0
	for range 500 {
		page, err := src.Fetch(context.Background(), model.Query{}, cursor)
		if err != nil {
			if !sources.Transient(err) {
				t.Fatalf("a failing type's 503 is not transient: %v", err)
			}
			if strings.Contains(err.Error(), "activity type ") {
				named++
			}
			failures++
			continue
		}
		got = append(got, page.Events...)
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if failures == 0 || named == 0 {
		t.Fatalf("%d failures, %d naming a type; the test needs a type's walk to fail", failures, named)
	}
	sourcetest.RequireIDs(t, "walk through failures", got, mergedOrder(eventsOf(t, em.Entries())))
}

// TestAllTypesConformance runs the suites over the all-types walk: every
// event once, in merged order, under faults and with events arriving.
func TestAllTypesConformance(t *testing.T) {
	// The clock is the real one: the fault plan's Retry-After dates are.
	now := time.Now().UTC().Truncate(time.Millisecond)
	fixture := func(t *testing.T, cfg sourcetest.Config, plan qualtricsemu.Options) (*qualtricsemu.Emulator, sourcetest.Fixture) {
		opts := plan
		opts.Events, opts.Latency, opts.Seed, opts.Span, opts.Now = cfg.Events, cfg.Latency, int64(cfg.Events)+1, 6*24*time.Hour, now
		em, srv := serve(t, opts)
		src := client(srv, Config{PageSize: cfg.PageSize, ActivityType: AllTypes, Common: transport.Common{Now: func() time.Time { return now },
			// The transport sits out short rate limits and retries the
			// rest, as configured sources do: an all-types page needs a
			// page of every type in one Fetch (a merge started from ""
			// keeps no part's page), so a walk that handed every fault up
			// would retry the whole first page into the next fault.
			HTTP: transport.Options{Backoff: time.Millisecond, Timeout: 150 * time.Millisecond, Attempts: 6}}})
		return em, sourcetest.Fixture{Source: src, Events: mergedOrder(eventsOf(t, em.Entries()))}
	}
	t.Run("Suite", func(t *testing.T) {
		sourcetest.Run(t, func(t *testing.T, cfg sourcetest.Config) sourcetest.Fixture {
			_, f := fixture(t, cfg, qualtricsemu.Options{})
			return f
		})
	})
	t.Run("Export", func(t *testing.T) {
		sourcetest.RunExport(t, func(t *testing.T, cfg sourcetest.ExportConfig) sourcetest.ExportFixture {
			em, f := fixture(t, cfg.Config, qualtricsemu.Options{Faults: cfg.Faults, NextPage: qualtricsemu.NextPageURL})
			var mu sync.Mutex
			n := 0
			return sourcetest.ExportFixture{Fixture: f, Arrive: func(k int) []model.Event {
				mu.Lock()
				defer mu.Unlock()
				add := make([]qualtricsemu.Entry, k)
				types := []string{"logins", "users", "response_exports"}
				for i := range add {
					n++
					add[i] = qualtricsemu.Entry{ID: fmt.Sprintf("arrived-%04d", n), Type: types[n%len(types)], Timestamp: now.Add(time.Duration(n) * time.Second)}
				}
				em.Add(add...)
				return eventsOf(t, add)
			}}
		})
	})
}

// TestAllTypesCapabilities: "all" is one of the action types the filter
// pane offers, from the documented list and from the one Qualtrics sends.
func TestAllTypesCapabilities(t *testing.T) {
	caps := sources.CapabilitiesOf(New(Config{Common: transport.Common{BaseURL: "https://iad1.qualtrics.com/API/v3"}, ActivityType: AllTypes}))
	if caps.DefaultAction != AllTypes || caps.Actions[0] != AllTypes || slices.Index(caps.Actions, AllTypes) != 0 || len(caps.Actions) != len(ActivityTypes())+1 {
		t.Errorf("activity_type all: %+v", caps)
	}
}

// TestExportConformance runs the exact-export suite over one type's walk,
// with nextPage as a token and as a URL, under faults and arrivals.
func TestExportConformance(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	for _, form := range []qualtricsemu.NextPageForm{qualtricsemu.NextPageToken, qualtricsemu.NextPageURL} {
		t.Run(fmt.Sprint("nextPage form ", form), func(t *testing.T) {
			t.Parallel()
			sourcetest.RunExport(t, func(t *testing.T, cfg sourcetest.ExportConfig) sourcetest.ExportFixture {
				em, srv := serve(t, qualtricsemu.Options{Events: cfg.Events, Seed: 21, Span: 6 * 24 * time.Hour, Now: now, Types: []string{"logins"},
					NextPage: form, Faults: cfg.Faults})
				src := client(srv, Config{Common: transport.Common{Now: func() time.Time { return now }, HTTP: sourcetest.ExportHTTP()}, PageSize: cfg.PageSize})
				var mu sync.Mutex
				n := 0
				return sourcetest.ExportFixture{Fixture: sourcetest.Fixture{Source: src, Events: eventsOf(t, em.Entries())},
					Arrive: func(k int) []model.Event {
						mu.Lock()
						defer mu.Unlock()
						add := make([]qualtricsemu.Entry, k)
						for i := range add {
							n++
							add[i] = qualtricsemu.Entry{ID: fmt.Sprintf("arrived-%04d", n), Type: "logins", Timestamp: now.Add(time.Duration(n) * time.Second)}
						}
						em.Add(add...)
						return eventsOf(t, add)
					}}
			})
		})
	}
}
