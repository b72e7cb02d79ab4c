package canary

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// consoleZones are the zones a console may read start_date and end_date in:
// the ends of the range civil time uses (UTC-12, UTC+14) and some between.
var consoleZones = []*time.Location{
	time.FixedZone("UTC-12", -12*3600),
	time.FixedZone("UTC-7", -7*3600),
	time.UTC,
	time.FixedZone("UTC+5:45", 5*3600+45*60),
	time.FixedZone("UTC+13", 13*3600),
	time.FixedZone("UTC+14", 14*3600),
}

// TestDateBoundsAnyZone: whatever zone the console reads its date-only
// bounds in, and whether they include their own day or not, every event in
// the query's range comes once. Entries fall every 30 minutes over six days,
// on and around midnight; the ranges' edges fall on entries, between them,
// at UTC midnight and at the console's midnight.
func TestDateBoundsAnyZone(t *testing.T) {
	start := time.Date(2026, 11, 8, 0, 0, 0, 0, time.UTC)
	var entries []canaryemu.Entry
	for i := 6 * 48; i >= 0; i-- {
		entries = append(entries, canaryemu.Entry{ActionType: "user_login", User: "alice@example.com", Timestamp: start.Add(time.Duration(i) * 30 * time.Minute)})
	}
	day := func(d int) time.Time { return start.AddDate(0, 0, d) }
	for _, zone := range consoleZones {
		for _, inclusive := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/inclusive=%v", zone, inclusive), func(t *testing.T) {
				em, src := startEmulator(t, canaryemu.Options{Entries: entries, InclusiveDates: inclusive, Zone: zone}, 11)
				all := eventsOf(t, em.Entries())
				local := func(d int) time.Time {
					y, m, dd := day(d).Date()
					return time.Date(y, m, dd, 0, 0, 0, 0, zone)
				}
				queries := []model.Query{
					{Since: day(2), Until: day(4)},
					{Since: day(2).Add(15 * time.Minute), Until: day(4).Add(-15 * time.Minute)},
					{Since: day(2).Add(-30 * time.Minute), Until: day(2).Add(30 * time.Minute)},
					{Since: day(3).Add(23 * time.Hour), Until: day(4).Add(time.Hour)},
					{Since: local(2), Until: local(4)},
					{Since: local(3).Add(-16 * time.Minute), Until: local(3).Add(16 * time.Minute)},
					{Since: day(5)},
					{Until: day(1)},
					{Since: day(1).Add(12 * time.Hour), Until: day(1).Add(12*time.Hour + time.Second)},
				}
				for _, q := range queries {
					want := sourcetest.Matching(all, q)
					if len(want) == 0 {
						t.Fatalf("%v..%v matches nothing; the test needs matches", q.Since, q.Until)
					}
					got, _ := sourcetest.WalkAll(t, src, q)
					sourcetest.RequireIDs(t, fmt.Sprintf("%v..%v", q.Since, q.Until), got, want)
				}
			})
		}
	}
}

// TestSearchRules: search_term's matching rule is not documented, so by
// default the query's text and actor are matched on this side and never
// sent; a console that matched exactly or by case would otherwise drop
// events. With server_search the console's rule is trusted.
func TestSearchRules(t *testing.T) {
	queries := []model.Query{
		{Text: "fileserver"}, {Text: "LOGGED IN"}, {Text: "Bob@Example"}, {Actor: "carol"}, {Actor: "API"},
		{Text: "london", Actor: "alice"},
	}
	for _, rule := range []canaryemu.SearchRule{canaryemu.SearchSubstring, canaryemu.SearchCaseSensitive, canaryemu.SearchExact} {
		em, src := startEmulator(t, canaryemu.Options{Events: 150, Seed: 8, Search: rule}, 20)
		all := eventsOf(t, em.Entries())
		for _, q := range queries {
			want := sourcetest.Matching(all, q)
			if len(want) == 0 {
				t.Fatalf("%+v matches nothing; the test needs matches", q)
			}
			got, _ := sourcetest.WalkAll(t, src, q)
			sourcetest.RequireIDs(t, fmt.Sprintf("rule %d, %+v", rule, q), got, want)
		}
		for _, r := range em.Requests() {
			if r.Query.Has("search_term") {
				t.Fatalf("rule %d: search_term sent without server_search: %s", rule, r.RawQuery)
			}
		}
	}
	// Opted in, against a console that matches as trail does, the term is
	// sent and the answer is still exact.
	em, src := startSearching(t, canaryemu.Options{Events: 150, Seed: 8}, 20)
	all := eventsOf(t, em.Entries())
	for _, q := range queries {
		got, _ := sourcetest.WalkAll(t, src, q)
		sourcetest.RequireIDs(t, fmt.Sprintf("server search, %+v", q), got, sourcetest.Matching(all, q))
	}
	sent := 0
	for _, r := range em.Requests() {
		if r.Query.Has("search_term") {
			sent++
		}
	}
	if sent == 0 {
		t.Error("server_search = true sent no search_term")
	}
	// The emulator's stricter rules do drop what a substring finds: the
	// reason the default is client-side.
	em, strict := startSearching(t, canaryemu.Options{Events: 150, Seed: 8, Search: canaryemu.SearchExact}, 20)
	q := model.Query{Text: "fileserver"}
	got, _ := sourcetest.WalkAll(t, strict, q)
	if want := sourcetest.Matching(eventsOf(t, em.Entries()), q); len(got) >= len(want) {
		t.Errorf("an exact-matching console returned %d of %d events for a substring; the emulator's rule is not applied", len(got), len(want))
	}
}

// TestSearchCapability: the filter pane marks the text filter client-side
// unless the source opted into search_term.
func TestSearchCapability(t *testing.T) {
	if sources.CapabilitiesOf(New(Config{Common: transport.Common{BaseURL: "https://EXAMPLE.canary.tools"}})).Server(sources.FieldText) {
		t.Error("text is server-side by default; search_term's rule is not documented")
	}
	if !sources.CapabilitiesOf(New(Config{Common: transport.Common{BaseURL: "https://EXAMPLE.canary.tools"}, ServerSearch: true})).Server(sources.FieldText) {
		t.Error("text is client-side with server_search = true")
	}
	for _, on := range []bool{false, true} {
		src, err := Provider().Open(context.Background(), sourcetest.Env(Options{BaseURL: "https://EXAMPLE.canary.tools", Token: "env:T", ServerSearch: on}, map[string]string{"env:T": testToken}))
		if err != nil {
			t.Fatal(err)
		}
		if got := sources.CapabilitiesOf(src).Server(sources.FieldText); got != on {
			t.Errorf("server_search = %v opens a source whose text is server-side: %v", on, got)
		}
	}
}
