package qualtrics

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestNextPageForms walks the log with each form of nextPage and checks what
// was sent: a token goes back as skipToken with the original filters, a URL
// is followed as given; both with the credentials in a header only.
func TestNextPageForms(t *testing.T) {
	for _, form := range []qualtricsemu.NextPageForm{qualtricsemu.NextPageToken, qualtricsemu.NextPageURL} {
		t.Run(fmt.Sprint(form), func(t *testing.T) {
			em, src := startEmulator(t, qualtricsemu.Options{Events: 200, Seed: 4, NextPage: form}, 10)
			want := eventsOf(t, ofType(em.Entries(), "logins"))
			got, pages := sourcetest.WalkAll(t, src, model.Query{})
			sourcetest.RequireIDs(t, "walk", got, sourcetest.Matching(want, model.Query{Since: testNow.Add(-defaultWindow)}))
			reqs := em.Requests()
			if len(reqs) != len(pages) || len(pages) < 3 {
				t.Fatalf("%d requests for %d pages", len(reqs), len(pages))
			}
			first := reqs[0].Query
			for k, v := range map[string]string{"activityType": "logins", "order": "dsc", "pageSize": "10",
				"startDate": "2026-11-10T15:04:05.000Z", "endDate": "2026-11-17T15:04:05.000Z"} {
				if first.Get(k) != v {
					t.Errorf("first request: %s = %q, want %q", k, first.Get(k), v)
				}
			}
			for i, r := range reqs {
				if i > 0 {
					tok := r.Query.Get("skipToken")
					if !strings.HasSuffix(tok, "~~") {
						t.Errorf("request %d: skipToken %q, want the emulator's token", i, tok)
					}
					for k := range first {
						if r.Query.Get(k) != first.Get(k) {
							t.Errorf("request %d: %s = %q, want the original %q", i, k, r.Query.Get(k), first.Get(k))
						}
					}
				}
				if r.Header.Get("X-API-TOKEN") != testToken || strings.Contains(r.RawQuery, testToken) {
					t.Errorf("request %d: token not in the header only", i)
				}
				if r.Header.Get("Accept") != "application/json" || r.Header.Get("User-Agent") != "trail" {
					t.Errorf("request %d: Accept %q, User-Agent %q", i, r.Header.Get("Accept"), r.Header.Get("User-Agent"))
				}
			}
			for i, p := range pages {
				if p.Number != i+1 || p.Total != 0 || p.Prev != "" || p.Notice != "" {
					t.Errorf("page %d: number %d of %d, prev %q, notice %q", i+1, p.Number, p.Total, p.Prev, p.Notice)
				}
			}
		})
	}
}

