package domo

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/emulate"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// The test credentials are long and unusual so that finding one in an error
// is never a coincidence.
const (
	testClientID = "cid-4b1e9d7a-2c5f-4e8b-9a3d-6f0c1e7b5a92"
	testSecret   = "sec-9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddcc"
)

// checks are the shared assertions about errors, for domo and its
// credentials.
var checks = sourcetest.Checks{Provider: "domo", Secrets: []string{testSecret, testClientID}}

// fastHTTP makes tests quick: retries without real backoff, and every 429
// handed straight to the decoder (TestShortRateLimitIsWaitedOut covers the
// transport's own waiting).
var fastHTTP = transport.Options{Backoff: time.Millisecond, MaxWait: time.Nanosecond}

// testNow ends the generated logs: a Tuesday afternoon.
var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

// seedNow ends the generated logs of the fuzz seeds and the benchmarks.
var seedNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// startEmulator serves an emulator on loopback and returns it with a client
// whose page size is pageSize and whose clock is testNow, unless opts or cfg
// set them.
func startEmulator(t *testing.T, opts domoemu.Options, cfg Config) (*domoemu.Emulator, *Source) {
	t.Helper()
	if opts.ClientID == "" {
		opts.ClientID, opts.ClientSecret = testClientID, testSecret
	}
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	em := domoemu.New(opts)
	srv := sourcetest.Serve(t, em)
	cfg.BaseURL = srv.URL + "/"
	if cfg.ClientID == "" {
		cfg.ClientID, cfg.ClientSecret = testClientID, testSecret
	}
	if cfg.Client == nil {
		cfg.Client = srv.Client()
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return testNow }
	}
	if cfg.Name == "" {
		cfg.Name = "test"
	}
	if cfg.Location == nil {
		cfg.Location = em.Zone() // the client reads times in the zone they are written in
	}
	if cfg.HTTP.Backoff == 0 {
		cfg.HTTP.Backoff, cfg.HTTP.MaxWait = fastHTTP.Backoff, fastHTTP.MaxWait
	}
	return em, New(cfg)
}

// startCanned serves fixed responses: a token to every token request, and
// status, contentType and body to every other request.
func startCanned(t *testing.T, status int, contentType, body string, header map[string]string) *Source {
	t.Helper()
	canned := sourcetest.Canned(status, contentType, body, header)
	srv := sourcetest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			writeJSON(w, http.StatusOK, map[string]any{"access_token": testSecret + "-tok", "token_type": "bearer", "expires_in": 3599})
			return
		}
		canned.ServeHTTP(w, r)
	}))
	return New(Config{Common: transport.Common{BaseURL: srv.URL, HTTP: fastHTTP, Client: srv.Client(), Name: "test", Now: func() time.Time { return testNow }}, ClientID: testClientID, ClientSecret: testSecret})
}

// eventsOf maps emulator entries, in the order served, to the events the
// client should make of them, through the same JSON the emulator sends.
func eventsOf(em *domoemu.Emulator, entries []domoemu.Entry) []model.Event {
	return decodeEntries(rawsOf(em, entries), em.Zone())
}

// rawsOf returns entries as the emulator em sends them.
func rawsOf(em *domoemu.Emulator, entries []domoemu.Entry) []json.RawMessage {
	raws := make([]json.RawMessage, len(entries))
	for i, e := range entries {
		raws[i] = em.JSON(e)
	}
	return raws
}

// pageOf is the page of em's whole log as Domo sends it: a fuzz seed.
func pageOf(em *domoemu.Emulator) []byte {
	body, _ := json.Marshal(rawsOf(em, em.Entries()))
	return body
}

// requireOnce checks that every event of want is in got exactly once, and
// got holds nothing else but events allowed by extra.
func requireOnce(t *testing.T, what string, got, want []model.Event, extra func(model.Event) bool) {
	t.Helper()
	count := map[string]int{}
	for _, e := range got {
		count[e.ID]++
	}
	for _, e := range want {
		if n := count[e.ID]; n != 1 {
			t.Errorf("%s: event %s (%s %s) seen %d times", what, e.ID, e.Time.Format(time.RFC3339Nano), e.Summary, n)
		}
		delete(count, e.ID)
	}
	for _, e := range got {
		if _, left := count[e.ID]; left && (extra == nil || !extra(e)) {
			t.Errorf("%s: unexpected event %s (%s %s)", what, e.ID, e.Time.Format(time.RFC3339Nano), e.Summary)
		}
	}
}

// writeJSON answers with v as JSON, as Domo does, for canned servers.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := emulate.MarshalJSON(v)
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
