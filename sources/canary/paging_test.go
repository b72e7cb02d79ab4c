package canary

import (
	"context"
	"encoding/base64"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// docsLog is a log whose user_login entries have the ids of the pagination
// walkthrough in the Canary docs (513, 512, 509, 473, 471, then 400, 386,
// 374, 348, 323), with other actions in between so the ids are sparse.
func docsLog() []canaryemu.Entry {
	logins := map[int64]bool{513: true, 512: true, 509: true, 473: true, 471: true, 400: true, 386: true, 374: true, 348: true, 323: true,
		300: true, 250: true, 200: true, 150: true, 100: true}
	start := time.Date(2020, 4, 17, 11, 58, 10, 0, time.UTC)
	var out []canaryemu.Entry
	for id := int64(520); id >= 90; id-- {
		e := canaryemu.Entry{ID: id, Timestamp: start.Add(-time.Duration(520-id) * 7 * time.Minute), User: "alice@example.com",
			ActionType: "device_schedule_reboot", Message: "User 'API Token' scheduled the device 00034d to be rebooted", FlockID: "flock:default"}
		if logins[id] {
			e.ActionType, e.Message, e.FlockID = "user_login", "User alice@example.com logged in", ""
		}
		out = append(out, e)
	}
	return out
}

func decodeCursorText(t *testing.T, c string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(c)
	if err != nil {
		t.Fatalf("cursor %q is not base64: %v", c, err)
	}
	return string(b)
}

// TestPagingLikeTheDocs walks the docs' example: page 1, next to page 2, prev
// back to page 1, with limit only on the first request and action_filter
// re-sent with each cursor.
func TestPagingLikeTheDocs(t *testing.T) {
	em, src := startEmulator(t, canaryemu.Options{Entries: docsLog()}, 5)
	ctx := context.Background()
	q := model.Query{Action: "user_login"}

	first, err := src.Fetch(ctx, q, "")
	if err != nil {
		t.Fatal(err)
	}
	sourcetest.RequireIDs(t, "page 1", first.Events, []model.Event{{ID: "513"}, {ID: "512"}, {ID: "509"}, {ID: "473"}, {ID: "471"}})
	if first.Number != 1 || first.Total != 3 || first.Prev != "" {
		t.Errorf("page 1: number %d of %d, prev %q; want 1 of 3 and no prev", first.Number, first.Total, first.Prev)
	}
	// The docs' first next cursor is MDo0NzE6NTozOjI6MTAz, "0:471:5:3:2:103".
	docs := decodeCursorText(t, "MDo0NzE6NTozOjI6MTAz")
	if got := decodeCursorText(t, first.Next); got != "0:471:5:3:2:3" || !strings.HasPrefix(docs, "0:471:5:3:2:") {
		t.Errorf("next cursor of page 1 decodes to %q; want 0:471:5:3:2:3, in the shape of the docs' %q", got, docs)
	}

	second, err := src.Fetch(ctx, q, first.Next)
	if err != nil {
		t.Fatal(err)
	}
	sourcetest.RequireIDs(t, "page 2", second.Events, []model.Event{{ID: "400"}, {ID: "386"}, {ID: "374"}, {ID: "348"}, {ID: "323"}})
	if second.Number != 2 || second.Total != 3 {
		t.Errorf("page 2: number %d of %d; want 2 of 3", second.Number, second.Total)
	}
	if got := decodeCursorText(t, second.Prev); got != "1:400:5:3:1:3" {
		t.Errorf("prev cursor of page 2 decodes to %q; want 1:400:5:3:1:3 (docs: MTo0MDA6NTozOjE6MTAz)", got)
	}
	if got := decodeCursorText(t, second.Next); got != "0:323:5:3:3:3" {
		t.Errorf("next cursor of page 2 decodes to %q; want 0:323:5:3:3:3", got)
	}

	back, err := src.Fetch(ctx, q, second.Prev)
	if err != nil {
		t.Fatal(err)
	}
	sourcetest.RequireIDs(t, "prev of page 2", back.Events, first.Events)
	if back.Number != 1 || back.Prev != "" || back.Next != first.Next {
		t.Errorf("back on page 1: number %d, prev %q, next %q; want 1, none, %q", back.Number, back.Prev, back.Next, first.Next)
	}

	third, err := src.Fetch(ctx, q, second.Next)
	if err != nil {
		t.Fatal(err)
	}
	if third.Number != 3 || third.Next != "" || len(third.Events) != 5 {
		t.Errorf("page 3: number %d, next %q, %d events; want 3, none, 5", third.Number, third.Next, len(third.Events))
	}

	reqs := em.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests, want 4", len(reqs))
	}
	for i, r := range reqs {
		if r.Method != http.MethodGet || r.Path != "/api/v1/audit_trail/fetch" {
			t.Errorf("request %d: %s %s", i, r.Method, r.Path)
		}
		if got := r.Query.Get("action_filter"); got != "user_login" {
			t.Errorf("request %d: action_filter %q, want it re-sent", i, got)
		}
		if i == 0 && (r.Query.Get("limit") != "5" || r.Query.Has("cursor")) {
			t.Errorf("first request %q: want limit=5 and no cursor", r.RawQuery)
		}
		if i > 0 && (r.Query.Has("limit") || r.Query.Get("cursor") == "") {
			t.Errorf("request %d %q: want a cursor and no limit", i, r.RawQuery)
		}
		checks.NoSecret(t, "request URL", r.Path+"?"+r.RawQuery)
		if r.Query.Has("auth_token") {
			t.Errorf("request %d sends auth_token in the URL", i)
		}
		if got := r.Header.Get("X-Canary-Auth-Token"); got != testToken {
			t.Errorf("request %d: X-Canary-Auth-Token %q, want the token", i, got)
		}
		if r.Header.Get("Accept") != "application/json" || r.Header.Get("User-Agent") != "trail" {
			t.Errorf("request %d: Accept %q, User-Agent %q", i, r.Header.Get("Accept"), r.Header.Get("User-Agent"))
		}
	}
}