// TestRepeatedToken: a token that comes back ends the walk, with a notice on
// the page that got it and an error from the cursor after it, instead of a
// loop: a loop of up to 32 pages before any page shows twice, a longer one
// within about two turns. Walk (export) fails rather than end short.
func TestRepeatedToken(t *testing.T) {
	tests := []struct {
		name               string
		form               qualtricsemu.NextPageForm
		loopAt, loopLength int
		pageSize           int
		wantPages          int // 0: only bounded
	}{
		{"same token back", qualtricsemu.NextPageToken, 3, 1, 10, 3},
		{"same URL back", qualtricsemu.NextPageURL, 3, 1, 10, 3},
		{"back two pages", qualtricsemu.NextPageToken, 4, 3, 10, 4},
		{"loop of 32 pages", qualtricsemu.NextPageToken, 40, 32, 2, 40},
		{"loop of 45 pages", qualtricsemu.NextPageURL, 50, 45, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, src := startEmulator(t, qualtricsemu.Options{Events: 200, Seed: 8, Types: []string{"logins"}, Span: 6 * 24 * time.Hour,
				NextPage: tt.form, LoopAt: tt.loopAt, LoopLength: tt.loopLength}, tt.pageSize)
			var got []model.Event
			var pages []sources.Page
			cursor := ""
			var err error
			for range 1000 {
				var page sources.Page
				if page, err = src.Fetch(context.Background(), model.Query{}, cursor); err != nil {
					break
				}
				pages, got, cursor = append(pages, page), append(got, page.Events...), page.Next
				if cursor == "" {
					t.Fatal("the walk ended as if the log had")
				}
			}
			n := len(pages)
			checks.Error(t, err, sources.ErrBadQuery, 0, fmt.Sprintf("after page %d Qualtrics sent a page token it had sent before", n), "narrow the time range")
			if last := pages[n-1]; !strings.Contains(last.Notice, "paging stopped here instead of looping") {
				t.Errorf("last page's notice %q; want it to say paging stopped on a repeated token", last.Notice)
			}
			t.Logf("a loop of %d pages caught after %d pages", tt.loopLength, n)
			if tt.wantPages != 0 {
				if n != tt.wantPages {
					t.Errorf("walk took %d pages, want %d", n, tt.wantPages)
				}
				seen := map[string]bool{}
				for _, e := range got {
					if seen[e.ID] {
						t.Fatalf("event %s shown twice before the loop was caught", e.ID)
					}
					seen[e.ID] = true
				}
			} else if n > tt.loopAt+3*tt.loopLength {
				t.Errorf("a loop of %d pages was caught after %d pages", tt.loopLength, n)
			}
			if !errors.Is(sources.Walk(context.Background(), src, model.Query{}, sources.WalkOptions{}, func([]model.Event) error { return nil }), sources.ErrBadQuery) {
				t.Error("Walk over a looping log does not fail")
			}
		})
	}
}

// TestNextPageOnAnotherHost: a nextPage URL on another host is not followed;
// the page that named it is kept, and asking for the next one says why.
func TestNextPageOnAnotherHost(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	t.Cleanup(other.Close)
	for _, host := range []string{strings.TrimPrefix(other.URL, "http://"), "fra1.qualtrics.com"} {
		em, src := startEmulator(t, qualtricsemu.Options{Events: 100, Seed: 2, NextPage: qualtricsemu.NextPageURL, NextPageHost: host}, 10)
		page, err := src.Fetch(context.Background(), model.Query{}, "")
		if err != nil || len(page.Events) != 10 || page.Next == "" {
			t.Fatalf("first page: %d events, next %q, %v", len(page.Events), page.Next, err)
		}
		if raw, _ := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(page.Next, cursorPrefix)); strings.Contains(string(raw), "skipToken") {
			t.Errorf("the cursor keeps the refused URL: %s", raw)
		}
		_, err = src.Fetch(context.Background(), model.Query{}, page.Next)
		e := checks.Error(t, err, sources.ErrBadQuery, 0, "the next page on "+host, "not on the configured host", `base_url = "https://`+host+`/API/v3"`)
		if !strings.Contains(e.Hint, "credentials only to 127.0.0.1") {
			t.Errorf("hint %q does not say where credentials go", e.Hint)
		}
		if n := len(em.Requests()); n != 1 {
			t.Errorf("%d requests to the configured host, want 1", n)
		}
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("%d requests went to the other host", n)
	}
}

// TestNextPageRelative: a nextPage that is a path is read on the base's host.
func TestNextPageRelative(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		next := `"/API/v3/logs?activityType=logins&skipToken=abc~~"`
		if r.URL.Query().Get("skipToken") == "abc~~" {
			next = "null"
		}
		fmt.Fprintf(w, `{"result":{"elements":[{"id":"e%d","timestamp":"2026-11-17T10:00:00.000Z","descriptor":{}}],"nextPage":%s},"meta":{"httpStatus":"200 - OK"}}`, n, next)
	}))
	t.Cleanup(srv.Close)
	got, pages := sourcetest.WalkAll(t, client(srv, Config{}), model.Query{})
	if len(pages) != 2 || len(got) != 2 || got[1].ID != "e2" {
		t.Errorf("relative nextPage: %d pages, events %v", len(pages), sourcetest.IDs(got))
	}
}

