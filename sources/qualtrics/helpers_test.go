package qualtrics

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// Credentials long and unusual enough that finding one in an error is never
// a coincidence.
const (
	testToken    = "qtok-7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e"
	testClientID = "qcid-0b9e8d7c6b5a4f3e"
	testSecret   = "qsec-5d4c3b2a1f0e9d8c7b6a"
)

// testNow ends the generated logs: a Tuesday afternoon.
var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

// seedNow ends the generated logs of the fuzz seeds and the benchmarks.
var seedNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// checks are the shared assertions about errors, for qualtrics and every
// credential: the test ones and those the emulator issues ("emu_...").
var checks = sourcetest.Checks{Provider: "qualtrics", Secrets: []string{testToken, testClientID, testSecret, "emu_"}}

// fastHTTP makes tests quick: retries without real backoff, and every 429
// handed straight to the decoder (TestShortRateLimitIsWaitedOut covers the
// transport's own waiting).
var fastHTTP = transport.Options{Backoff: time.Millisecond, MaxWait: time.Nanosecond}

// serve starts an emulator on loopback with the test credentials and clock.
func serve(t *testing.T, opts qualtricsemu.Options) (*qualtricsemu.Emulator, *httptest.Server) {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	if opts.ClientID == "" {
		opts.ClientID, opts.ClientSecret = testClientID, testSecret
	}
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	em := qualtricsemu.New(opts)
	return em, sourcetest.Serve(t, em)
}

// client returns a Source for srv: cfg as given, with the server's address
// and HTTP client, the test clock, and the API token unless cfg names an
// OAuth client.
func client(srv *httptest.Server, cfg Config) *Source {
	if cfg.BaseURL == "" {
		cfg.BaseURL = srv.URL
	}
	if cfg.Token == "" && cfg.ClientID == "" {
		cfg.Token = testToken
	}
	if cfg.Client == nil {
		cfg.Client = srv.Client()
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return testNow }
	}
	if cfg.HTTP.Backoff == 0 {
		cfg.HTTP = fastHTTP
	}
	cfg.Name = "test"
	return New(cfg)
}

// oauthConfig is a Config that signs in with the test OAuth client.
func oauthConfig(pageSize int) Config {
	return Config{ClientID: testClientID, ClientSecret: testSecret, PageSize: pageSize}
}

// startEmulator serves an emulator and returns it with an API-token client
// whose page size is pageSize.
func startEmulator(t *testing.T, opts qualtricsemu.Options, pageSize int) (*qualtricsemu.Emulator, *Source) {
	t.Helper()
	em, srv := serve(t, opts)
	return em, client(srv, Config{PageSize: pageSize})
}

// startCanned serves one fixed response to every request.
func startCanned(t *testing.T, status int, contentType, body string, header map[string]string) (*Source, *httptest.Server) {
	t.Helper()
	srv := sourcetest.Serve(t, sourcetest.Canned(status, contentType, body, header))
	return client(srv, Config{}), srv
}

// eventsOf maps emulator entries to the events the client should make of
// them, through the same JSON the emulator sends.
func eventsOf(t *testing.T, entries []qualtricsemu.Entry) []model.Event {
	return sourcetest.EventsOf(t, entries, func(raw []byte, e qualtricsemu.Entry) model.Event { return decodeElement(raw, e.Type) })
}

// ofType keeps the entries of one activity type.
func ofType(entries []qualtricsemu.Entry, typ string) []qualtricsemu.Entry {
	var out []qualtricsemu.Entry
	for _, e := range entries {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// rawOf is an entry as the emulator sends it.
func rawOf(e qualtricsemu.Entry) json.RawMessage {
	b, err := e.MarshalJSON()
	if err != nil {
		panic(err)
	}
	return b
}
