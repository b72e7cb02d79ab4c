package canary

import (
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/emulate"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// testToken is long and unusual so that finding it in an error is never a
// coincidence.
const testToken = "tok-7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e"

// testNow ends the generated logs: a Tuesday afternoon.
var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

// seedNow ends the generated logs of the fuzz seeds and the benchmarks.
var seedNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// checks are the shared assertions about errors, for canary and its token.
var checks = sourcetest.Checks{Provider: "canary", Secrets: []string{testToken}}

// fastHTTP makes tests quick: retries without real backoff, and every 429
// handed straight to the decoder (TestShortRateLimitIsWaitedOut covers the
// transport's own waiting).
var fastHTTP = transport.Options{Backoff: time.Millisecond, MaxWait: time.Nanosecond}

// startEmulator serves an emulator on loopback and returns it with a client
// whose page size is pageSize.
func startEmulator(t *testing.T, opts canaryemu.Options, pageSize int) (*canaryemu.Emulator, *Source) {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	em := canaryemu.New(opts)
	srv := sourcetest.Serve(t, em)
	return em, New(Config{Common: transport.Common{BaseURL: srv.URL + "/", HTTP: fastHTTP, Client: srv.Client(), Name: "test"}, Token: testToken, PageSize: pageSize})
}

// startSearching is startEmulator with a client that sends search_term
// (server_search = true).
func startSearching(t *testing.T, opts canaryemu.Options, pageSize int) (*canaryemu.Emulator, *Source) {
	t.Helper()
	em, src := startEmulator(t, opts, pageSize)
	src.search = true
	return em, src
}

// startCanned serves one fixed response to every request.
func startCanned(t *testing.T, status int, contentType, body string, header map[string]string) *Source {
	t.Helper()
	srv := sourcetest.Serve(t, sourcetest.Canned(status, contentType, body, header))
	return New(Config{Common: transport.Common{BaseURL: srv.URL, HTTP: fastHTTP, Client: srv.Client(), Name: "test"}, Token: testToken})
}

// eventsOf maps emulator entries to the events the client should make of
// them, through the same JSON the emulator sends.
func eventsOf(t *testing.T, entries []canaryemu.Entry) []model.Event {
	return sourcetest.EventsOf(t, entries, func(raw []byte, e canaryemu.Entry) model.Event { return decodeEntry(raw) })
}

// mustJSON encodes v as a provider sends JSON (no HTML escaping); the
// tests build v to be valid.
func mustJSON(v any) []byte {
	b, err := emulate.MarshalJSON(v)
	if err != nil {
		panic(err)
	}
	return b
}
