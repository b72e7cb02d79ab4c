package intercom

import (
	"testing"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

func TestConformance(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts EmulatorOptions
	}{
		{"next as URL, strict bounds", EmulatorOptions{Next: NextURL}},
		{"next as starting_after, inclusive bounds", EmulatorOptions{Next: NextStartingAfter, InclusiveBounds: true}},
		{"next as URL, inclusive bounds, no pages at the end", EmulatorOptions{Next: NextURL, InclusiveBounds: true, OmitPagesAtEnd: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sourcetest.Run(t, func(t *testing.T, cfg sourcetest.Config) sourcetest.Fixture {
				opts := tc.opts
				opts.Events, opts.Latency, opts.Seed = cfg.Events, cfg.Latency, int64(cfg.Events)
				em, src := startEmulator(t, opts, cfg.PageSize)
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
		})
	}
}

func TestCapabilities(t *testing.T) {
	caps := sources.CapabilitiesOf(New(Config{}))
	if caps.ServerSide != sources.FieldTime {
		t.Errorf("server-side fields %v; want the time range only", caps.ServerSide)
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
	for _, e := range generateEntries(2000, 1, testNow) {
		if !offered[e.ActivityType] && e.ActivityType != "fin_ai_agent_setting_change" {
			t.Errorf("generated type %q is not in Capabilities().Actions", e.ActivityType)
		}
	}
}