// TestBadCursors: anything but a cursor this source issued, for this query,
// is ErrBadCursor, and a forged cursor never sends the credentials elsewhere.
func TestBadCursors(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	t.Cleanup(other.Close)
	em, src := startEmulator(t, qualtricsemu.Options{Events: 100, Seed: 3}, 10)
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
	forge := func(json string) string { return cursorPrefix + base64.RawURLEncoding.EncodeToString([]byte(json)) }
	tests := []struct {
		name, cursor string
		q            model.Query
	}{
		{"garbage", "not a cursor", model.Query{}},
		{"bad base64", cursorPrefix + "%%%", model.Query{}},
		{"not json", forge("hello"), model.Query{}},
		{"unknown field", forge(`{"t":"logins","s":1,"e":2,"k":"x","p":2,"z":1}`), model.Query{}},
		{"no target", forge(`{"t":"logins","s":1,"e":2,"p":2}`), model.Query{}},
		{"two targets", forge(`{"t":"logins","s":1,"e":2,"k":"x","n":"http://x/","p":2}`), model.Query{}},
		{"page 1", forge(`{"t":"logins","s":1,"e":2,"k":"x","p":1}`), model.Query{}},
		{"empty window", forge(`{"t":"logins","s":2,"e":2,"k":"x","p":2}`), model.Query{}},
		{"unknown stop", forge(`{"t":"logins","s":1,"e":2,"z":"why","p":2}`), model.Query{}},
		{"bad hashes", forge(`{"t":"logins","s":1,"e":2,"k":"x","p":2,"h":"AAAA"}`), model.Query{}},
		{"forged URL elsewhere", forge(`{"t":"logins","s":1,"e":2,"n":"` + other.URL + `/API/v3/logs","p":2}`), model.Query{}},
		{"another type", page.Next, model.Query{Action: "password_resets"}},
		{"another actor", forge(`{"t":"logins","u":"UR_3fKq9LmZ2xVb7Tp","s":1,"e":2,"k":"x","p":2}`), model.Query{Actor: "UR_8aWn4RcJ6yHd1Qs"}},
		{"another source's", "MDo0NzE6NTozOjI6MTAz", model.Query{}},
	}
	for _, tt := range tests {
		_, err := src.Fetch(context.Background(), tt.q, tt.cursor)
		if !errors.Is(err, sources.ErrBadCursor) {
			t.Errorf("%s: %v; want ErrBadCursor", tt.name, err)
		}
	}
	if n := len(em.Requests()); n != 1 {
		t.Errorf("%d requests; bad cursors must be refused before any", n)
	}
	if elsewhere.Load() != 0 {
		t.Error("a forged cursor sent a request to another host")
	}
	// The same cursor with the type spelled differently is still the walk's.
	if _, err := src.Fetch(context.Background(), model.Query{Action: "LOGINS"}, page.Next); err != nil {
		t.Errorf("cursor with the type in capitals: %v", err)
	}
}

// TestWindowFixedForTheWalk: the window is fixed when a walk starts, so a
// clock that moves on changes no later request.
func TestWindowFixedForTheWalk(t *testing.T) {
	em, srv := serve(t, qualtricsemu.Options{Events: 120, Seed: 5, Types: []string{"logins"}, Span: 6 * 24 * time.Hour})
	now := testNow
	src := client(srv, Config{Common: transport.Common{Now: func() time.Time { now = now.Add(time.Hour); return now }}, PageSize: 10})
	_, pages := sourcetest.WalkAll(t, src, model.Query{})
	reqs := em.Requests()
	if len(pages) < 3 {
		t.Fatalf("%d pages; the test needs several", len(pages))
	}
	for i, r := range reqs {
		for _, k := range []string{"startDate", "endDate"} {
			if r.Query.Get(k) != reqs[0].Query.Get(k) {
				t.Errorf("request %d: %s %q moved from %q", i, k, r.Query.Get(k), reqs[0].Query.Get(k))
			}
		}
	}
}
