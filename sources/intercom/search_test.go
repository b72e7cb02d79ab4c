package intercom

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// startVersion is startEmulator at Intercom-Version version.
func startVersion(t *testing.T, opts intercomemu.Options, pageSize int, version string) (*intercomemu.Emulator, *Source) {
	t.Helper()
	em, src := startEmulator(t, opts, pageSize)
	src.version = version
	src.searchState.Store(initialSearchState(version))
	return em, src
}

// TestSearchPages: at 2.16 a walk reads the search endpoint, 250 entries a
// request (GET pages 20): 600 entries take 3 requests instead of 30, each a
// POST with the walk's window and the page number in its JSON body.
func TestSearchPages(t *testing.T) {
	em, src := startVersion(t, intercomemu.Options{Events: 600, Seed: 3}, 0, "2.16")
	all := eventsOf(t, em.Entries())
	got, pages := sourcetest.WalkAll(t, src, model.Query{})
	sourcetest.RequireIDs(t, "walk", got, sourcetest.Matching(all, model.Query{Since: testNow.Add(-DefaultWindow), Until: testNow}))
	reqs := em.Requests()
	if len(reqs) != 3 || len(pages) != 3 {
		t.Fatalf("%d requests, %d pages for 600 entries; want 3 of 250", len(reqs), len(pages))
	}
	for i, r := range reqs {
		if r.Method != http.MethodPost || r.Path != "/admins/activity_logs/search" || r.Status != 200 || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("request %d: %s %s (%s) answered %d", i, r.Method, r.Path, r.Header.Get("Content-Type"), r.Status)
		}
	}
	for i, b := range em.Searches() {
		if b.Page != i+1 || b.PerPage != 250 || b.CreatedAtAfter == nil || *b.CreatedAtAfter != testNow.Add(-DefaultWindow).Unix()-1 ||
			b.CreatedAtBefore == nil || *b.CreatedAtBefore != testNow.Unix() || b.EventTypes != nil {
			t.Errorf("search %d: %+v", i, b)
		}
	}
	if pages[0].Total != 3 || pages[1].Number != 2 {
		t.Errorf("pages %d of %d; want 1..3 of 3", pages[1].Number, pages[0].Total)
	}
	if !strings.Contains(src.Explain(), "reads POST /admins/activity_logs/search") {
		t.Errorf("Explain() = %q", src.Explain())
	}
	// page_size still applies, as per_page.
	em, src = startVersion(t, intercomemu.Options{Events: 60, Seed: 3}, 25, "Unstable")
	sourcetest.WalkAll(t, src, model.Query{})
	if s := em.Searches(); len(s) != 3 || s[0].PerPage != 25 {
		t.Errorf("page_size 25: %+v", s)
	}
}

// TestSearchEventTypes: the search endpoint filters by event type, so an
// action query goes to Intercom (lower-cased, since the query ignores case)
// and is marked server-side; the answer is still exact.
func TestSearchEventTypes(t *testing.T) {
	em, src := startVersion(t, intercomemu.Options{Events: 400, Seed: 4}, 0, "2.16")
	all := eventsOf(t, em.Entries())
	action := all[7].Action
	q := model.Query{Action: strings.ToUpper(action), Since: all[300].Time}
	got, _ := sourcetest.WalkAll(t, src, q)
	want := sourcetest.Matching(all, q)
	if len(want) < 2 {
		t.Fatalf("%d entries of %s; the test needs more", len(want), action)
	}
	sourcetest.RequireIDs(t, action, got, want)
	if s := em.Searches(); len(s) != 1 || len(s[0].EventTypes) != 1 || s[0].EventTypes[0] != action {
		t.Errorf("searches %+v; want one with event_types [%s]", s, action)
	}
	if !sources.CapabilitiesOf(src).Server(sources.FieldAction) {
		t.Error("the action is not marked server-side while searching")
	}
}

