package merge_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/intercom"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

const (
	canaryToken   = "tok-merge-canary-5b1d4f6a8c0e2b4d"
	intercomToken = "tok-merge-intercom-9c2e5b1d4f6a8c0e"
)

// fastHTTP retries without real backoff.
var fastHTTP = transport.Options{Backoff: time.Millisecond, MaxWait: time.Nanosecond}

// emulators serves a Canary and an Intercom emulator on loopback, each with
// n generated entries over the same weeks (so their times interleave), and
// returns them with real clients. intercomTok is the token the Intercom
// client sends.
func emulators(t *testing.T, n int, intercomTok string) (*canaryemu.Emulator, *intercomemu.Emulator, []merge.Named) {
	t.Helper()
	cem := canaryemu.New(canaryemu.Options{Token: canaryToken, Now: testNow, Events: n, Seed: 7})
	csrv := httptest.NewServer(cem)
	t.Cleanup(csrv.Close)
	iem := intercomemu.New(intercomemu.Options{Token: intercomToken, Now: testNow, Events: n, Seed: 11})
	isrv := httptest.NewServer(iem)
	t.Cleanup(isrv.Close)
	parts := []merge.Named{
		{Name: "console", Provider: "canary", Source: canary.New(canary.Config{
			Common:   transport.Common{BaseURL: csrv.URL, Client: csrv.Client(), HTTP: fastHTTP},
			Token:    canaryToken,
			PageSize: 25,
		})},
		{Name: "workspace", Provider: "intercom", Source: intercom.New(intercom.Config{
			Common:   transport.Common{BaseURL: isrv.URL, Client: isrv.Client(), HTTP: fastHTTP, Now: func() time.Time { return testNow }},
			Token:    intercomTok,
			PageSize: 20,
		})},
	}
	return cem, iem, parts
}

// item is an event as the test expects it: where from, which, when.
type item struct {
	source, id string
	time       time.Time
}

func (it item) String() string { return it.source + "/" + it.id }

// expected is the merge of both emulators' logs, worked out from their
// entries: newest first, ties in part order (the console first), then each
// log's own order.
func expected(cem *canaryemu.Emulator, iem *intercomemu.Emulator) []item {
	var want []item
	for _, e := range cem.Entries() {
		want = append(want, item{"console", strconv.FormatInt(e.ID, 10), e.Timestamp})
	}
	for _, e := range iem.Entries() {
		want = append(want, item{"workspace", e.ID, e.CreatedAt})
	}
	slices.SortStableFunc(want, func(a, b item) int { return b.time.Compare(a.time) })
	return want
}

func items(evs []model.Event) []item {
	out := make([]item, len(evs))
	for i, e := range evs {
		out[i] = item{e.Source, e.ID, e.Time}
	}
	return out
}

// TestEmulatorsMergeLazily is issue 10's test: a merged view of two
// emulators with interleaved times lists every event exactly once in time
// order while paging lazily from both.
func TestEmulatorsMergeLazily(t *testing.T) {
	cem, iem, parts := emulators(t, 300, intercomToken)
	want := expected(cem, iem)
	switches := 0
	for i := 1; i < len(want); i++ {
		if want[i].source != want[i-1].source {
			switches++
		}
	}
	if switches < 100 {
		t.Fatalf("the logs barely interleave (%d switches); the test needs them to", switches)
	}

	src := merge.New(parts, merge.Options{PageSize: 40})
	first := sourcetest.FirstPage(t, src, model.Query{})
	// 40 events take about 20 of each log: a page or two of each, not
	// a walk to the end (12 pages of Canary's, 15 of Intercom's).
	t.Logf("%d events, %d switches between the logs; after the first page of 40: %d canary and %d intercom requests",
		len(want), switches, len(cem.Requests()), len(iem.Requests()))
	if c, i := len(cem.Requests()), len(iem.Requests()); c > 2 || i > 2 || c == 0 || i == 0 {
		t.Errorf("after the first merged page the emulators saw %d (canary) and %d (intercom) requests; want 1 or 2 each", c, i)
	}

	got := first.Events
	for cursor := first.Next; cursor != ""; {
		page, err := src.Fetch(context.Background(), model.Query{}, cursor)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Events) > 40 {
			t.Fatalf("a page of %d events", len(page.Events))
		}
		got = append(got, page.Events...)
		cursor = page.Next
		if cursor == "" {
			for _, p := range page.Parts {
				if !p.Done || p.Err != nil || p.Events != 300 {
					t.Errorf("at the end, part %+v", p)
				}
			}
		}
	}
	if g := items(got); !slices.EqualFunc(g, want, func(a, b item) bool { return a.String() == b.String() && a.time.Equal(b.time) }) {
		t.Fatalf("merged walk differs:\n got %d events %v\nwant %d events %v", len(g), head(g), len(want), head(want))
	}
	for i := 1; i < len(got); i++ {
		if got[i].Time.After(got[i-1].Time) {
			t.Fatalf("event %d (%s) is newer than the one before it", i, got[i].ID)
		}
	}
	t.Logf("the whole walk: %d canary and %d intercom requests", len(cem.Requests()), len(iem.Requests()))
	// Each page of each log was asked for once: a page the merge stopped in
	// is kept for the next merged page rather than fetched again.
	for name, reqs := range map[string][]string{"canary": canaryQueries(cem), "intercom": intercomQueries(iem)} {
		seen := map[string]bool{}
		for _, q := range reqs {
			if seen[q] {
				t.Errorf("%s was asked for the same page twice: %s", name, q)
			}
			seen[q] = true
		}
	}
}

