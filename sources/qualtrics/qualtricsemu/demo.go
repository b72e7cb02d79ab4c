// Package qualtricsemu is an emulator of Qualtrics' activity-log API (POST
// /oauth2/token, GET /API/v3/logs and /API/v3/logs/activitytypes), in the
// manner of net/http/httptest: an http.Handler over generated data, with a
// switch for each behaviour the documentation leaves open (nextPage as a
// token or a URL, data-center proxying, the types listed), so tests and
// `trail --demo qualtrics` run the real client in sources/qualtrics against
// it on loopback.
//
// It is a reading of the provider's documentation made apart from the
// client: it imports nothing of sources/qualtrics and keeps its own copies
// of the few facts it needs, so a wrong assumption in the client is not
// silently shared by the emulator that tests it.
package qualtricsemu

import (
	"net/http"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// Facts of the API the emulator serves by, each from the sources in
// shared/reference/providers.md, section 3.
const (
	// scope is the OAuth scope that reads the activity logs
	// (read:activity_logs, in the public Singer audit tap).
	scope = "read:activity_logs"
	// maxPageSize is the largest pageSize the emulator accepts: undocumented,
	// one public client caps this list at 1000.
	maxPageSize = 1000
	// defaultWindow is how far a query without startDate or endDate
	// reaches: 7 days, per Qualtrics' Postman collection for List Events.
	defaultWindow = 7 * 24 * time.Hour
	// dateLayout is how startDate and endDate are written in that
	// collection's example: ISO 8601 in UTC with milliseconds.
	dateLayout = "2006-01-02T15:04:05.000Z"
)

// DemoOptions is the emulator `trail --demo qualtrics` runs: four weeks of a
// brand's activity ending at now, so widening the 7-day default window shows
// more, with enough latency that loading states can be seen. It pages with
// nextPage URLs, the form that exercises the host check.
func DemoOptions(now time.Time) Options {
	return Options{
		Token:    DemoToken,
		Now:      now,
		Events:   2400,
		Span:     28 * 24 * time.Hour,
		Seed:     20201113,
		Latency:  200 * time.Millisecond,
		NextPage: NextPageURL,
	}
}

// Demo returns the demo's emulator, for qualtrics.Demo.
func Demo(now time.Time) http.Handler { return New(DemoOptions(now)) }

func demo(now time.Time) *Emulator { return New(DemoOptions(now)) }

// DemoArriving is Demo with a new entry every every (emulate.DemoArriving).
func DemoArriving(every time.Duration) func(now time.Time) http.Handler {
	return emulate.DemoArriving(every, demo, func(em *Emulator, at time.Time, n int) {
		for _, e := range generateEntries(1, int64(n), at, time.Second, []string{"logins"}) {
			e.Timestamp = at
			em.Add(e)
		}
	})
}
