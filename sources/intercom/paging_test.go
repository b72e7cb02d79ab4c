package intercom

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestPagingBothForms walks 23 entries in pages of 5 with each form of
// pages.next and checks every request the client made.
func TestPagingBothForms(t *testing.T) {
	for _, form := range []intercomemu.NextForm{intercomemu.NextURL, intercomemu.NextStartingAfter} {
		t.Run(map[intercomemu.NextForm]string{intercomemu.NextURL: "url", intercomemu.NextStartingAfter: "starting_after"}[form], func(t *testing.T) {
			em, src := startEmulator(t, intercomemu.Options{Events: 23, Seed: 2, Next: form}, 5)
			got, pages := sourcetest.WalkAll(t, src, model.Query{})
			sourcetest.RequireIDs(t, "walk", got, eventsOf(t, em.Entries()))
			if len(pages) != 5 {
				t.Fatalf("%d pages, want 5", len(pages))
			}
			for i, p := range pages {
				if p.Number != i+1 || p.Total != 5 || p.Prev != "" {
					t.Errorf("page %d: number %d of %d, prev %q", i+1, p.Number, p.Total, p.Prev)
				}
				if (p.Next == "") != (i == 4) || (p.Next != "" && !strings.HasPrefix(p.Next, cursorPrefix)) {
					t.Errorf("page %d: next %q", i+1, p.Next)
				}
			}
			reqs := em.Requests()
			if len(reqs) != 5 {
				t.Fatalf("%d requests, want 5", len(reqs))
			}
			first := reqs[0].Query
			wantAfter := strconv.FormatInt(testNow.Add(-DefaultWindow).Unix()-1, 10)
			wantBefore := strconv.FormatInt(testNow.Unix(), 10)
			if first.Get("created_at_after") != wantAfter || first.Get("created_at_before") != wantBefore || first.Get("per_page") != "5" {
				t.Errorf("first request %q: want created_at_after=%s, created_at_before=%s, per_page=5", reqs[0].RawQuery, wantAfter, wantBefore)
			}
			for i, r := range reqs {
				if r.Method != http.MethodGet || r.Path != "/admins/activity_logs" || r.Status != http.StatusOK {
					t.Errorf("request %d: %s %s answered %d", i, r.Method, r.Path, r.Status)
				}
				if r.Header.Get("Authorization") != "Bearer "+testToken || r.Header.Get("Accept") != "application/json" ||
					r.Header.Get("Intercom-Version") != getVersion {
					t.Errorf("request %d headers: Authorization %v, Accept %q, Intercom-Version %q", i,
						r.Header.Get("Authorization") != "", r.Header.Get("Accept"), r.Header.Get("Intercom-Version"))
				}
				checks.NoSecret(t, "request URL", r.Path+"?"+r.RawQuery)
				if i == 0 {
					continue
				}
				// The window of the first request goes with every page.
				if r.Query.Get("created_at_after") != wantAfter || r.Query.Get("created_at_before") != wantBefore || r.Query.Get("per_page") != "5" {
					t.Errorf("request %d %q: the window or page size changed", i, r.RawQuery)
				}
				switch form {
				case intercomemu.NextURL:
					if r.Query.Get("page") != strconv.Itoa(i+1) || r.Query.Has("starting_after") {
						t.Errorf("request %d %q: want the link followed as given, page=%d", i, r.RawQuery, i+1)
					}
				case intercomemu.NextStartingAfter:
					if r.Query.Get("starting_after") == "" || r.Query.Has("page") {
						t.Errorf("request %d %q: want starting_after and no page", i, r.RawQuery)
					}
				}
			}
		})
	}
}

