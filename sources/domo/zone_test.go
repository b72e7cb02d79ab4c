package domo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/faults"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// testZones are the zones the emulator writes times in for these tests: UTC,
// US Mountain (the docs'), central Europe, and the zone furthest east.
var testZones = []string{"UTC", "America/Denver", "Europe/Berlin", "Pacific/Kiritimati"}

// dstNow ends logs whose two weeks span the night Europe's clocks fall back
// (2026-10-25) and the night America's do (2026-11-01): an hour of times
// that the docs' zone-less form writes twice.
var dstNow = time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := LoadTimezone(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// eventsIn is eventsOf for a client that reads zone-less times in loc.
func eventsIn(em *domoemu.Emulator, entries []domoemu.Entry, loc *time.Location) []model.Event {
	return decodeEntries(rawsOf(em, entries), loc)
}

// rangeQueries are time ranges over evs with edges on events and between
// them, and open at either end, and the whole log.
func rangeQueries(evs []model.Event) []model.Query {
	times := make([]time.Time, 0, len(evs))
	for _, e := range evs {
		times = append(times, e.Time)
	}
	slices.SortFunc(times, time.Time.Compare)
	n := len(times)
	mid := func(i int) time.Time { return times[i].Add(times[i+1].Sub(times[i]) / 2) }
	return []model.Query{
		{},
		{Since: times[n/5], Until: times[4*n/5]},
		{Since: mid(n / 5), Until: mid(4 * n / 5)},
		{Since: times[n/3]},
		{Until: mid(2 * n / 3)},
	}
}

// requireExactWalk checks a walk for q: every event of want (the log when
// the walk began) that q matches exactly once, nothing q does not match, no
// event twice; events of after (the log when it ended) that arrived
// meanwhile may be there once.
func requireExactWalk(t *testing.T, what string, got, want, after []model.Event, q model.Query) {
	t.Helper()
	inRange := sourcetest.Matching(want, q)
	if len(inRange) == 0 && !q.IsZero() {
		t.Fatalf("%s: the fixture has no event in range", what)
	}
	arrived := map[string]bool{}
	for _, e := range after {
		arrived[e.ID] = true
	}
	for _, e := range want {
		delete(arrived, e.ID)
	}
	requireOnce(t, what, got, inRange, func(e model.Event) bool { return arrived[e.ID] })
	requireNoRepeats(t, got)
	for i := range got {
		if !q.Matches(&got[i]) {
			t.Errorf("%s: event %s at %v is outside the query", what, got[i].ID, got[i].Time)
		}
	}
}

// TestEveryZoneEveryOrder walks logs whose times are written in each zone,
// served newest first, oldest first and unsorted, while entries arrive late
// inside the window and at its head between requests, for ranges with edges
// on and between events: every event in range exactly once.
func TestEveryZoneEveryOrder(t *testing.T) {
	t.Parallel()
	for _, zone := range testZones {
		for _, order := range []domoemu.Order{domoemu.NewestFirst, domoemu.OldestFirst, domoemu.Unsorted} {
			t.Run(fmt.Sprintf("%s, order %d", zone, order), func(t *testing.T) {
				t.Parallel()
				opts := domoemu.Options{Events: 240, Seed: 21, Now: dstNow, Zone: mustZone(t, zone), Order: order, LatePerRequest: 3, AddPerRequest: 1}
				ahead := func() time.Time { return dstNow.Add(time.Hour) } // head arrivals fall inside the window
				for _, q := range rangeQueries(eventsOf(domoemu.New(opts), domoemu.New(opts).Entries())) {
					em, src := startEmulator(t, opts, Config{Common: transport.Common{Now: ahead}, PageSize: 20})
					want := eventsOf(em, em.Entries())
					got, pages := sourcetest.WalkAll(t, src, q)
					if added := len(em.Entries()) - 240; added < 4*(len(pages)-1) {
						t.Fatalf("only %d entries arrived during a walk of %d pages", added, len(pages))
					}
					requireExactWalk(t, describeQuery(q), got, want, eventsOf(em, em.Entries()), q)
				}
			})
		}
	}
}

// TestWrongZoneLosesNothing: a source set to the wrong zone reads every
// time hours off, but still pages through every entry once, and a range
// holds exactly the entries whose times, as read, fall in it.
func TestWrongZoneLosesNothing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ written, read string }{
		{"Pacific/Kiritimati", "America/Denver"}, // 21 hours apart, the most a margin of 14h + 7h covers
		{"America/Denver", "UTC"},                // trail before the timezone setting
		{"UTC", "America/Denver"},                // the default, for a Domo that writes UTC after all
	} {
		t.Run(tc.written+" read as "+tc.read, func(t *testing.T) {
			read := mustZone(t, tc.read)
			opts := domoemu.Options{Events: 200, Seed: 9, Now: dstNow, Zone: mustZone(t, tc.written), LatePerRequest: 2}
			base := domoemu.New(opts)
			for _, q := range rangeQueries(eventsIn(base, base.Entries(), read)) {
				em, src := startEmulator(t, opts, Config{Common: transport.Common{Now: func() time.Time { return dstNow }}, PageSize: 15, Location: read})
				want := eventsIn(em, em.Entries(), read)
				got, _ := sourcetest.WalkAll(t, src, q)
				requireExactWalk(t, describeQuery(q), got, want, eventsIn(em, em.Entries(), read), q)
			}
		})
	}
}

