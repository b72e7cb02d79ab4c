package canary

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// testToken is long and unusual so that finding it in an error is never a
// coincidence.
const testToken = "tok-7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e"

// testNow ends the generated logs: a Tuesday afternoon.
var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

// startEmulator serves an emulator on loopback and returns it with a client
// whose page size is pageSize.
// fastHTTP makes tests quick: retries without real backoff, and every 429
// handed straight to the decoder (TestShortRateLimitIsWaitedOut covers the
// transport's own waiting).
var fastHTTP = transport.Options{Backoff: time.Millisecond, MaxWait: time.Nanosecond}

func startEmulator(t *testing.T, opts EmulatorOptions, pageSize int) (*Emulator, *Source) {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	em := NewEmulator(opts)
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	return em, New(Config{BaseURL: srv.URL + "/", Token: testToken, HTTP: fastHTTP, PageSize: pageSize, Client: srv.Client(), Name: "test"})
}

// startCanned serves one fixed response to every request.
func startCanned(t *testing.T, status int, contentType, body string, header map[string]string) *Source {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	return New(Config{BaseURL: srv.URL, Token: testToken, HTTP: fastHTTP, Client: srv.Client(), Name: "test"})
}

// eventsOf maps emulator entries to the events the client should make of
// them, through the same JSON the emulator sends.
func eventsOf(t *testing.T, entries []Entry) []model.Event {
	t.Helper()
	evs := make([]model.Event, len(entries))
	for i, e := range entries {
		raw, err := e.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		evs[i] = decodeEntry(raw)
	}
	return evs
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

// matching returns the events of evs that q matches.
func matching(evs []model.Event, q model.Query) []model.Event {
	var out []model.Event
	for i := range evs {
		if q.Matches(&evs[i]) {
			out = append(out, evs[i])
		}
	}
	return out
}

func requireIDs(t *testing.T, what string, got, want []model.Event) {
	t.Helper()
	if !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("%s: got %d events %v\nwant %d events %v", what, len(got), ids(got), len(want), ids(want))
	}
}

// requireNoToken fails if the test token appears in s.
func requireNoToken(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(s, testToken) {
		t.Errorf("%s contains the token: %q", what, s)
	}
}
