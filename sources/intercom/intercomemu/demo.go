// Package intercomemu is an emulator of Intercom's admin activity log API
// (GET /admins/activity_logs and POST /admins/activity_logs/search), in the
// manner of net/http/httptest: an http.Handler over generated data, with a
// switch for each behaviour the documentation leaves open (the form of
// pages.next, inclusive bounds, total_pages left out), so tests and
// `trail --demo intercom` run the real client in sources/intercom against
// it on loopback.
//
// It is a reading of the provider's documentation made apart from the
// client: it imports nothing of sources/intercom and keeps its own copies
// of the few facts it needs, so a wrong assumption in the client is not
// silently shared by the emulator that tests it.
package intercomemu

import (
	"net/http"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// maxPageSize is the largest per_page the emulator takes: 1 to 250 on the
// search endpoint in Intercom's API reference (2.16, "Search admin activity
// logs"); the GET documents none, and the emulator holds it to the same.
const maxPageSize = 250

// DemoOptions is the emulator `trail --demo intercom` runs: four weeks of a
// workspace's activity ending at now, read (at the default Intercom-Version)
// through the search endpoint, 250 a page, with enough latency that loading
// states can be seen.
func DemoOptions(now time.Time) Options {
	return Options{
		Token:   DemoToken,
		Now:     now,
		Events:  900,
		Seed:    20241218,
		Latency: 200 * time.Millisecond,
	}
}

// Demo returns the demo's emulator, for intercom.Demo.
func Demo(now time.Time) http.Handler { return New(DemoOptions(now)) }

func demo(now time.Time) *Emulator { return New(DemoOptions(now)) }

// DemoArriving is Demo with a new entry every every (emulate.DemoArriving).
func DemoArriving(every time.Duration) func(now time.Time) http.Handler {
	return emulate.DemoArriving(every, demo, func(em *Emulator, at time.Time, n int) {
		e := generateEntries(1, int64(n), at)[0]
		e.ID, e.CreatedAt = "", at // numbered by the log, after the newest
		em.Add(e)
	})
}