// TestDocsSampleReplay replays the docs' sample: the request for user
// 1619916076 from 1513230600000 to 1513231200000 (05:50 to 06:00 UTC) and
// its answer, the entry at "2017-12-13 10:57:35 PM". Read in US Mountain
// time, the default, the entry is in the window; read as UTC, as trail did,
// it was seven hours before it and the export was empty.
func TestDocsSampleReplay(t *testing.T) {
	q := model.Query{Actor: "1619916076", Since: time.UnixMilli(1513230600000), Until: time.UnixMilli(1513231200000)}
	later := func() time.Time { return time.Date(2017, 12, 14, 6, 5, 0, 0, time.UTC) }
	var mu sync.Mutex
	var asked []string
	srv := sourcetest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			writeJSON(w, http.StatusOK, map[string]any{"access_token": "tok", "token_type": "bearer", "expires_in": 3599})
			return
		}
		mu.Lock()
		asked = append(asked, r.URL.RawQuery)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("[" + docsEntry + "]"))
	}))
	for _, tc := range []struct {
		loc  *time.Location
		want int
	}{{nil, 1}, {time.UTC, 0}} {
		src := New(Config{Common: transport.Common{BaseURL: srv.URL, Client: srv.Client(), Now: later, HTTP: fastHTTP}, ClientID: testClientID, ClientSecret: testSecret, Location: tc.loc})
		var out strings.Builder
		n, err := sources.Export(context.Background(), src, q, sources.ExportOptions{Source: "domo", Provider: "domo"}, &out)
		if err != nil || n != tc.want {
			t.Fatalf("zone %v: exported %d events, %v; want %d", tc.loc, n, err, tc.want)
		}
		if tc.want == 1 {
			r, err := model.ParseRecord([]byte(strings.TrimSpace(out.String())))
			if err != nil || !r.Event().Time.Equal(time.Date(2017, 12, 14, 5, 57, 35, 0, time.UTC)) || r.Actor != "Leonard Euler" {
				t.Errorf("exported %s (%v)", out.String(), err)
			}
		}
	}
	for _, raw := range asked {
		v := parseQuery(t, raw)
		start, _ := strconv.ParseInt(v["start"], 10, 64)
		end, _ := strconv.ParseInt(v["end"], 10, 64)
		if v["user"] != "1619916076" || start > 1513230600000 || end < 1513231200000 {
			t.Errorf("asked %s: want user 1619916076 and a window around the docs' one", raw)
		}
	}

	// The emulator in US Mountain time writes the docs' entry byte for byte
	// and serves it for the docs' window.
	entry := domoemu.Entry{Time: time.Date(2017, 12, 14, 5, 57, 35, 0, time.UTC), UserName: "Leonard Euler", UserID: "1619916076",
		ObjectName: "Intro to Domo", ObjectID: "663909457", ObjectType: "PAGE", AdditionalComment: "Leonard Euler viewed page Intro to Domo.",
		EventText: "Viewed page", Device: "desktop", IPAddress: "50.207.241.61", ActionType: "VIEWED",
		BrowserDetails: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/62.0.3202.94 Safari/537.36"}
	em, src := startEmulator(t, domoemu.Options{Entries: []domoemu.Entry{entry}, Now: later()}, Config{Common: transport.Common{Now: later}})
	if got := string(em.JSON(entry)); got != docsEntry {
		t.Fatalf("the emulator writes\n%s\nthe docs\n%s", got, docsEntry)
	}
	got, _ := sourcetest.WalkAll(t, src, q)
	if len(got) != 1 || got[0].Actor != "Leonard Euler" {
		t.Errorf("replay through the emulator: %d events", len(got))
	}
}

