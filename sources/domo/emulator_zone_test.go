package domo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/domo/domoemu"
)

// TestEmulatorZones: the docs' form is written in the emulator's zone, US
// Mountain time unless set; RFC 3339 and epoch ms are the same instant
// whatever the zone.
func TestEmulatorZones(t *testing.T) {
	at := time.Date(2026, 7, 1, 18, 30, 0, 0, time.UTC)
	for zone, want := range map[string]string{
		"":                   `"time":"2026-07-01 12:30:00 PM"`, // MDT, UTC-6 in summer
		"UTC":                `"time":"2026-07-01 06:30:00 PM"`,
		"America/Denver":     `"time":"2026-07-01 12:30:00 PM"`,
		"Europe/Berlin":      `"time":"2026-07-01 08:30:00 PM"`,
		"Pacific/Kiritimati": `"time":"2026-07-02 08:30:00 AM"`,
	} {
		opts := domoemu.Options{Entries: []domoemu.Entry{{Time: at, ActionType: "VIEWED"}}, Now: at}
		if zone != "" {
			opts.Zone = mustZone(t, zone)
		}
		em := domoemu.New(opts)
		if got := string(em.JSON(em.Entries()[0])); !strings.Contains(got, want) {
			t.Errorf("zone %q: %s; want %s", zone, got, want)
		}
		for _, form := range []domoemu.TimeForm{domoemu.TimeRFC3339, domoemu.TimeEpochMillis} {
			opts.TimeForm = form
			em := domoemu.New(opts)
			if got := eventsIn(em, em.Entries(), time.UTC)[0].Time; !got.Equal(at) {
				t.Errorf("zone %q, form %d: reads as %v", zone, form, got)
			}
		}
	}
}

// TestEmulatorLateArrivals: LatePerRequest adds entries inside the window
// of each request after the first, not before it.
func TestEmulatorLateArrivals(t *testing.T) {
	em, src := startEmulator(t, domoemu.Options{Events: 50, Seed: 4, LatePerRequest: 5}, Config{PageSize: 10})
	q := model.Query{Since: testNow.Add(-48 * time.Hour), Until: testNow.Add(-24 * time.Hour)}
	page, err := src.Fetch(context.Background(), q, "")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(em.Entries()); n != 50 {
		t.Fatalf("%d entries after the first request; want 50", n)
	}
	if page.Next != "" {
		if _, err := src.Fetch(context.Background(), q, page.Next); err != nil {
			t.Fatal(err)
		}
	} else if _, err := src.Fetch(context.Background(), q, ""); err != nil {
		t.Fatal(err)
	}
	r := em.Requests()[len(em.Requests())-1]
	start, end := parseMillis(t, r.Query.Get("start")), parseMillis(t, r.Query.Get("end"))
	late := 0
	for _, e := range em.Entries() {
		if strings.HasSuffix(e.AdditionalComment, "(arrived late)") {
			late++
			if e.Time.Before(start) || e.Time.After(end) {
				t.Errorf("late entry at %v, outside the window %v to %v", e.Time, start, end)
			}
		}
	}
	if late != 5 {
		t.Errorf("%d late entries; want 5", late)
	}
}

func parseMillis(t *testing.T, s string) time.Time {
	t.Helper()
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("%q is not epoch ms", s)
		}
		n = n*10 + int64(c-'0')
	}
	return time.UnixMilli(n)
}
