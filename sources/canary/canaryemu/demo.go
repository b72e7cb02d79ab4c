// Package canaryemu is an emulator of the Thinkst Canary Console audit-trail
// API (GET /api/v1/audit_trail/fetch), in the manner of net/http/httptest:
// an http.Handler over generated data, with a switch for each behaviour the
// documentation leaves open, so tests and `trail --demo` run the real client
// in sources/canary against it on loopback.
//
// It is a reading of the provider's documentation made apart from the
// client: it imports nothing of sources/canary, and keeps its own copies of
// the few forms it needs, so a wrong assumption in the client is not
// silently shared by the emulator that tests it.
package canaryemu

import (
	"net/http"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// DemoOptions is the emulator `trail --demo` runs: about two weeks of a
// console's activity ending at now, with enough latency that loading states
// can be seen.
func DemoOptions(now time.Time) Options {
	return Options{
		Token:          DemoToken,
		Now:            now,
		Events:         1200,
		Seed:           20200417,
		Latency:        200 * time.Millisecond,
		InclusiveDates: true,
	}
}

// Demo returns the demo's emulator, for canary.Demo.
func Demo(now time.Time) http.Handler { return New(DemoOptions(now)) }

func demo(now time.Time) *Emulator { return New(DemoOptions(now)) }

// DemoArriving is Demo with a new entry every every (emulate.DemoArriving).
func DemoArriving(every time.Duration) func(now time.Time) http.Handler {
	return emulate.DemoArriving(every, demo, func(em *Emulator, at time.Time, n int) {
		e := generateEntries(1, int64(n), at)[0]
		e.Timestamp = at
		em.Add(e)
	})
}
