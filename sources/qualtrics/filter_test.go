package qualtrics

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// TestWindowSent: the half-open range goes out as startDate (inclusive) and
// endDate (exclusive), in milliseconds rounded outwards, with the 7-day
// default made explicit.
func TestWindowSent(t *testing.T) {
	at := time.Date(2026, 11, 12, 9, 30, 15, 123_456_789, time.FixedZone("CET", 3600))
	tests := []struct {
		name       string
		q          model.Query
		start, end string
	}{
		{"no range: the 7 days before now", model.Query{}, "2026-11-10T15:04:05.000Z", "2026-11-17T15:04:05.000Z"},
		{"since: up to now", model.Query{Since: at}, "2026-11-12T08:30:15.123Z", "2026-11-17T15:04:05.000Z"},
		{"until: the 7 days before it", model.Query{Until: at}, "2026-11-05T08:30:15.124Z", "2026-11-12T08:30:15.124Z"},
		{"both", model.Query{Since: at.Add(-time.Hour), Until: at}, "2026-11-12T07:30:15.123Z", "2026-11-12T08:30:15.124Z"},
		{"whole milliseconds", model.Query{Since: at.Truncate(time.Second), Until: at.Truncate(time.Millisecond)}, "2026-11-12T08:30:15.000Z", "2026-11-12T08:30:15.123Z"},
	}
	for _, tt := range tests {
		em, src := startEmulator(t, qualtricsemu.Options{Events: 10}, 10)
		if _, err := src.Fetch(context.Background(), tt.q, ""); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := em.Requests()[0].Query
		if got.Get("startDate") != tt.start || got.Get("endDate") != tt.end {
			t.Errorf("%s: startDate %s, endDate %s; want %s, %s", tt.name, got.Get("startDate"), got.Get("endDate"), tt.start, tt.end)
		}
	}
	em, src := startEmulator(t, qualtricsemu.Options{Events: 10}, 10)
	for _, q := range []model.Query{{Since: at, Until: at}, {Since: at, Until: at.Add(-time.Nanosecond)}, {Since: testNow.Add(time.Hour)}} {
		page, err := src.Fetch(context.Background(), q, "")
		if err != nil || len(page.Events) != 0 || page.Next != "" {
			t.Errorf("empty range %v..%v: %d events, next %q, %v", q.Since, q.Until, len(page.Events), page.Next, err)
		}
	}
	if n := len(em.Requests()); n != 0 {
		t.Errorf("%d requests for empty ranges, want none", n)
	}
}

// TestFiltersExact runs queries of every kind; the answer must be exactly
// what the query matches, whatever the API's order and filter handling.
func TestFiltersExact(t *testing.T) {
	for name, opts := range map[string]qualtricsemu.Options{
		"dsc by default":                    {DefaultOrder: "dsc"},
		"asc by default, strict, URL pages": {DefaultOrder: "asc", StrictFilters: true, NextPage: qualtricsemu.NextPageURL},
		"types without filters":             {DescribedTypes: true},
	} {
		t.Run(name, func(t *testing.T) {
			opts.Events, opts.Seed, opts.Span = 600, 5, 6*24*time.Hour
			em, src := startEmulator(t, opts, 9)
			if _, err := src.ListActions(context.Background()); err != nil {
				t.Fatal(err)
			}
			entries := em.Entries()
			logins := ofType(entries, "logins")
			at := func(i int) time.Time { return logins[i].Timestamp }
			queries := []model.Query{
				{},
				{Action: "session_creations"},
				{Action: "PASSWORD_RESETS"},
				{Action: "response_exports", Actor: "UR_5tGm2PzE9kLw3Nv"},
				{Actor: "UR_3fKq9LmZ2xVb7Tp"},
				{Actor: "ur_3fkq9lmz2xvb7tp"},
				{Actor: "marcus"},
				{Text: "Invalid username"},
				{Text: "Hoboken"},
				{Since: at(40), Until: at(10)},
				{Since: at(40).Add(500 * time.Microsecond), Until: at(10).Add(time.Nanosecond)},
				{Since: at(60), Until: at(60)},
				{Since: at(60), Until: at(60).Add(time.Millisecond)},
				{Until: at(100)},
				{Since: at(len(logins) - 1)},
				{Action: "session_terminations", Since: testNow.Add(-48 * time.Hour), Actor: "UR_1bXr7SdF4hJq8Mc"},
			}
			all := eventsOf(t, entries)
			for _, q := range queries {
				// What the user asked for, with the 7-day default made explicit.
				eff := q
				eff.Action = src.activityType(q.Action)
				if eff.Until.IsZero() {
					eff.Until = testNow
				}
				if eff.Since.IsZero() {
					eff.Since = ceilMilli(eff.Until).Add(-defaultWindow)
				}
				want := sourcetest.Matching(all, eff)
				if testing.Verbose() {
					t.Logf("%+v: %d events", q, len(want))
				}
				got, _ := sourcetest.WalkAll(t, src, q)
				sourcetest.RequireIDs(t, fmt.Sprintf("%+v", q), got, want)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%+v: events differ from the emulator's entries", q)
				}
			}
		})
	}
}

