package canary

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

func midpoint(a, b time.Time) time.Time { return a.Add(b.Sub(a) / 2) }

// TestFiltersExact runs queries of every kind against both readings of
// start_date and end_date: the client's answer must be exactly what the
// query matches, whatever the console's date semantics.
func TestFiltersExact(t *testing.T) {
	for _, inclusive := range []bool{true, false} {
		t.Run(fmt.Sprintf("inclusive=%v", inclusive), func(t *testing.T) {
			em, src := startEmulator(t, canaryemu.Options{Events: 300, Seed: 5, InclusiveDates: inclusive}, 9)
			entries := em.Entries()
			all := eventsOf(t, entries)
			at := func(i int) time.Time { return entries[i].Timestamp }
			midnight := testNow.Truncate(24 * time.Hour)
			queries := []model.Query{
				{Action: "device_schedule_reboot"},
				{Action: "user_login_failure"},
				{Text: "fileserver-02"},
				{Text: "198.51.100.41"},
				{Text: "london dc"},
				{Actor: "carol"},
				{Actor: "API Token"},
				{Text: "fileserver", Actor: "api"},
				{Since: at(40), Until: at(10)},
				{Since: midpoint(at(101), at(100)), Until: midpoint(at(21), at(20))},
				{Since: at(150)},
				{Until: at(200)},
				{Action: "user_login", Since: at(250), Until: at(30)},
				{Since: midnight.AddDate(0, 0, -5), Until: midnight.AddDate(0, 0, -3)},
				{Since: at(60), Until: at(60)},
				{Since: at(60), Until: at(60).Add(time.Second)},
				{Until: at(len(entries) - 1)},
			}
			for _, q := range queries {
				want := sourcetest.Matching(all, q)
				got, _ := sourcetest.WalkAll(t, src, q)
				sourcetest.RequireIDs(t, fmt.Sprintf("%+v", q), got, want)
				if !reflect.DeepEqual(got, want) && len(want) > 0 {
					t.Errorf("%+v: events differ from the entries the emulator holds:\n got %+v\nwant %+v", q, got[0], want[0])
				}
			}
		})
	}
}

// TestDateEdges puts entries exactly on midnight, where the inclusiveness of
// start_date and end_date decides, and queries with edges on and between them.
func TestDateEdges(t *testing.T) {
	start := time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)
	var entries []canaryemu.Entry
	for h := 96; h >= 0; h-- {
		entries = append(entries, canaryemu.Entry{ActionType: "user_login", User: "alice@example.com", Timestamp: start.Add(time.Duration(h) * time.Hour)})
	}
	day := func(d int) time.Time { return start.AddDate(0, 0, d) }
	queries := []model.Query{
		{Since: day(1), Until: day(3)},
		{Since: day(1).Add(30 * time.Minute), Until: day(3).Add(-30 * time.Minute)},
		{Since: day(2)},
		{Until: day(1)},
		{Since: day(4)},
		{Since: day(3).Add(-time.Nanosecond), Until: day(3).Add(time.Nanosecond)},
		{Since: day(-1), Until: day(0)},
	}
	for _, inclusive := range []bool{true, false} {
		em, src := startEmulator(t, canaryemu.Options{Entries: entries, InclusiveDates: inclusive}, 5)
		all := eventsOf(t, em.Entries())
		for _, q := range queries {
			got, _ := sourcetest.WalkAll(t, src, q)
			sourcetest.RequireIDs(t, fmt.Sprintf("inclusive=%v %v..%v", inclusive, q.Since, q.Until), got, sourcetest.Matching(all, q))
		}
	}
}