// TestPageNumbers checks page_number and page_count over a whole walk.
func TestPageNumbers(t *testing.T) {
	_, src := startEmulator(t, canaryemu.Options{Events: 95, Seed: 3}, 10)
	got, pages := sourcetest.WalkAll(t, src, model.Query{})
	if len(got) != 95 || len(pages) != 10 {
		t.Fatalf("%d events in %d pages; want 95 in 10", len(got), len(pages))
	}
	for i, p := range pages {
		if p.Number != i+1 || p.Total != 10 {
			t.Errorf("page %d says %d of %d", i+1, p.Number, p.Total)
		}
		if (i == 0) != (p.Prev == "") {
			t.Errorf("page %d prev %q", i+1, p.Prev)
		}
	}
}

// TestAddedWhilePaging adds entries at the head between pages: cursors are
// ids, so the walk neither repeats nor skips an entry.
func TestAddedWhilePaging(t *testing.T) {
	em, src := startEmulator(t, canaryemu.Options{Events: 50, Seed: 9}, 10)
	want := eventsOf(t, em.Entries())
	got := sourcetest.WalkAdding(t, src, func() {
		added := em.Add(canaryemu.Entry{ActionType: "user_login", User: "erin@example.com", Message: "User erin@example.com logged in"},
			canaryemu.Entry{ActionType: "user_logout", User: "erin@example.com", Message: "User erin@example.com logged out"})
		if added[1].ID != added[0].ID+1 || !added[1].Timestamp.After(added[0].Timestamp) {
			t.Fatalf("added entries %d, %d are not the newest in order", added[0].ID, added[1].ID)
		}
	})
	sourcetest.RequireIDs(t, "walk while entries were added", got, want)
	all, _ := sourcetest.WalkAll(t, src, model.Query{})
	if len(all) != 50+2*4 || all[0].Actor != "erin@example.com" {
		t.Errorf("a new walk has %d events starting with %q; want 58 starting with the added ones", len(all), all[0].Actor)
	}
}

// TestBaseURLWithPrefix serves the API under a path prefix, as behind a
// reverse proxy, with a trailing slash on base_url.
func TestBaseURLWithPrefix(t *testing.T) {
	em := canaryemu.New(canaryemu.Options{Token: testToken, Events: 12, Now: testNow})
	mux := http.NewServeMux()
	mux.Handle("/canary/", http.StripPrefix("/canary", em))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	src := New(Config{Common: transport.Common{BaseURL: srv.URL + "/canary/", HTTP: fastHTTP, Client: srv.Client()}, Token: testToken, PageSize: 5})
	got, pages := sourcetest.WalkAll(t, src, model.Query{})
	if len(got) != 12 || len(pages) != 3 {
		t.Errorf("%d events in %d pages through the prefix; want 12 in 3", len(got), len(pages))
	}
}

// TestQueryParameters checks how each part of a query is sent.
func TestQueryParameters(t *testing.T) {
	em, src := startSearching(t, canaryemu.Options{Events: 30}, 7)
	since := time.Date(2026, 11, 10, 0, 30, 0, 0, time.FixedZone("CET", 3600)) // 2026-11-09 23:30 UTC
	until := time.Date(2026, 11, 12, 23, 59, 59, 0, time.UTC)
	for _, q := range []model.Query{
		{Text: "logged in", Actor: "bob", Action: "USER_LOGIN", Since: since, Until: until},
		{Actor: "bob@example.com"},
	} {
		if _, err := src.Fetch(context.Background(), q, ""); err != nil {
			t.Fatal(err)
		}
	}
	reqs := em.Requests()
	first, second := reqs[0], reqs[1]
	for k, want := range map[string]string{"limit": "7", "search_term": "logged in", "action_filter": "user_login",
		"start_date": "2026-11-07", "end_date": "2026-11-14"} {
		if got := first.Query.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !strings.Contains(first.RawQuery, "search_term=logged%20in") {
		t.Errorf("query %q: want the space in search_term sent as %%20, as the docs ask", first.RawQuery)
	}
	if got := second.Query.Get("search_term"); got != "bob@example.com" {
		t.Errorf("actor-only query sends search_term %q, want the actor", got)
	}
	if keys := slices.Sorted(maps.Keys(second.Query)); !slices.Equal(keys, []string{"limit", "search_term"}) {
		t.Errorf("actor-only query sends %v", keys)
	}
	if n, _ := strconv.Atoi(second.Query.Get("limit")); n != 7 {
		t.Errorf("limit %d, want the page size 7", n)
	}
}