func canaryQueries(em *canaryemu.Emulator) []string {
	var out []string
	for _, r := range em.Requests() {
		out = append(out, r.RawQuery)
	}
	return out
}

// intercomQueries are the pages Intercom was asked for: the query of each
// GET, and the JSON body of each search (what 2.16 and later read).
func intercomQueries(em *intercomemu.Emulator) []string {
	var out []string
	for _, r := range em.Requests() {
		if r.Method == "GET" {
			out = append(out, r.RawQuery)
		}
	}
	for _, b := range em.Searches() {
		out = append(out, fmt.Sprintf("search %d %d %v page %d per %d", *b.CreatedAtAfter, *b.CreatedAtBefore, b.EventTypes, b.Page, b.PerPage))
	}
	return out
}

func head(its []item) []string {
	var out []string
	for _, it := range its[:min(len(its), 8)] {
		out = append(out, it.String())
	}
	return out
}

// TestEmulatorWrongToken: Intercom refuses the client's token; the view
// shows why, naming the part, and every Canary event still comes through.
func TestEmulatorWrongToken(t *testing.T) {
	cem, _, parts := emulators(t, 120, "not-the-token")
	src := merge.New(parts, merge.Options{PageSize: 50})
	first, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil {
		t.Fatalf("one part refused failed the view: %v", err)
	}
	ws := first.Parts[1]
	if ws.Name != "workspace" || !errors.Is(ws.Err, sources.ErrUnauthorized) {
		t.Errorf("workspace part %+v; want ErrUnauthorized", ws)
	}
	if !strings.Contains(first.Notice, "source workspace failed") {
		t.Errorf("notice %q does not name the failed part", first.Notice)
	}
	if strings.Contains(first.Notice, "not-the-token") || strings.Contains(ws.Err.Error(), "not-the-token") {
		t.Error("the token appears in the error")
	}
	got := sourcetest.WalkFrom(t, src, first.Next)
	got = append(first.Events, got...)
	var want []string
	for _, e := range cem.Entries() {
		want = append(want, strconv.FormatInt(e.ID, 10))
	}
	if !slices.Equal(sourcetest.IDs(got), want) {
		t.Fatalf("with intercom refused, got %d events, want canary's %d", len(got), len(want))
	}
}

// TestExportMerged exports a merged view: every record names its own
// source and provider, not the view's.
func TestExportMerged(t *testing.T) {
	cem, iem, parts := emulators(t, 80, intercomToken)
	var buf bytes.Buffer
	n, err := sources.Export(context.Background(), merge.New(parts, merge.Options{PageSize: 30}), model.Query{},
		sources.ExportOptions{Source: "both", Provider: "merged"}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	want := expected(cem, iem)
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if n != len(want) || len(lines) != len(want) {
		t.Fatalf("exported %d events in %d lines; want %d", n, len(lines), len(want))
	}
	provider := map[string]string{"console": "canary", "workspace": "intercom"}
	for i, line := range lines {
		r, err := model.ParseRecord([]byte(line))
		if err != nil {
			t.Fatal(err)
		}
		if r.Source != want[i].source || r.ID != want[i].id || r.Provider != provider[r.Source] {
			t.Fatalf("record %d is %s/%s from %s; want %s", i, r.Source, r.ID, r.Provider, want[i])
		}
	}
	if !strings.Contains(buf.String(), `"source":"console","provider":"canary"`) || strings.Contains(buf.String(), `"merged"`) {
		t.Error("records do not carry their own source and provider")
	}
}
