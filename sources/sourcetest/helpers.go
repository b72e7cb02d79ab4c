package sourcetest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/faults"
)

// Helpers for a provider's own tests: walking a source, serving an emulator
// or a canned answer, checking an export.

// RequireOffered fails the test for each action an emulator generated
// (action of each of its entries) that caps does not offer, but those in
// except.
func RequireOffered[E any](t testing.TB, caps sources.Capabilities, entries []E, action func(E) string, except ...string) {
	t.Helper()
	for _, e := range entries {
		if a := action(e); !slices.Contains(caps.Actions, a) && !slices.Contains(except, a) {
			t.Errorf("generated action %q is not in Capabilities().Actions", a)
		}
	}
}

// CompactJSON is b without the spaces and line ends of its JSON layout, or
// b as it is when it is not JSON.
func CompactJSON(b []byte) []byte {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return b
	}
	return buf.Bytes()
}

// FirstPage fetches the first page of q, failing the test on an error.
func FirstPage(t testing.TB, src sources.Source, q model.Query) sources.Page {
	t.Helper()
	page, err := src.Fetch(context.Background(), q, "")
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// WalkAll follows Next from the first page and returns every event and
// page, failing the test on an error or after 1000 pages.
func WalkAll(t testing.TB, src sources.Source, q model.Query) ([]model.Event, []sources.Page) {
	t.Helper()
	return walkBetween(t, src, q, "", nil)
}

// WalkFrom is WalkAll from cursor on: the events of its page and every
// page after it.
func WalkFrom(t testing.TB, src sources.Source, cursor string) []model.Event {
	t.Helper()
	all, _ := walkBetween(t, src, model.Query{}, cursor, nil)
	return all
}

// Walked is every event sources.Walk finds for q, in order, and the walk's
// error: what a test compares a view or an export with.
func Walked(ctx context.Context, src sources.Source, q model.Query, opts sources.WalkOptions) ([]model.Event, error) {
	var all []model.Event
	err := sources.Walk(ctx, src, q, opts, func(evs []model.Event) error {
		all = append(all, evs...)
		return nil
	})
	return all, err
}

// WalkAdding walks src as WalkAll does and calls between before each page
// after the first (a test adds entries there) and returns every event.
func WalkAdding(t testing.TB, src sources.Source, between func()) []model.Event {
	t.Helper()
	all, _ := walkBetween(t, src, model.Query{}, "", between)
	return all
}

func walkBetween(t testing.TB, src sources.Source, q model.Query, cursor string, between func()) ([]model.Event, []sources.Page) {
	t.Helper()
	var all []model.Event
	var pages []sources.Page
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
		if between != nil {
			between()
		}
	}
	t.Fatal("paging does not end")
	return nil, nil
}

// IDs lists the events' ids, for comparing lists in failure messages.
func IDs(evs []model.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

// Matching returns the events of evs that q matches, leaving evs as it is.
func Matching(evs []model.Event, q model.Query) []model.Event {
	var out []model.Event
	for i := range evs {
		if q.Matches(&evs[i]) {
			out = append(out, evs[i])
		}
	}
	return out
}

// RequireIDs fails the test unless got and want hold the same ids in the
// same order.
func RequireIDs(t testing.TB, what string, got, want []model.Event) {
	t.Helper()
	if !slices.Equal(IDs(got), IDs(want)) {
		t.Fatalf("%s: got %d events %v\nwant %d events %v", what, len(got), IDs(got), len(want), IDs(want))
	}
}

// Serve serves h on loopback until the test ends.
func Serve(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// Canned answers every request with the same response: status, a
// Content-Type unless contentType is "", header and body.
func Canned(status int, contentType, body string, header map[string]string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
}

// Call sends one request to an emulator served by srv, with header as
// given (keys not canonicalized), and decodes the JSON object it answers.
func Call(t testing.TB, srv *httptest.Server, method, pathQuery string, header map[string]string) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL+pathQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = []string{v}
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%s %s: body %q is not a JSON object", method, pathQuery, body)
	}
	return resp.StatusCode, resp.Header, v
}