// TestNextOnAnotherHostRefused: a link to another host would take the token
// with it. The page that carries it is shown; following it is refused
// without a request, and the error says what to do.
func TestNextOnAnotherHostRefused(t *testing.T) {
	evil := intercomemu.New(intercomemu.Options{Token: testToken, Events: 30, Now: testNow})
	evilSrv := sourcetest.Serve(t, evil)
	em, src := startEmulator(t, intercomemu.Options{Events: 30, Seed: 1, NextBase: evilSrv.URL}, 10)
	first, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil || len(first.Events) != 10 || first.Next == "" {
		t.Fatalf("first page: %d events, next %q, %v", len(first.Events), first.Next, err)
	}
	_, err = src.Fetch(context.Background(), model.Query{}, first.Next)
	evilHost := strings.TrimPrefix(evilSrv.URL, "http://")
	checks.Error(t, err, sources.ErrMalformed, 0, "another host", evilHost, "will not send the token", "base_url")
	if n := len(evil.Requests()); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
	if n := len(em.Requests()); n != 1 {
		t.Errorf("the configured host got %d requests, want 1", n)
	}

	// The same host over another scheme is refused too.
	_, src = startEmulator(t, intercomemu.Options{Events: 30}, 10)
	src.base.Scheme = "https" // as if base_url were https and the link plain http
	first = sources.Page{Next: walkCursor{Since: testNow.Add(-time.Hour), Until: testNow, Page: 2,
		URL: "http://" + src.base.Host + "/admins/activity_logs?page=2"}.encode()}
	_, err = src.Fetch(context.Background(), model.Query{}, first.Next)
	checks.Error(t, err, sources.ErrMalformed, 0, "changes the scheme (http://", "https://")

	// A link to another of Intercom's regions most likely means base_url
	// names the wrong one: the hint says which to use.
	_, src = startEmulator(t, intercomemu.Options{Events: 30, NextBase: "https://API.EU.intercom.io"}, 10)
	first, err = src.Fetch(context.Background(), model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Fetch(context.Background(), model.Query{}, first.Next)
	checks.Error(t, err, sources.ErrMalformed, 0, "api.eu.intercom.io", `base_url = "https://api.eu.intercom.io"`)
}

// TestNextShapes feeds the client each shape pages.next takes in the wild.
func TestNextShapes(t *testing.T) {
	entry := `{"id":"1","created_at":1794920000,"activity_type":"admin_logout"}`
	tests := []struct {
		name, pages string
		wantNext    bool
		follow      string // what the next request carries
	}{
		{"null", `{"type":"pages","next":null,"page":1,"per_page":20,"total_pages":1}`, false, ""},
		{"missing", `{"type":"pages","page":1,"per_page":20,"total_pages":3}`, false, ""},
		{"empty object", `{}`, false, ""},
		{"empty string", `{"next":""}`, false, ""},
		{"last page by count", `{"next":"/admins/activity_logs?page=3","page":3,"total_pages":3}`, false, ""},
		{"past the last page", `{"next":{"starting_after":"x"},"page":4,"total_pages":3}`, false, ""},
		{"relative link", `{"next":"/admins/activity_logs?created_at_after=5&page=2","page":1,"total_pages":3}`, true, "created_at_after=5&page=2"},
		{"object", `{"next":{"per_page":7,"starting_after":"WzE3NjMzOTE4NDUsIjEiXQ=="},"page":1,"total_pages":3}`, true, "starting_after=WzE3NjMzOTE4NDUsIjEiXQ%3D%3D"},
		{"object without per_page", `{"next":{"starting_after":"abc"},"page":1,"per_page":9,"total_pages":3}`, true, "per_page=9&starting_after=abc"},
		{"bare token", `{"next":"abc","page":1,"total_pages":3}`, true, "starting_after=abc"},
		{"per_page past the maximum", `{"next":{"per_page":1000,"starting_after":"abc"},"page":1,"total_pages":3}`, true, "per_page=250&starting_after=abc"},
		{"page number past any walk", `{"next":{"starting_after":"abc"},"page":2147483000}`, true, "starting_after=abc"},
		{"no counts", `{"next":{"starting_after":"abc"}}`, true, "starting_after=abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			srv := sourcetest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = append(got, r.URL.RawQuery)
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"type":"activity_log.list","activity_logs":[` + entry + `],"pages":` + tt.pages + `}`))
			}))
			src := New(Config{Common: transport.Common{BaseURL: srv.URL, Client: srv.Client(), Now: func() time.Time { return testNow }}, Token: testToken, APIVersion: getVersion})
			page, err := src.Fetch(context.Background(), model.Query{}, "")
			if err != nil || len(page.Events) != 1 {
				t.Fatalf("first page: %+v, %v", page, err)
			}
			if (page.Next != "") != tt.wantNext {
				t.Fatalf("next %q; want one: %v", page.Next, tt.wantNext)
			}
			if !tt.wantNext {
				return
			}
			if _, err := src.Fetch(context.Background(), model.Query{}, page.Next); err != nil && !strings.Contains(err.Error(), "never end") {
				t.Fatal(err)
			}
			if len(got) != 2 || !strings.HasSuffix(got[1], tt.follow) {
				t.Errorf("requests %q; want the second to end in %q", got, tt.follow)
			}
		})
	}
}

// TestPagingLoops: a link to the page just fetched, or the starting_after
// just sent, would page forever; that is an error, not an endless walk.
func TestPagingLoops(t *testing.T) {
	for name, pages := range map[string]string{
		"same link":           `{"next":"/admins/activity_logs?page=2","page":1,"total_pages":3}`,
		"same starting_after": `{"next":{"starting_after":"abc"},"page":1,"total_pages":3}`,
	} {
		src := startCanned(t, 200, "application/json", `{"type":"activity_log.list","activity_logs":[],"pages":`+pages+`}`, nil)
		first, err := src.Fetch(context.Background(), model.Query{}, "")
		if err != nil {
			t.Fatal(err)
		}
		_, err = src.Fetch(context.Background(), model.Query{}, first.Next)
		checks.Error(t, err, sources.ErrMalformed, 200, "never end")
		_ = name
	}
}

// TestWindowFixedForTheWalk: entries written while the user pages, and a
// clock that moves on, do not change the pages of a walk under way, in
// either form of paging.
func TestWindowFixedForTheWalk(t *testing.T) {
	for _, form := range []intercomemu.NextForm{intercomemu.NextURL, intercomemu.NextStartingAfter} {
		em, src := startEmulator(t, intercomemu.Options{Events: 40, Seed: 6, Next: form, InclusiveBounds: true}, 10)
		clock := testNow
		src.now = func() time.Time { clock = clock.Add(time.Minute); return clock }
		want := eventsOf(t, em.Entries())
		got := sourcetest.WalkAdding(t, src, func() {
			// Written now, as entries are: after the walk began.
			em.Add(intercomemu.Entry{CreatedAt: clock.Add(time.Second), ActivityType: "admin_login_success", PerformedBy: intercomemu.Admin{ID: "9", Email: "new@example.com", IP: "198.51.100.9"}})
		})
		sourcetest.RequireIDs(t, "walk while entries were added", got, want)
		all, _ := sourcetest.WalkAll(t, src, model.Query{})
		if len(all) != 43 || all[0].Actor != "new@example.com" {
			t.Errorf("a new walk has %d events starting with %q; want 43 starting with the added ones", len(all), all[0].Actor)
		}
	}
}

// TestBoundsExact puts entries on and around the query's edges: whatever
// Intercom's reading of created_at_after and created_at_before, the answer
// is exactly the half-open range.
func TestBoundsExact(t *testing.T) {
	base := testNow.Add(-time.Hour)
	var entries []intercomemu.Entry
	for i := range 12 {
		entries = append(entries, intercomemu.Entry{CreatedAt: base.Add(time.Duration(i) * time.Second), ActivityType: "admin_logout",
			PerformedBy: intercomemu.Admin{ID: "1", Email: "ana@example.com", IP: "198.51.100.1"}})
	}
	at := func(i int) time.Time { return base.Add(time.Duration(i) * time.Second) }
	half := 500 * time.Millisecond
	for _, inclusive := range []bool{false, true} {
		em, src := startEmulator(t, intercomemu.Options{Entries: entries, InclusiveBounds: inclusive, Next: intercomemu.NextStartingAfter}, 4)
		all := eventsOf(t, em.Entries())
		for _, q := range []model.Query{
			{Since: at(3), Until: at(7)},
			{Since: at(3).Add(half), Until: at(7).Add(half)},
			{Since: at(3).Add(-half), Until: at(7).Add(-half)},
			{Since: at(5), Until: at(5)},
			{Since: at(5), Until: at(5).Add(time.Nanosecond)},
			{Since: at(5).Add(time.Nanosecond), Until: at(6)},
			{Since: at(0)},
			{Until: at(11)},
			{Since: at(7), Until: at(3)},
		} {
			got, _ := sourcetest.WalkAll(t, src, q)
			sourcetest.RequireIDs(t, "inclusive="+strconv.FormatBool(inclusive)+" "+q.Since.Format(time.StampNano)+"–"+q.Until.Format(time.StampNano), got, sourcetest.Matching(all, q))
		}
	}
}

// TestQueryParameters: the bounds sent for a query with fractions of a
// second, and no request at all for an empty range.
func TestQueryParameters(t *testing.T) {
	em, src := startEmulator(t, intercomemu.Options{Events: 5}, 0)
	since := time.Unix(1763300000, 250e6)
	until := time.Unix(1763390000, 0)
	if _, err := src.Fetch(context.Background(), model.Query{Since: since, Until: until, Actor: "ana", Action: "admin_logout", Text: "x"}, ""); err != nil {
		t.Fatal(err)
	}
	q := em.Requests()[0].Query
	want := url.Values{"created_at_after": {"1763300000"}, "created_at_before": {"1763390000"}}
	if q.Encode() != want.Encode() {
		t.Errorf("query %q; want %q (no per_page by default, actor, action and text kept here)", q.Encode(), want.Encode())
	}
	page, err := src.Fetch(context.Background(), model.Query{Since: until, Until: since}, "")
	if err != nil || len(page.Events) != 0 || page.Next != "" || len(em.Requests()) != 1 {
		t.Errorf("empty range: %+v, %v, %d requests; want an empty last page and no request", page, err, len(em.Requests()))
	}
}

// TestBadCursors: cursors that are not this source's, or were tampered
// with, are ErrBadCursor and cost no request.
func TestBadCursors(t *testing.T) {
	em, src := startEmulator(t, intercomemu.Options{Events: 30}, 10)
	first, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
	good, err := parseCursor(first.Next)
	if err != nil {
		t.Fatalf("own cursor: %v", err)
	}
	tamper := func(f func(c *walkCursor)) string { c := good; f(&c); return c.encode() }
	for name, c := range map[string]string{
		"garbage":         "not a cursor",
		"other prefix":    "ic2." + strings.TrimPrefix(first.Next, cursorPrefix),
		"not base64":      cursorPrefix + "!!!",
		"not JSON":        cursorPrefix + "bm90IGpzb24",
		"unknown field":   cursorPrefix + "eyJ4IjoxfQ",
		"page 1":          tamper(func(c *walkCursor) { c.Page = 1 }),
		"no window":       tamper(func(c *walkCursor) { c.Since = time.Time{} }),
		"window reversed": tamper(func(c *walkCursor) { c.Since, c.Until = c.Until, c.Since }),
		"both links":      tamper(func(c *walkCursor) { c.StartingAfter = "x" }),
		"no link":         tamper(func(c *walkCursor) { c.URL = "" }),
		"link not a URL":  tamper(func(c *walkCursor) { c.URL = "javascript:alert(1)" }),
		"page size":       tamper(func(c *walkCursor) { c.PerPage = 1000 }),
		"too long":        cursorPrefix + strings.Repeat("A", maxCursor),
	} {
		_, err := src.Fetch(context.Background(), model.Query{}, c)
		checks.Error(t, err, sources.ErrBadCursor, 0, "cursor", "first page")
		_ = name
	}
	if n := len(em.Requests()); n != 1 {
		t.Errorf("%d requests; bad cursors must not reach Intercom", n)
	}
}
