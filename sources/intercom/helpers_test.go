package intercom

import (
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// testToken is long and unusual so that finding it in an error is never a
// coincidence.
const testToken = "dG9rOjhmM2E5YzJlNWIxZDRmNmE4YzBlMmI0ZDZmOGExYzNlOjE6MA=="

// testNow ends the generated logs: a Tuesday afternoon.
var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

// seedNow ends the generated logs of the fuzz seeds and the benchmarks.
var seedNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// checks are the shared assertions about errors, for intercom and its token.
var checks = sourcetest.Checks{Provider: "intercom", Secrets: []string{testToken}}

// fastHTTP makes tests quick: retries after failures without real backoff.
// Rate-limit waits are left as they are (up to a minute), since the client's
// pacing by X-RateLimit-Remaining and its waits after a 429 are what many of
// these tests are about; tests that want a 429 handed straight to the
// decoder set MaxWait.
var fastHTTP = transport.Options{Backoff: time.Millisecond}

// getVersion is an Intercom-Version without the search endpoint: the tests
// of the GET's paging, errors and limits use it; search_test.go the rest.
const getVersion = "2.15"

// startEmulator serves an emulator on loopback and returns it with a client
// whose page size is pageSize and whose clock says testNow, reading the GET
// endpoint (Intercom-Version getVersion).
func startEmulator(t *testing.T, opts intercomemu.Options, pageSize int) (*intercomemu.Emulator, *Source) {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	em := intercomemu.New(opts)
	srv := sourcetest.Serve(t, em)
	return em, New(Config{Common: transport.Common{BaseURL: srv.URL + "/", Client: srv.Client(), Name: "test", HTTP: fastHTTP, Now: func() time.Time { return testNow }}, Token: testToken, APIVersion: getVersion, PageSize: pageSize})
}

// startCanned serves one fixed response to every request.
func startCanned(t *testing.T, status int, contentType, body string, header map[string]string) *Source {
	t.Helper()
	srv := sourcetest.Serve(t, sourcetest.Canned(status, contentType, body, header))
	return New(Config{Common: transport.Common{BaseURL: srv.URL, Client: srv.Client(), Name: "test", HTTP: fastHTTP, Now: func() time.Time { return testNow }}, Token: testToken, APIVersion: getVersion})
}

// eventsOf maps emulator entries to the events the client should make of
// them, through the same JSON the emulator sends.
func eventsOf(t *testing.T, entries []intercomemu.Entry) []model.Event {
	return sourcetest.EventsOf(t, entries, func(raw []byte, e intercomemu.Entry) model.Event { return decodeEntry(raw) })
}