// TestStopsPastSince: entries come newest first, so once a page reaches back
// past Since no later page can match and the walk ends there.
func TestStopsPastSince(t *testing.T) {
	var log []canaryemu.Entry
	for i := range 300 {
		log = append(log, canaryemu.Entry{ActionType: "user_login", User: "bob@example.com", Timestamp: testNow.Add(-time.Duration(i) * 10 * time.Minute)})
	}
	em, src := startEmulator(t, canaryemu.Options{Entries: log}, 10)
	entries := em.Entries()
	q := model.Query{Since: entries[25].Timestamp, Until: entries[12].Timestamp}
	got, pages := sourcetest.WalkAll(t, src, q)
	sourcetest.RequireIDs(t, "walk", got, sourcetest.Matching(eventsOf(t, entries), q))
	if len(pages) != 3 || len(em.Requests()) != 3 {
		t.Errorf("walk took %d pages and %d requests; want to stop after the 3rd, which holds entry 25", len(pages), len(em.Requests()))
	}
	if len(pages[0].Events) != 0 || pages[0].Next == "" {
		t.Errorf("first page (entries 0-9, all after Until) has %d events and next %q; want none and a next cursor", len(pages[0].Events), pages[0].Next)
	}
	// Without Since, the same walk goes on to the end of the date range.
	_, pages = sourcetest.WalkAll(t, src, model.Query{Until: entries[12].Timestamp})
	if len(pages) != 30 {
		t.Errorf("walk without Since took %d pages, want all 30", len(pages))
	}
}

// TestActionCaseInsensitive: the query's action ignores case; Canary's types
// are lower-case, so the client sends them that way.
func TestActionCaseInsensitive(t *testing.T) {
	em, src := startEmulator(t, canaryemu.Options{Events: 80, Seed: 2}, 50)
	want := sourcetest.Matching(eventsOf(t, em.Entries()), model.Query{Action: "user_login"})
	got, _ := sourcetest.WalkAll(t, src, model.Query{Action: "User_Login"})
	if len(want) == 0 {
		t.Fatal("no user_login entries generated")
	}
	sourcetest.RequireIDs(t, "User_Login", got, want)
	page, err := src.Fetch(context.Background(), model.Query{Action: "no_such_action"}, "")
	if err != nil || len(page.Events) != 0 || page.Next != "" {
		t.Errorf("unknown action: %d events, next %q, err %v; want an empty last page", len(page.Events), page.Next, err)
	}
}

// TestTextMatchingRawJSON: the query's text also matches the raw entry (key
// names, null, the id), which the console's search over values would miss;
// such text is not sent as search_term, so the answer stays exact.
func TestTextMatchingRawJSON(t *testing.T) {
	em, src := startSearching(t, canaryemu.Options{Events: 120, Seed: 6}, 25)
	all := eventsOf(t, em.Entries())
	tests := []struct {
		text string
		sent bool
	}{
		{"flock", false}, {"USER", false}, {"null", false}, {"13", false}, {`"user":"bob`, false}, {`\u001b`, false},
		{"fileserver-02", true}, {"Bob@Example", true}, {"logged out", true},
	}
	for _, tt := range tests {
		before := len(em.Requests())
		q := model.Query{Text: tt.text}
		got, _ := sourcetest.WalkAll(t, src, q)
		want := sourcetest.Matching(all, q)
		sourcetest.RequireIDs(t, tt.text, got, want)
		if len(want) == 0 {
			t.Errorf("%q matches nothing; the test needs matches", tt.text)
		}
		if sent := em.Requests()[before].Query.Get("search_term") == tt.text; sent != tt.sent {
			t.Errorf("%q sent as search_term: %v, want %v", tt.text, sent, tt.sent)
		}
	}
}

// A page trimmed to a client-side filter (Canary cannot filter by user) says
// how many entries came from the console before the trim, so the UI can say
// "4 of 200 match".
func TestPageCountsWhatWasFetchedBeforeTheTrim(t *testing.T) {
	_, src := startEmulator(t, canaryemu.Options{Events: 60, Seed: 5}, 20)
	page, err := src.Fetch(context.Background(), model.Query{Actor: "carol"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) == 0 || len(page.Events) >= page.Scanned {
		t.Errorf("page with an actor filter: %d events of %d fetched; want some, not all, of what the console sent", len(page.Events), page.Scanned)
	}
}
