package intercom

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

func TestConformance(t *testing.T) {
	sourcetest.RunVariants(t, []sourcetest.Variant[intercomemu.Options]{
		{Name: "next as URL, strict bounds", Opts: intercomemu.Options{Next: intercomemu.NextURL}},
		{Name: "next as starting_after, inclusive bounds", Opts: intercomemu.Options{Next: intercomemu.NextStartingAfter, InclusiveBounds: true}},
		{Name: "next as URL, inclusive bounds, no pages at the end", Opts: intercomemu.Options{Next: intercomemu.NextURL, InclusiveBounds: true, OmitPagesAtEnd: true}},
		{Name: "search (2.16), strict bounds", Opts: intercomemu.Options{}},
		{Name: "search (Unstable), inclusive bounds", Opts: intercomemu.Options{InclusiveBounds: true}},
		{Name: "search (2.16) without total_pages", Opts: intercomemu.Options{SearchOmitTotal: true}},
		{Name: "search refused 404, GET by starting_after", Opts: intercomemu.Options{Search: intercomemu.SearchAbsent404, Next: intercomemu.NextStartingAfter}},
		{Name: "search refused 400, GET by URL", Opts: intercomemu.Options{Search: intercomemu.SearchAbsent400, MissingParamStatus: 400}},
	}, func(t *testing.T, v sourcetest.Variant[intercomemu.Options], cfg sourcetest.Config) sourcetest.Fixture {
		opts := v.Opts
		opts.Events, opts.Latency, opts.Seed = cfg.Events, cfg.Latency, int64(cfg.Events)
		em, src := startEmulator(t, opts, cfg.PageSize)
		src.version = versionFor(v.Name)
		src.searchState.Store(initialSearchState(src.version))
		// The entries as full events, so the suite also runs its
		// actor and text queries.
		evs := eventsOf(t, em.Entries())
		for i, e := range em.Entries() {
			if evs[i].ID != e.ID || !evs[i].Time.Equal(e.CreatedAt) || evs[i].Actor != e.PerformedBy.Email {
				t.Fatalf("entry %s maps to %+v", e.ID, evs[i])
			}
		}
		return sourcetest.Fixture{Source: src, Events: evs}
	})
}

func TestCapabilities(t *testing.T) {
	caps := sources.CapabilitiesOf(New(Config{APIVersion: getVersion}))
	if caps.ServerSide != sources.FieldTime {
		t.Errorf("server-side fields %v; want the time range only", caps.ServerSide)
	}
	if caps := sources.CapabilitiesOf(New(Config{})); caps.ServerSide != sources.FieldTime|sources.FieldAction {
		t.Errorf("2.16 (search) server-side fields %v; want the time range and the action", caps.ServerSide)
	}
	if caps.DefaultWindow != DefaultWindow || caps.ActionRequired {
		t.Errorf("capabilities %+v: want the default window shown and no required action", caps)
	}
	offered := map[string]bool{}
	for _, a := range caps.Actions {
		if offered[a] {
			t.Errorf("action %q offered twice", a)
		}
		offered[a] = true
	}
	for _, a := range []string{"admin_login_failure", "app_name_change", "hide_csat_from_agents_setting_change", "admin_assignment_limit_change"} {
		if !offered[a] {
			t.Errorf("documented type %q is not offered", a)
		}
	}
	if len(caps.Actions) != 116 {
		t.Errorf("%d action types; want the 114 of the 2.16 enum and 2 legacy ones", len(caps.Actions))
	}
	// Every type the emulator generates is offered, but one: a type newer
	// than the list, there to show that unknown types are kept.
	sourcetest.RequireOffered(t, caps, intercomemu.New(intercomemu.Options{Events: 2000, Seed: 1, Now: testNow}).Entries(),
		func(e intercomemu.Entry) string { return e.ActivityType }, "fin_ai_agent_setting_change")
}

// versionFor picks the Intercom-Version a conformance variant runs at: the
// search variants at a version that offers it, the GET ones at getVersion.
func versionFor(name string) string {
	switch {
	case strings.Contains(name, "Unstable"):
		return "Unstable"
	case strings.HasPrefix(name, "search"):
		return DefaultAPIVersion
	}
	return getVersion
}

// exportVariant is one reading TestExportConformance runs: the
// Intercom-Version the client sends, and the emulator's options.
type exportVariant struct {
	version string
	opts    intercomemu.Options
}

// TestExportConformance runs the exact-export suite against each endpoint
// and each answer to the search endpoint: served (by version), refused
// with 404 or 400, and the GET's two shapes of pages.next, under faults and
// with entries arriving during the walk.
func TestExportConformance(t *testing.T) {
	sourcetest.RunExportVariants(t, []sourcetest.Variant[exportVariant]{
		{Name: "search 2.16", Opts: exportVariant{"2.16", intercomemu.Options{}}},
		{Name: "search Preview, inclusive", Opts: exportVariant{"Preview", intercomemu.Options{InclusiveBounds: true}}},
		{Name: "search 2.17 without total_pages", Opts: exportVariant{"2.17", intercomemu.Options{SearchOmitTotal: true}}},
		{Name: "GET 2.15 by URL", Opts: exportVariant{getVersion, intercomemu.Options{Next: intercomemu.NextURL}}},
		{Name: "GET 2.15 by starting_after, inclusive", Opts: exportVariant{getVersion, intercomemu.Options{Next: intercomemu.NextStartingAfter, InclusiveBounds: true}}},
		{Name: "search refused 404", Opts: exportVariant{"2.16", intercomemu.Options{Search: intercomemu.SearchAbsent404}}},
		{Name: "search refused 400", Opts: exportVariant{"2.16", intercomemu.Options{Search: intercomemu.SearchAbsent400, Next: intercomemu.NextStartingAfter}}},
	}, func(t *testing.T, v sourcetest.Variant[exportVariant], cfg sourcetest.ExportConfig) sourcetest.ExportFixture {
		opts := v.Opts.opts
		opts.Events, opts.Seed, opts.Faults = cfg.Events, 11, cfg.Faults
		opts.Token, opts.Now = testToken, testNow
		em := intercomemu.New(opts)
		srv := sourcetest.Serve(t, em)
		var mu sync.Mutex
		later := 0
		src := New(Config{Common: transport.Common{BaseURL: srv.URL, Client: srv.Client(), Now: func() time.Time { return testNow }, HTTP: sourcetest.ExportHTTP()}, Token: testToken, APIVersion: v.Opts.version, PageSize: cfg.PageSize})
		return sourcetest.ExportFixture{
			Fixture: sourcetest.Fixture{Source: src, Events: eventsOf(t, em.Entries())},
			// Entries arrive as time goes on: after the walk's window,
			// which ends at the second the walk started.
			Arrive: func(n int) []model.Event {
				mu.Lock()
				defer mu.Unlock()
				add := make([]intercomemu.Entry, n)
				for i := range add {
					later++
					add[i].CreatedAt = testNow.Add(time.Duration(later) * time.Second)
				}
				return eventsOf(t, em.Add(add...))
			},
		}
	})
}
