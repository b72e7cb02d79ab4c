// Package domoemu is an emulator of Domo's Activity Log API (POST or GET
// /oauth/token, GET /v1/audit), in the manner of net/http/httptest: an
// http.Handler over generated data, with a switch for each behaviour the
// documentation leaves open (time forms, order, token errors, zones), so
// tests and `trail --demo domo` run the real client in sources/domo against
// it on loopback.
//
// It is a reading of the provider's documentation made apart from the
// client: it imports nothing of sources/domo and keeps its own copies of the
// few facts it needs, so a wrong assumption in the client is not silently
// shared by the emulator that tests it.
package domoemu

import (
	"net/http"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// maxPageSize is the largest limit the emulator serves. Domo documents no
// maximum; public clients page with limit=1000 (the R clients cited in
// shared/reference/providers.md, 1.3), so that is where the emulator caps.
const maxPageSize = 1000

// defaultZone is the zone the docs' zone-less times are written in: the v1
// docs' sample request (user 1619916076, 1513230600000 to 1513231200000 ms)
// and its sample entry at "2017-12-13 10:57:35 PM" agree only in US Mountain
// time (developer.domo.com, Activity Log API). A fixed UTC-7 stands in on a
// system without the zone database.
var defaultZone = func() *time.Location {
	if loc, err := time.LoadLocation("America/Denver"); err == nil {
		return loc
	}
	return time.FixedZone("MST", -7*3600)
}()

// DemoOptions is the emulator `trail --demo domo` runs: two weeks of an
// instance's activity ending at now, in the documented time form, with
// enough latency that loading states can be seen.
func DemoOptions(now time.Time) Options {
	return Options{
		ClientID:     DemoClientID,
		ClientSecret: DemoClientSecret,
		Now:          now,
		Events:       1500,
		Seed:         20171213,
		Latency:      200 * time.Millisecond,
	}
}

// Demo returns the demo's emulator, for domo.Demo.
func Demo(now time.Time) http.Handler { return New(DemoOptions(now)) }

func demo(now time.Time) *Emulator { return New(DemoOptions(now)) }

// DemoArriving is Demo with a new entry every every (emulate.DemoArriving).
func DemoArriving(every time.Duration) func(now time.Time) http.Handler {
	return emulate.DemoArriving(every, demo, func(em *Emulator, at time.Time, n int) {
		e := generateEntries(1, int64(n), at)[0]
		e.Time = at
		em.Add(e)
	})
}