// TestSearchFallback: a workspace that answers the search endpoint with
// Intercom's own 404, or a 400 parameter_not_found (a GET-only handler
// missing created_at_after), is read through the GET from then on, with
// nothing lost, and check says so. An older version never tries it.
func TestSearchFallback(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opts    intercomemu.Options
		version string
		tried   bool
		says    string
	}{
		{"2.15 never searches", intercomemu.Options{}, "2.15", false, "Intercom-Version 2.15 has no search endpoint"},
		{"1.4 never searches", intercomemu.Options{}, "1.4", false, "has no search endpoint"},
		{"404 not_found", intercomemu.Options{Search: intercomemu.SearchAbsent404}, "2.16", true, "refused the search endpoint of Intercom-Version 2.16 (404 not_found)"},
		{"400 parameter_not_found", intercomemu.Options{Search: intercomemu.SearchAbsent400}, "2.17", true, "(400 parameter_not_found)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.Events, opts.Seed = 50, 5
			em2, src := startVersion(t, opts, 7, tc.version)
			all := eventsOf(t, em2.Entries())
			for range 2 {
				got, _ := sourcetest.WalkAll(t, src, model.Query{})
				sourcetest.RequireIDs(t, "walk", got, all)
			}
			posts := 0
			for _, r := range em2.Requests() {
				if r.Method == http.MethodPost {
					posts++
				}
			}
			if want := map[bool]int{true: 1, false: 0}[tc.tried]; posts != want {
				t.Errorf("%d searches sent over two walks; want %d", posts, want)
			}
			if !strings.Contains(src.Explain(), tc.says) || !strings.Contains(src.Explain(), "reads GET /admins/activity_logs") {
				t.Errorf("Explain() = %q; want it to say %q", src.Explain(), tc.says)
			}
			if sources.CapabilitiesOf(src).Server(sources.FieldAction) {
				t.Error("the action is marked server-side on the GET")
			}
		})
	}
}

// TestSearchErrorsAreNotFallbacks: errors that do not mean "no such
// endpoint" (a bad token, a bad parameter, a proxy's HTML 404) are
// reported as they are, and the next walk tries the search again.
func TestSearchErrorsAreNotFallbacks(t *testing.T) {
	for _, tc := range []struct {
		status      int
		contentType string
		body        string
		kind        error
	}{
		{401, "application/json", `{"type":"error.list","request_id":"x","errors":[{"code":"unauthorized","message":"Access Token Invalid"}]}`, sources.ErrUnauthorized},
		{400, "application/json", `{"type":"error.list","request_id":"x","errors":[{"code":"parameter_invalid","message":"per_page must be between 1 and 250"}]}`, sources.ErrBadQuery},
		{404, "text/html", `<html><body>Not Found</body></html>`, sources.ErrBadQuery},
	} {
		src := startCanned(t, tc.status, tc.contentType, tc.body, nil)
		src.version = "2.16"
		src.searchState.Store(initialSearchState("2.16"))
		_, err := src.Fetch(context.Background(), model.Query{}, "")
		if err == nil {
			t.Fatalf("%d %s: no error", tc.status, tc.body)
		}
		if !errors.Is(err, tc.kind) {
			t.Errorf("%d: %v; want %v", tc.status, err, tc.kind)
		}
		if src.searchState.Load() != searchUntried {
			t.Errorf("%d %s: the source gave up on search (%q)", tc.status, tc.body, src.Explain())
		}
	}
	if !searchRefusedCheck() {
		t.Error("searchRefused misreads the answers above")
	}
}

// searchRefusedCheck spells out which answers mean "no search endpoint".
func searchRefusedCheck() bool {
	list := func(code string) []byte {
		return []byte(`{"type":"error.list","request_id":null,"errors":[{"code":"` + code + `","message":"m"}]}`)
	}
	return searchRefused(404, list("not_found")) == "404 not_found" &&
		searchRefused(405, list("method_not_allowed")) != "" &&
		searchRefused(400, list("parameter_not_found")) != "" &&
		searchRefused(400, list("intercom_version_invalid")) != "" &&
		searchRefused(400, list("parameter_invalid")) == "" &&
		searchRefused(401, list("unauthorized")) == "" &&
		searchRefused(404, []byte("<html>Not Found</html>")) == "" &&
		searchRefused(200, list("not_found")) == ""
}

// TestSearchWithoutTotal: without total_pages, the walk goes on until a
// page comes back short, or empty after a full one.
func TestSearchWithoutTotal(t *testing.T) {
	for _, tc := range []struct{ events, requests int }{{600, 3}, {500, 3}, {20, 1}} {
		em, src := startVersion(t, intercomemu.Options{Events: tc.events, Seed: 3, SearchOmitTotal: true}, 0, "2.16")
		all := eventsOf(t, em.Entries())
		got, _ := sourcetest.WalkAll(t, src, model.Query{})
		sourcetest.RequireIDs(t, "walk", got, sourcetest.Matching(all, model.Query{Since: testNow.Add(-DefaultWindow), Until: testNow}))
		if n := len(em.Searches()); n != tc.requests {
			t.Errorf("%d entries took %d searches; want %d", tc.events, n, tc.requests)
		}
	}
}