func parseQuery(t *testing.T, raw string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, kv := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(kv, "=")
		out[k] = v
	}
	return out
}

// TestTimeZoneSuffixes: a time with a zone or an offset is read with it,
// whatever the source's zone; one without in the source's zone; epoch ms
// as it is.
func TestTimeZoneSuffixes(t *testing.T) {
	denver := mustZone(t, "America/Denver")
	berlin := mustZone(t, "Europe/Berlin")
	utc := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	for _, tc := range []struct {
		raw  string
		loc  *time.Location
		want time.Time
	}{
		{`"2017-12-13 10:57:35 PM"`, denver, utc(2017, 12, 14, 5, 57, 35)},
		{`"2017-12-13 10:57:35 PM"`, berlin, utc(2017, 12, 13, 21, 57, 35)},
		{`"2017-12-13 10:57:35 PM"`, time.UTC, utc(2017, 12, 13, 22, 57, 35)},
		{`"2017-12-13 10:57:35 PM MST"`, berlin, utc(2017, 12, 14, 5, 57, 35)},
		{`"2017-12-13 10:57:35 PM MST"`, denver, utc(2017, 12, 14, 5, 57, 35)},
		{`"2017-12-13 10:57:35 PM +0000"`, denver, utc(2017, 12, 13, 22, 57, 35)},
		{`"2017-12-13 10:57:35 PM -07:00"`, time.UTC, utc(2017, 12, 14, 5, 57, 35)},
		{`"2017-12-13 10:57:35 PM UTC"`, denver, utc(2017, 12, 13, 22, 57, 35)},
		{`"2017-12-13 10:57:35 PM CET"`, denver, utc(2017, 12, 13, 21, 57, 35)},
		{`"2017-12-13 22:57:35 UTC+0000"`, denver, utc(2017, 12, 13, 22, 57, 35)},
		{`"2017-12-13T22:57:35+0000"`, denver, utc(2017, 12, 13, 22, 57, 35)},
		{`"2017-12-13T22:57:35Z"`, denver, utc(2017, 12, 13, 22, 57, 35)},
		{`"2017-12-13T22:57:35"`, denver, utc(2017, 12, 14, 5, 57, 35)},
		{`"2017-12-13 22:57:35.5"`, time.UTC, utc(2017, 12, 13, 22, 57, 35).Add(500 * time.Millisecond)},
		// The hour US Mountain time writes twice: the abbreviation tells them apart.
		{`"2026-11-01 01:30:00 AM MDT"`, denver, utc(2026, 11, 1, 7, 30, 0)},
		{`"2026-11-01 01:30:00 AM MST"`, denver, utc(2026, 11, 1, 8, 30, 0)},
		{`"2026-11-01 01:30:00 AM MST"`, time.UTC, utc(2026, 11, 1, 8, 30, 0)},
		{`1513205855000`, denver, utc(2017, 12, 13, 22, 57, 35)},
		{`"1513205855000"`, berlin, utc(2017, 12, 13, 22, 57, 35)},
	} {
		got, err := parseTime(json.RawMessage(tc.raw), tc.loc)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%s in %v: %v, %v; want %v", tc.raw, tc.loc, got, err, tc.want)
		}
		e := decodeEntry(json.RawMessage(`{"actionType":"VIEWED","time":`+tc.raw+`}`), tc.loc)
		if !e.Time.Equal(tc.want) {
			t.Errorf("%s in %v decodes to %v", tc.raw, tc.loc, e.Time)
		}
	}
	for _, raw := range []string{`"2017-12-13 10:57:35 PM XYZ"`, `"2017-12-13 10:57:35 PM +2500"`, `"2017-12-13 10:57:35 XM"`} {
		if got, err := parseTime(json.RawMessage(raw), denver); err == nil {
			t.Errorf("%s read as %v; want an error, not a guess", raw, got)
		}
	}
}

