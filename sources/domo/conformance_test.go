package domo

import (
	"testing"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// TestConformance runs the shared suite against each variant Domo's
// documentation leaves open: the three time forms, the docs' form in zones
// from UTC-7 to UTC+14, actorName or actorType, newest first, oldest first
// or unsorted, an inclusive or exclusive end, opaque or JWT tokens.
func TestConformance(t *testing.T) {
	sourcetest.RunVariants(t, []sourcetest.Variant[domoemu.Options]{
		{Name: "docs time in US Mountain time, newest first", Opts: domoemu.Options{}},
		{Name: "docs time in UTC, unsorted", Opts: domoemu.Options{Zone: mustZone(t, "UTC"), Order: domoemu.Unsorted}},
		{Name: "docs time in Berlin, oldest first", Opts: domoemu.Options{Zone: mustZone(t, "Europe/Berlin"), Order: domoemu.OldestFirst}},
		{Name: "docs time in Kiritimati, unsorted, exclusive end", Opts: domoemu.Options{Zone: mustZone(t, "Pacific/Kiritimati"), Order: domoemu.Unsorted, ExclusiveEnd: true}},
		{Name: "rfc3339, actorType, oldest first, exclusive end", Opts: domoemu.Options{TimeForm: domoemu.TimeRFC3339, ActorType: true, Order: domoemu.OldestFirst, ExclusiveEnd: true}},
		{Name: "epoch ms, jwt without expires_in, token by GET", Opts: domoemu.Options{TimeForm: domoemu.TimeEpochMillis, JWT: true, OmitExpiresIn: true, TokenGETOnly: true}},
	}, func(t *testing.T, v sourcetest.Variant[domoemu.Options], cfg sourcetest.Config) sourcetest.Fixture {
		opts := v.Opts
		opts.Events, opts.Latency, opts.Seed = cfg.Events, cfg.Latency, int64(cfg.Events)
		em, src := startEmulator(t, opts, Config{PageSize: cfg.PageSize})
		entries := em.Entries()
		evs := eventsOf(em, entries)
		for i, e := range entries {
			id := e.UserID
			if id == "0" {
				id = "" // no such user: no one's id
			}
			if !evs[i].Time.Equal(e.Time.Truncate(precision(opts.TimeForm))) || evs[i].Actor != e.UserName || evs[i].ActorID != id {
				t.Fatalf("entry %d maps to %+v", i, evs[i])
			}
		}
		return sourcetest.Fixture{Source: src, Events: evs}
	})
}

// precision is how much of an entry's time a form keeps.
func precision(f domoemu.TimeForm) time.Duration {
	if f == domoemu.TimeDocs {
		return time.Second
	}
	return time.Millisecond
}

func TestCapabilities(t *testing.T) {
	caps := sources.CapabilitiesOf(New(Config{}))
	for f, want := range map[sources.Field]bool{sources.FieldTime: true, sources.FieldActor: true, sources.FieldAction: false, sources.FieldText: false} {
		if caps.Server(f) != want {
			t.Errorf("%v server-side = %v, want %v", f, caps.Server(f), want)
		}
	}
	if caps.DefaultWindow != DefaultWindow || caps.ActionRequired {
		t.Errorf("capabilities %+v: want the default window and no required action", caps)
	}
	if w := sources.CapabilitiesOf(New(Config{DefaultWindow: 72 * time.Hour})).DefaultWindow; w != 72*time.Hour {
		t.Errorf("configured window reported as %v", w)
	}
	sourcetest.RequireOffered(t, caps, domoemu.New(domoemu.Options{Events: 3000, Seed: 1, Now: testNow}).Entries(),
		func(e domoemu.Entry) string { return e.ActionType })
	if caps.Actions[0] != "VIEWED" {
		t.Errorf("actions %v: want the documented VIEWED first", caps.Actions)
	}
}
