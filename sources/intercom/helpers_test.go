package intercom

import (
	"context"
	"errors"
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
const testToken = "dG9rOjhmM2E5YzJlNWIxZDRmNmE4YzBlMmI0ZDZmOGExYzNlOjE6MA=="

// testNow ends the generated logs: a Tuesday afternoon.
var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

// fastHTTP makes tests quick: retries after failures without real backoff.
// Rate-limit waits are left as they are (up to a minute), since the client's
// pacing by X-RateLimit-Remaining and its waits after a 429 are what many of
// these tests are about; tests that want a 429 handed straight to the
// decoder set MaxWait.
var fastHTTP = transport.Options{Backoff: time.Millisecond}

// startEmulator serves an emulator on loopback and returns it with a client
// whose page size is pageSize and whose clock says testNow.
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
	return em, New(Config{BaseURL: srv.URL + "/", Token: testToken, PageSize: pageSize, Client: srv.Client(), Name: "test", HTTP: fastHTTP,
		Now: func() time.Time { return testNow }})
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
	return New(Config{BaseURL: srv.URL, Token: testToken, Client: srv.Client(), Name: "test", HTTP: fastHTTP, Now: func() time.Time { return testNow }})
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

// requireError checks an error's sentinel, that its text says something
// useful, carries a hint, and never the token.
func requireError(t *testing.T, err error, kind error, status int, says ...string) *sources.Error {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v; want %v", err, kind)
	}
	var e *sources.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *sources.Error", err)
	}
	if e.Provider != "intercom" || e.Status != status || e.Hint == "" {
		t.Errorf("error %+v: want provider intercom, status %d and a hint", e, status)
	}
	for _, s := range says {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not say %q", err, s)
		}
	}
	requireNoToken(t, "error", err.Error())
	return e
}

// newServer serves h on loopback until the test ends.
func newServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
