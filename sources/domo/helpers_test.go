package domo

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// The test credentials are long and unusual so that finding one in an error
// is never a coincidence.
const (
	testClientID = "cid-4b1e9d7a-2c5f-4e8b-9a3d-6f0c1e7b5a92"
	testSecret   = "sec-9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddcc"
)

// fastHTTP makes tests quick: retries without real backoff, and every 429
// handed straight to the decoder (TestShortRateLimitIsWaitedOut covers the
// transport's own waiting).
var fastHTTP = transport.Options{Backoff: time.Millisecond, MaxWait: time.Nanosecond}

// testNow ends the generated logs: a Tuesday afternoon.
var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

// fakeClock is a clock tests move by hand, shared by client and emulator.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// startEmulator serves an emulator on loopback and returns it with a client
// whose page size is pageSize and whose clock is testNow, unless opts or cfg
// set them.
func startEmulator(t *testing.T, opts EmulatorOptions, cfg Config) (*Emulator, *Source) {
	t.Helper()
	if opts.ClientID == "" {
		opts.ClientID, opts.ClientSecret = testClientID, testSecret
	}
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	em := NewEmulator(opts)
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
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
	if cfg.HTTP.Backoff == 0 {
		cfg.HTTP.Backoff, cfg.HTTP.MaxWait = fastHTTP.Backoff, fastHTTP.MaxWait
	}
	return em, New(cfg)
}

// startCanned serves fixed responses: a token to every token request, and
// status, contentType and body to every other request.
func startCanned(t *testing.T, status int, contentType, body string, header map[string]string) *Source {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			writeJSON(w, http.StatusOK, map[string]any{"access_token": testSecret + "-tok", "token_type": "bearer", "expires_in": 3599})
			return
		}
		for k, v := range header {
			w.Header().Set(k, v)
		}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return New(Config{BaseURL: srv.URL, ClientID: testClientID, ClientSecret: testSecret, HTTP: fastHTTP, Client: srv.Client(), Name: "test",
		Now: func() time.Time { return testNow }})
}

// eventsOf maps emulator entries, in the order served, to the events the
// client should make of them, through the same JSON the emulator sends.
func eventsOf(em *Emulator, entries []Entry) []model.Event {
	raws := make([]json.RawMessage, len(entries))
	for i, e := range entries {
		raws[i] = em.JSON(e)
	}
	return decodeEntries(raws)
}

// walkAll follows Next from the first page and returns every event and page.
func walkAll(t *testing.T, src sources.Source, q model.Query) ([]model.Event, []sources.Page) {
	t.Helper()
	var all []model.Event
	var pages []sources.Page
	cursor := ""
	for range 1000 {
		page, err := src.Fetch(context.Background(), q, cursor)
		if err != nil {
			t.Fatalf("page %d: %v", len(pages)+1, err)
		}
		pages = append(pages, page)
		all = append(all, page.Events...)
		if page.Next == "" {
			return all, pages
		}
		cursor = page.Next
	}
	t.Fatal("paging does not end")
	return nil, nil
}

// ids lists the events' ids, for comparing lists in failure messages.
func ids(evs []model.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

func requireIDs(t *testing.T, what string, got, want []model.Event) {
	t.Helper()
	if !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("%s: got %d events %v\nwant %d events %v", what, len(got), ids(got), len(want), ids(want))
	}
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

// requireNoSecret fails if a credential appears in s.
func requireNoSecret(t *testing.T, what, s string, tokens ...string) {
	t.Helper()
	for _, v := range append(tokens, testSecret, testClientID) {
		if v != "" && strings.Contains(s, v) {
			t.Errorf("%s contains a credential: %q", what, s)
		}
	}
}

// requireError checks an error's sentinel, status and provider, that its text
// says each of says, that it carries a hint, and never a credential.
func requireError(t *testing.T, err error, kind error, status int, says ...string) *sources.Error {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v; want %v", err, kind)
	}
	var e *sources.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *sources.Error", err)
	}
	if e.Provider != "domo" || e.Status != status || e.Hint == "" {
		t.Errorf("error %+v: want provider domo, status %d and a hint", e, status)
	}
	for _, s := range says {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not say %q", err, s)
		}
	}
	requireNoSecret(t, "error", err.Error())
	return e
}
