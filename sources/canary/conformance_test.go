package canary

import (
	"strconv"
	"testing"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

func TestConformance(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts EmulatorOptions
	}{
		{"inclusive dates", EmulatorOptions{InclusiveDates: true}},
		{"exclusive dates, errors as 200", EmulatorOptions{ErrorStatus: 200}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sourcetest.Run(t, func(t *testing.T, cfg sourcetest.Config) sourcetest.Fixture {
				opts := tc.opts
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
		})
	}
}

func TestCapabilities(t *testing.T) {
	caps := sources.CapabilitiesOf(New(Config{BaseURL: "https://EXAMPLE.canary.tools"}))
	for _, f := range []sources.Field{sources.FieldTime, sources.FieldAction, sources.FieldText} {
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
	offered := map[string]bool{}
	for _, a := range caps.Actions {
		offered[a] = true
	}
	for _, e := range generateEntries(2000, 1, testNow) {
		if !offered[e.ActionType] {
			t.Errorf("generated action %q is not in Capabilities().Actions", e.ActionType)
		}
	}
	if caps.Actions[0] != "user_login" || len(caps.Actions) < 5 {
		t.Errorf("actions %v: want the documented ones first", caps.Actions)
	}
}