func TestLoadTimezone(t *testing.T) {
	if loc, err := LoadTimezone(""); err != nil || loc.String() != DefaultTimezone {
		t.Errorf(`LoadTimezone("") = %v, %v; want %s`, loc, err, DefaultTimezone)
	}
	if loc, err := LoadTimezone("Europe/Berlin"); err != nil || loc.String() != "Europe/Berlin" {
		t.Errorf("LoadTimezone(Europe/Berlin) = %v, %v", loc, err)
	}
	for name, says := range map[string]string{"Local": "this machine's zone", "America/Denvr": `"America/Denvr" is not known`} {
		if _, err := LoadTimezone(name); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("LoadTimezone(%s) = %v; want an error saying %q", name, err, says)
		}
	}
	for zone, want := range map[string]time.Duration{"UTC": 14 * time.Hour, "Pacific/Kiritimati": 28 * time.Hour, "Europe/Berlin": 15 * time.Hour} {
		if got := margin(mustZone(t, zone), testNow); got != want {
			t.Errorf("margin in %s = %v, want %v", zone, got, want)
		}
	}
}

// describeQuery names a query's range in failure messages.
func describeQuery(q model.Query) string {
	f := func(t time.Time) string {
		if t.IsZero() {
			return "open"
		}
		return t.Format(time.RFC3339Nano)
	}
	return "range " + f(q.Since) + " to " + f(q.Until)
}

// TestZoneClockAsTimeDate: the clock's remembered offset gives what
// time.Date gives, for readings an hour apart over two years in each zone,
// through every change of offset, and for readings that jump about.
func TestZoneClockAsTimeDate(t *testing.T) {
	for _, name := range append(testZones, "Australia/Lord_Howe", "America/St_Johns", "Asia/Kathmandu") {
		loc := mustZone(t, name)
		z := zoneClock{loc: loc}
		check := func(wall time.Time) {
			y, m, d := wall.Date()
			h, mi, s := wall.Clock()
			want := time.Date(y, m, d, h, mi, s, wall.Nanosecond(), loc).UTC()
			if got := z.at(wall); !got.Equal(want) {
				t.Fatalf("%s: %v reads as %v, time.Date %v", name, wall, got, want)
			}
		}
		start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		for wall := start; wall.Before(start.AddDate(2, 0, 0)); wall = wall.Add(time.Hour + 7*time.Minute + 3*time.Second) {
			check(wall)
		}
		for i := range 5000 {
			check(start.Add(time.Duration(i*7919) * 97 * time.Minute))
			check(start.Add(time.Duration((i*104729)%20000) * time.Hour))
		}
	}
}

// TestExportThroughFaultsEveryZone: an export of a range with edges on and
// between events, from logs written in three zones and served in the three
// orders, through an instance failing every other request in every way while
// entries arrive late inside the window and at its head: every event in
// range once, nothing outside it.
func TestExportThroughFaultsEveryZone(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		zone  string
		order domoemu.Order
	}{{"Pacific/Kiritimati", domoemu.Unsorted}, {"Europe/Berlin", domoemu.OldestFirst}, {"America/Denver", domoemu.NewestFirst}} {
		t.Run(tc.zone, func(t *testing.T) {
			t.Parallel()
			now := time.Now() // real clocks: the faults write Retry-After as HTTP dates
			zone := mustZone(t, tc.zone)
			em := domoemu.New(domoemu.Options{ClientID: testClientID, ClientSecret: testSecret, Now: now, Events: 300, Seed: 12,
				Zone: zone, Order: tc.order, LatePerRequest: 2, AddPerRequest: 1,
				Faults: faults.Plan{Every: 2, Kinds: faults.All, Wait: time.Second, Delay: 1500 * time.Millisecond}})
			srv := sourcetest.Serve(t, em)
			src := New(Config{Common: transport.Common{BaseURL: srv.URL, Now: func() time.Time { return time.Now().Add(time.Hour) }, HTTP: transport.Options{Backoff: time.Millisecond, Timeout: 700 * time.Millisecond, Attempts: 4}}, ClientID: testClientID, ClientSecret: testSecret, PageSize: 25, Location: zone}) // under the slow answers' delay, well over a loopback answer's time
			want := eventsOf(em, em.Entries())
			qs := rangeQueries(want)
			q := model.Query{Since: qs[1].Since, Until: qs[2].Until}
			var out bytes.Buffer
			_, err := sources.Export(context.Background(), src, q, sources.ExportOptions{Walk: sources.WalkOptions{Backoff: time.Millisecond}}, &out)
			if err != nil {
				t.Fatalf("export through faults: %v (injected %v)", err, em.Injected())
			}
			var got []model.Event
			for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
				r, err := model.ParseRecord([]byte(line))
				if err != nil {
					t.Fatalf("line %q: %v", line, err)
				}
				got = append(got, r.Event())
			}
			requireExactWalk(t, describeQuery(q), got, want, eventsOf(em, em.Entries()), q)
			sourcetest.RequireAllFaults(t, em.Injected())
		})
	}
}