// TestActivityTypeSpelling: the query's action is sent as Qualtrics spells
// the type, once it is known; the empty action is the configured default.
func TestActivityTypeSpelling(t *testing.T) {
	em, srv := serve(t, qualtricsemu.Options{Events: 400, Seed: 2})
	src := client(srv, Config{ActivityType: "session_creations"})
	sent := func(action string) string {
		t.Helper()
		before := len(em.Requests())
		_, _ = src.Fetch(context.Background(), model.Query{Action: action}, "")
		return em.Requests()[before].Query.Get("activityType")
	}
	for action, want := range map[string]string{"": "session_creations", "LOGINS": "logins", " Password_Resets ": "password_resets", "Response_Exports": "Response_Exports"} {
		if got := sent(action); got != want {
			t.Errorf("action %q sent as %q, want %q", action, got, want)
		}
	}
	spaced, err := src.Fetch(context.Background(), model.Query{Action: " Password_Resets "}, "")
	plain, err2 := src.Fetch(context.Background(), model.Query{Action: "password_resets"}, "")
	if err != nil || err2 != nil || len(plain.Events) == 0 || !slices.Equal(sourcetest.IDs(spaced.Events), sourcetest.IDs(plain.Events)) {
		t.Errorf("the action as typed found %v, as listed %v (%v, %v)", sourcetest.IDs(spaced.Events), sourcetest.IDs(plain.Events), err, err2)
	}
	if _, err := src.ListActions(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := sent("Response_Exports"); got != "response_exports" {
		t.Errorf("after listing, Response_Exports sent as %q", got)
	}
}

// TestUserIDFilter: a whole user id goes to the API as userId when the type
// takes it; anything else is matched on this side only.
func TestUserIDFilter(t *testing.T) {
	tests := []struct {
		opts   qualtricsemu.Options
		list   bool
		action string
		actor  string
		sent   bool
	}{
		{qualtricsemu.Options{}, false, "", "UR_3fKq9LmZ2xVb7Tp", true},
		{qualtricsemu.Options{}, false, "session_terminations", "UR_3fKq9LmZ2xVb7Tp", true},
		{qualtricsemu.Options{}, false, "", "ur_3fkq9lmz2xvb7tp", false},
		{qualtricsemu.Options{}, false, "", "UR_3fKq9", false},
		{qualtricsemu.Options{}, false, "", "priya", false},
		{qualtricsemu.Options{}, false, "response_exports", "UR_3fKq9LmZ2xVb7Tp", false},
		{qualtricsemu.Options{StrictFilters: true}, true, "response_exports", "UR_3fKq9LmZ2xVb7Tp", false},
		{qualtricsemu.Options{StrictFilters: true}, true, "users", "UR_3fKq9LmZ2xVb7Tp", true},
		{qualtricsemu.Options{DescribedTypes: true}, true, "users", "UR_3fKq9LmZ2xVb7Tp", false},
		{qualtricsemu.Options{DescribedTypes: true}, true, "logins", "UR_3fKq9LmZ2xVb7Tp", true},
	}
	for _, tt := range tests {
		tt.opts.Events = 50
		em, src := startEmulator(t, tt.opts, 10)
		if tt.list {
			if _, err := src.ListActions(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		before := len(em.Requests())
		if _, err := src.Fetch(context.Background(), model.Query{Action: tt.action, Actor: tt.actor}, ""); err != nil {
			t.Errorf("%+v: %v", tt, err)
			continue
		}
		if got := em.Requests()[before].Query.Get("userId"); (got == tt.actor) != tt.sent || (got != "" && got != tt.actor) {
			t.Errorf("%s/%s listed=%v: userId %q, want sent=%v", tt.action, tt.actor, tt.list, got, tt.sent)
		}
	}
}

// TestNewestFirst: order=dsc is sent, so the API's own default does not
// matter.
func TestNewestFirst(t *testing.T) {
	for _, def := range []string{"asc", "dsc"} {
		em, src := startEmulator(t, qualtricsemu.Options{Events: 100, DefaultOrder: def, Types: []string{"logins"}, Span: 6 * 24 * time.Hour}, 30)
		got, _ := sourcetest.WalkAll(t, src, model.Query{})
		for i := 1; i < len(got); i++ {
			if got[i].Time.After(got[i-1].Time) {
				t.Fatalf("default %s: event %d is newer than the one before", def, i)
			}
		}
		for _, r := range em.Requests() {
			if r.Query.Get("order") != "dsc" {
				t.Errorf("order %q sent", r.Query.Get("order"))
			}
		}
	}
}

func ceilMilli(t time.Time) time.Time {
	if r := t.Truncate(time.Millisecond); !r.Equal(t) {
		return r.Add(time.Millisecond)
	}
	return t
}
