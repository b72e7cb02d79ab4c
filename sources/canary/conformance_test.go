package canary

import (
	"strconv"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

func TestConformance(t *testing.T) {
	sourcetest.RunVariants(t, []sourcetest.Variant[canaryemu.Options]{
		{Name: "inclusive dates", Opts: canaryemu.Options{InclusiveDates: true}},
		{Name: "exclusive dates, errors as 200", Opts: canaryemu.Options{ErrorStatus: 200}},
	}, func(t *testing.T, v sourcetest.Variant[canaryemu.Options], cfg sourcetest.Config) sourcetest.Fixture {
		opts := v.Opts
		opts.Events, opts.Latency, opts.Seed = cfg.Events, cfg.Latency, int64(cfg.Events)
		em, src := startEmulator(t, opts, cfg.PageSize)
		// The entries as full events (not only ID, Time, Action and
		// Actor), so the suite also runs its text query.
		evs := eventsOf(t, em.Entries())
		for i, e := range em.Entries() {
			if evs[i].ID != strconv.FormatInt(e.ID, 10) || !evs[i].Time.Equal(e.Timestamp) || evs[i].Actor != e.User {
				t.Fatalf("entry %d maps to %+v", e.ID, evs[i])
			}
		}
		return sourcetest.Fixture{Source: src, Events: evs}
	})
}

func TestCapabilities(t *testing.T) {
	caps := sources.CapabilitiesOf(New(Config{Common: transport.Common{BaseURL: "https://EXAMPLE.canary.tools"}}))
	for _, f := range []sources.Field{sources.FieldTime, sources.FieldAction} {
		if !caps.Server(f) {
			t.Errorf("%v is not server-side", f)
		}
	}
	if caps.Server(sources.FieldActor) {
		t.Error("actor is reported server-side; the API has no actor filter")
	}
	if caps.DefaultWindow != 0 || caps.ActionRequired {
		t.Errorf("capabilities %+v: want no default window and no required action", caps)
	}
	// Every action type the emulator generates is offered, documented first.
	sourcetest.RequireOffered(t, caps, canaryemu.New(canaryemu.Options{Events: 2000, Seed: 1, Now: testNow}).Entries(),
		func(e canaryemu.Entry) string { return e.ActionType })
	if caps.Actions[0] != "user_login" || len(caps.Actions) < 5 {
		t.Errorf("actions %v: want the documented ones first", caps.Actions)
	}
}

// exportVariant is one reading TestExportConformance runs: the emulator's
// options, and whether the client sends search_term (server_search).
type exportVariant struct {
	opts   canaryemu.Options
	search bool
}

// TestExportConformance runs the exact-export suite against every reading
// of the date bounds and of search_term the documentation leaves open:
// consoles at both ends of civil time, inclusive and exclusive, matching
// search terms exactly or by case, under faults and with entries arriving.
func TestExportConformance(t *testing.T) {
	sourcetest.RunExportVariants(t, []sourcetest.Variant[exportVariant]{
		{Name: "UTC-12 exclusive", Opts: exportVariant{canaryemu.Options{Zone: time.FixedZone("UTC-12", -12*3600)}, false}},
		{Name: "UTC+14 exclusive", Opts: exportVariant{canaryemu.Options{Zone: time.FixedZone("UTC+14", 14*3600)}, false}},
		{Name: "UTC+13 inclusive", Opts: exportVariant{canaryemu.Options{Zone: time.FixedZone("UTC+13", 13*3600), InclusiveDates: true}, false}},
		{Name: "UTC exact search", Opts: exportVariant{canaryemu.Options{Search: canaryemu.SearchExact}, false}},
		{Name: "UTC substring search, server_search", Opts: exportVariant{canaryemu.Options{InclusiveDates: true}, true}},
	}, func(t *testing.T, v sourcetest.Variant[exportVariant], cfg sourcetest.ExportConfig) sourcetest.ExportFixture {
		opts := v.Opts.opts
		opts.Events, opts.Seed, opts.Faults = cfg.Events, 3, cfg.Faults
		opts.Token, opts.Now = testToken, testNow
		em := canaryemu.New(opts)
		srv := sourcetest.Serve(t, em)
		src := New(Config{Common: transport.Common{BaseURL: srv.URL, Client: srv.Client(), HTTP: sourcetest.ExportHTTP()}, Token: testToken, PageSize: cfg.PageSize, ServerSearch: v.Opts.search})
		return sourcetest.ExportFixture{
			Fixture: sourcetest.Fixture{Source: src, Events: eventsOf(t, em.Entries())},
			Arrive: func(n int) []model.Event {
				return eventsOf(t, em.Add(make([]canaryemu.Entry, n)...))
			},
		}
	})
}
