package domo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestWalkWhileEventsArrive pages through a log while Domo adds entries at
// its head before every request. The client's clock is an hour ahead of
// Domo's, so the new entries fall inside the walk's window and push every
// offset down: each entry that was there when the walk started must still
// be seen exactly once.
func TestWalkWhileEventsArrive(t *testing.T) {
	for _, tc := range []struct {
		name  string
		order domoemu.Order
		form  domoemu.TimeForm
	}{
		{"newest first, docs time", domoemu.NewestFirst, domoemu.TimeDocs},
		{"newest first, epoch ms", domoemu.NewestFirst, domoemu.TimeEpochMillis},
		{"oldest first, rfc3339", domoemu.OldestFirst, domoemu.TimeRFC3339},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := domoemu.Options{Events: 150, Seed: 11, AddPerRequest: 3, Order: tc.order, TimeForm: tc.form}
			ahead := func() time.Time { return testNow.Add(time.Hour) }
			em, src := startEmulator(t, opts, Config{Common: transport.Common{Now: ahead}, PageSize: 10})
			want := eventsOf(em, em.Entries())
			got, pages := sourcetest.WalkAll(t, src, model.Query{})
			added := len(em.Entries()) - 150
			if added < 3*10 {
				t.Fatalf("only %d entries were added during a walk of %d pages", added, len(pages))
			}
			isNew := map[string]bool{}
			for _, e := range eventsOf(em, em.Entries()) {
				isNew[e.ID] = true
			}
			for _, e := range want {
				delete(isNew, e.ID)
			}
			requireOnce(t, "walk while entries arrive", got, want, func(e model.Event) bool { return isNew[e.ID] })
			requireNoRepeats(t, got)
			if tc.order == domoemu.OldestFirst && len(got) == len(want) {
				t.Errorf("oldest first: none of the %d entries added at the end was seen", added)
			}
		})
	}
}