// RequireCancelEndsWait checks that h, an emulator whose answers wait out a
// long latency, lets go at once, unanswered, of a request whose client has
// given up: req carries a context already cancelled.
func RequireCancelEndsWait(t testing.TB, h http.Handler, req *http.Request) {
	t.Helper()
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() { h.ServeHTTP(rec, req); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the emulator kept a cancelled request waiting")
	}
	if rec.Body.Len() != 0 {
		t.Errorf("a cancelled request got a body: %s", rec.Body)
	}
}

// RequireExported checks an export that reported n events and wrote out:
// one record a line, with the ids of want, in order.
func RequireExported(t testing.TB, out string, n int, want []string) {
	t.Helper()
	if n != len(want) {
		t.Fatalf("exported %d events, the log holds %d", n, len(want))
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines for %d events", len(lines), len(want))
	}
	for i, line := range lines {
		r, err := model.ParseRecord([]byte(line))
		if err != nil || r.ID != want[i] {
			t.Fatalf("line %d: %v %q, want event %s", i, err, r.ID, want[i])
		}
	}
}

// RequireAllFaults checks that every kind of fault was injected.
func RequireAllFaults(t testing.TB, injected []faults.Kind) {
	t.Helper()
	seen := map[faults.Kind]bool{}
	for _, k := range injected {
		seen[k] = true
	}
	if len(seen) != len(faults.All) {
		t.Errorf("only these faults were injected: %v", injected)
	}
}

// RequireRateLimitWaitedOut checks two fetches from src, whose provider
// answers the second with a short rate limit: the transport sits the wait
// out by itself, both succeed, and the wait is reported once, to whoever
// watches the fetch.
func RequireRateLimitWaitedOut(t testing.TB, src sources.Source) {
	t.Helper()
	var waits []sources.Progress
	ctx := sources.WithProgress(context.Background(), func(p sources.Progress) { waits = append(waits, p) })
	for i := range 2 {
		if _, err := src.Fetch(ctx, model.Query{}, ""); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	if len(waits) != 1 || waits[0].Until.IsZero() || !strings.Contains(waits[0].Message, "rate limited") {
		t.Errorf("the wait was not reported: %+v", waits)
	}
}

// Keys is what a Codec's Detect is given for the entry raw: whether it has
// a member of a name. Anything but a JSON object has none.
func Keys(raw []byte) func(name string) bool {
	var obj map[string]json.RawMessage
	_ = json.Unmarshal(raw, &obj)
	return func(name string) bool { _, ok := obj[name]; return ok }
}

// EventsOf maps emulator entries to the events a client should make of
// them, through the same JSON the emulator sends: decode is the client's
// own reading of one entry.
func EventsOf[E json.Marshaler](t testing.TB, entries []E, decode func(raw []byte, e E) model.Event) []model.Event {
	t.Helper()
	evs := make([]model.Event, len(entries))
	for i, e := range entries {
		raw, err := e.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		evs[i] = decode(raw, e)
	}
	return evs
}

// RequireConcurrentFetches runs n first-page fetches of src at once and
// fails t for each that fails (a test of one shared token counts the
// tokens issued after).
func RequireConcurrentFetches(t testing.TB, src sources.Source, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			_, err := src.Fetch(context.Background(), model.Query{}, "")
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// RequireDeterministic fails t unless an emulator's generator gives the
// same log for the same seed and now, another for another seed, and n
// entries when asked for each n of counts.
func RequireDeterministic[E any](t testing.TB, generate func(n int, seed int64, now time.Time) []E, now time.Time, counts ...int) {
	t.Helper()
	a := generate(500, 7, now)
	b := generate(500, 7, now)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed and now gave different logs")
	}
	if c := generate(500, 8, now); reflect.DeepEqual(a, c) {
		t.Error("a different seed gave the same log")
	}
	for _, n := range counts {
		if got := len(generate(n, 7, now)); got != n {
			t.Errorf("%d events gave %d", n, got)
		}
	}
}