// TestBoundaryMovesUnderTheWalk inserts late entries between pages: just newer
// than the last one shown (inside the second the next request asks for
// again, and beyond it), at its very time, and older, so the boundary moves
// under the walk. Times are to the millisecond, so "just above" is not the
// same second as the edge.
func TestBoundaryMovesUnderTheWalk(t *testing.T) {
	em, src := startEmulator(t, domoemu.Options{Events: 90, Seed: 5, TimeForm: domoemu.TimeEpochMillis}, Config{PageSize: 7})
	want := eventsOf(em, em.Entries())
	ctx := context.Background()
	page, err := src.Fetch(ctx, model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
	got := page.Events
	var late []domoemu.Entry
	for i := 0; page.Next != ""; i++ {
		last := page.Events[len(page.Events)-1].Time
		n := strconv.Itoa(i)
		late = append(late, em.Add(
			domoemu.Entry{Time: last.Add(400 * time.Millisecond), UserName: "Late Above", UserID: "1000000001", ActionType: "VIEWED", AdditionalComment: "just above " + n},
			domoemu.Entry{Time: last.Add(1500 * time.Millisecond), UserName: "Late Above", UserID: "1000000001", ActionType: "VIEWED", AdditionalComment: "above " + n},
			domoemu.Entry{Time: last, UserName: "Late At", UserID: "1000000003", ActionType: "VIEWED", AdditionalComment: "at the edge " + n},
			domoemu.Entry{Time: last.Add(-90 * time.Second), UserName: "Late Below", UserID: "1000000002", ActionType: "VIEWED", AdditionalComment: "below " + n},
		)...)
		if page, err = src.Fetch(ctx, model.Query{}, page.Next); err != nil {
			t.Fatal(err)
		}
		got = append(got, page.Events...)
	}
	if len(late) < 20 {
		t.Fatalf("only %d late entries", len(late))
	}
	requireOnce(t, "walk with moving boundaries", got, want, func(e model.Event) bool {
		// Late entries below are found later in the walk; those above
		// were passed, but may come into the entries asked for again.
		return strings.HasPrefix(e.Actor, "Late ")
	})
	requireNoRepeats(t, got)
	below := 0
	for _, e := range got {
		if e.Actor == "Late Below" {
			below++
		}
	}
	if below == 0 {
		t.Error("no entry that arrived below the boundary was seen")
	}
}

// TestTiesAcrossPageBoundaries pages through groups of entries sharing one
// time, larger than a page, with identical twins among them, while entries
// arrive at the head, more between two requests than the smaller pages hold:
// the walk asks for as many more as pushed it back.
func TestTiesAcrossPageBoundaries(t *testing.T) {
	var entries []domoemu.Entry
	base := testNow.Add(-time.Hour)
	for sec := range 6 {
		for i := range 9 {
			e := domoemu.Entry{Time: base.Add(time.Duration(sec) * time.Second).Add(time.Duration(i*50) * time.Millisecond),
				UserName: "Ada Lovelace", UserID: "1837401552", ActionType: "VIEWED", ObjectType: "CARD", ObjectName: "Churn Rate"}
			if i%3 != 0 { // twins: the same card, user and time (to the second in the docs form)
				e.Time = base.Add(time.Duration(sec) * time.Second)
			}
			entries = append(entries, e)
		}
	}
	for _, form := range []domoemu.TimeForm{domoemu.TimeDocs, domoemu.TimeEpochMillis} {
		for _, pageSize := range []int{1, 2, 4, 5, 13} {
			t.Run(fmt.Sprintf("form %d, page size %d", form, pageSize), func(t *testing.T) {
				em, src := startEmulator(t, domoemu.Options{Entries: entries, TimeForm: form, AddPerRequest: 2},
					Config{Common: transport.Common{Now: func() time.Time { return testNow.Add(time.Hour) }}, PageSize: pageSize})
				want := eventsOf(em, em.Entries())
				seen := map[string]bool{}
				for _, e := range want {
					if seen[e.ID] {
						t.Fatalf("fixture has id %s twice", e.ID)
					}
					seen[e.ID] = true
				}
				got, _ := sourcetest.WalkAll(t, src, model.Query{Until: testNow})
				requireOnce(t, "walk through ties", got, want, func(e model.Event) bool { return !seen[e.ID] })
				requireNoRepeats(t, got)
			})
		}
	}
}

// TestHugeGroupAtBoundary: more entries in one millisecond than a cursor
// keeps ids of. Without new entries arriving, offsets alone still see each
// once.
func TestHugeGroupAtBoundary(t *testing.T) {
	var entries []domoemu.Entry
	at := testNow.Add(-time.Minute)
	for i := range 2*maxSeen + 30 {
		entries = append(entries, domoemu.Entry{Time: at, UserName: "Alan Turing", UserID: "1205529871", ActionType: "VIEWED",
			ObjectType: "CARD", ObjectID: strconv.Itoa(i), AdditionalComment: "view " + strconv.Itoa(i)})
	}
	em, src := startEmulator(t, domoemu.Options{Entries: entries, TimeForm: domoemu.TimeEpochMillis}, Config{PageSize: 150})
	got, pages := sourcetest.WalkAll(t, src, model.Query{})
	sourcetest.RequireIDs(t, "walk through one huge group", got, eventsOf(em, em.Entries()))
	if len(pages) < 3 {
		t.Errorf("%d pages; want the group to span several", len(pages))
	}
}

// TestRequestParameters checks how a walk asks: the window fixed at its
// start (the clock moves on) and wider than the query by the zone margin,
// each page from the offset of the run of entries at the last time shown
// (asked for again); the user only for a numeric id; and the headers.
func TestRequestParameters(t *testing.T) {
	clock := sourcetest.NewClock(testNow)
	em, src := startEmulator(t, domoemu.Options{Events: 40, Seed: 2}, Config{Common: transport.Common{Now: clock.Now}, PageSize: 10})
	all := eventsOf(em, em.Entries())
	last := all[9].Time
	again := 0
	for again < 10 && all[9-again].Time.Equal(last) {
		again++
	}
	since := time.Date(2026, 11, 1, 8, 30, 0, 500, time.UTC)
	q := model.Query{Since: since}
	page, err := src.Fetch(context.Background(), q, "")
	if err != nil {
		t.Fatal(err)
	}
	if page.Number != 1 || page.Notice != "" || len(page.Events) != 10 {
		t.Errorf("first page: number %d, notice %q, %d events", page.Number, page.Notice, len(page.Events))
	}
	clock.Add(10 * time.Minute)
	second, err := src.Fetch(context.Background(), q, page.Next)
	if err != nil {
		t.Fatal(err)
	}
	if second.Number != 2 || len(second.Events) != 10 {
		t.Errorf("second page: number %d, %d events", second.Number, len(second.Events))
	}
	reqs := em.Requests()
	if len(reqs) != 3 || reqs[0].Path != "/oauth/token" {
		t.Fatalf("requests %+v; want a token request and two pages", reqs)
	}
	if m := margin(defaultZone, since); m != 21*time.Hour {
		t.Fatalf("margin in US Mountain time (UTC-7 in November) %v, want 14h + 7h", m)
	}
	start := strconv.FormatInt(since.Add(-21*time.Hour).UnixMilli(), 10)
	end := strconv.FormatInt(testNow.UnixMilli(), 10)
	for i, want := range []map[string]string{
		{"start": start, "end": end, "limit": "10", "offset": "0"},
		{"start": start, "end": end, "limit": strconv.Itoa(10 + again), "offset": strconv.Itoa(10 - again)},
	} {
		r := reqs[i+1]
		for k, v := range want {
			if got := r.Query.Get(k); got != v || r.Path != "/v1/audit" {
				t.Errorf("request %d %s?%s: %s = %s, want %s", i, r.Path, r.RawQuery, k, got, v)
			}
		}
		if r.Query.Has("user") || len(r.Query) != 4 {
			t.Errorf("request %d sends %s", i, r.RawQuery)
		}
		if r.Header.Get("Accept") != "application/json" || r.Header.Get("Authorization") == "" {
			t.Errorf("request %d headers %v", i, r.Header)
		}
	}

	until := time.Date(2026, 11, 12, 0, 0, 0, 1, time.UTC)
	for _, tc := range []struct {
		actor, user string
		notice      bool
	}{{"1619916076", "1619916076", false}, {"Leonard", "", true}, {"1619", "", true}} {
		if page, err = src.Fetch(context.Background(), model.Query{Actor: tc.actor, Until: until}, ""); err != nil {
			t.Fatal(err)
		}
		r := em.Requests()[len(em.Requests())-1]
		if r.Query.Get("user") != tc.user || (page.Notice != "") != tc.notice {
			t.Errorf("actor %q: user %q, notice %q", tc.actor, r.Query.Get("user"), page.Notice)
		}
		if end := strconv.FormatInt(until.Add(21*time.Hour).UnixMilli()+1, 10); r.Query.Get("end") != end {
			t.Errorf("until %v sent as end %s, want %s", until, r.Query.Get("end"), end)
		}
		wantStart := strconv.FormatInt(clock.Now().Add(-DefaultWindow).UnixMilli(), 10)
		if r.Query.Get("start") != wantStart {
			t.Errorf("no since: start %s, want %s (the default window)", r.Query.Get("start"), wantStart)
		}
	}
}

// TestUserFilter: a numeric actor goes to Domo as user, and what comes back
// is still trimmed exactly.
func TestUserFilter(t *testing.T) {
	em, src := startEmulator(t, domoemu.Options{Events: 200, Seed: 8}, Config{PageSize: 25})
	all := eventsOf(em, em.Entries())
	for _, actor := range []string{"1619916076", "Ada", "ada lovelace"} {
		q := model.Query{Actor: actor}
		got, _ := sourcetest.WalkAll(t, src, q)
		var want []model.Event
		for i := range all {
			if q.Matches(&all[i]) {
				want = append(want, all[i])
			}
		}
		if len(want) == 0 {
			t.Fatalf("actor %q matches nothing in the fixture", actor)
		}
		sourcetest.RequireIDs(t, "actor "+actor, got, want)
	}
}

// TestEmptyWindow: a range that starts later than any zone's clock shows
// asks Domo nothing. (An hour ahead is asked for: an entry written in a zone
// east of the one it is read in looks that far in the future.)
func TestEmptyWindow(t *testing.T) {
	em, src := startEmulator(t, domoemu.Options{Events: 10}, Config{})
	page, err := src.Fetch(context.Background(), model.Query{Since: testNow.Add(22 * time.Hour), Until: testNow.Add(30 * time.Hour)}, "")
	if err != nil || len(page.Events) != 0 || page.Next != "" {
		t.Errorf("future window: %d events, next %q, %v", len(page.Events), page.Next, err)
	}
	if n := len(em.Requests()); n != 0 {
		t.Errorf("%d requests for an empty window", n)
	}
}

// requireNoRepeats fails if an id occurs twice.
func requireNoRepeats(t *testing.T, evs []model.Event) {
	t.Helper()
	seen := map[string]bool{}
	for _, e := range evs {
		if seen[e.ID] {
			t.Errorf("event %s (%s) shown twice", e.ID, e.Summary)
		}
		seen[e.ID] = true
	}
}

// TestCursorStaysSmall: however long the walk, a cursor carries at most
// maxSeen ids and stays a few KiB, and it resumes the walk where it left off
// in a new Source (nothing but the cursor carries over).
func TestCursorStaysSmall(t *testing.T) {
	em, src := startEmulator(t, domoemu.Options{Events: 2500, Seed: 6}, Config{PageSize: 300})
	want := eventsOf(em, em.Entries())
	ctx := context.Background()
	var got []model.Event
	cursor := ""
	for pages := 0; ; pages++ {
		if pages == 3 { // resume in a source that never saw the walk
			srv := sourcetest.Serve(t, em)
			src = New(Config{Common: transport.Common{BaseURL: srv.URL, Client: srv.Client(), Now: func() time.Time { return testNow }, HTTP: fastHTTP}, ClientID: testClientID, ClientSecret: testSecret, PageSize: 300})
		}
		page, err := src.Fetch(ctx, model.Query{}, cursor)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page.Events...)
		if page.Next == "" {
			break
		}
		if len(page.Next) > 8<<10 {
			t.Fatalf("page %d: cursor of %d bytes", pages+1, len(page.Next))
		}
		w, err := decodeCursor(page.Next, model.Query{})
		if err != nil || len(w.Seen) > maxSeen {
			t.Fatalf("page %d: cursor %v with %d ids", pages+1, err, len(w.Seen))
		}
		cursor = page.Next
	}
	sourcetest.RequireIDs(t, "walk resumed in another source", got, want)
	if _, err := decodeCursor(cursorPrefix+strings.Repeat("A", maxCursor), model.Query{}); err == nil {
		t.Error("an oversized cursor decoded")
	}
}
