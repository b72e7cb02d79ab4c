package ui

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
)

// insightsFixture: alice works 09:00–10:30 in Berlin for three days, then
// logs in once at 03:12 from Lagos on a new IP; bob moves flocks in Paris on
// one afternoon and fails to log in twice; carol reboots a device once.
func insightsFixture() []model.Event {
	at := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, time.UTC) }
	var evs []model.Event
	for day := 18; day <= 20; day++ {
		for _, hm := range [][2]int{{9, 0}, {9, 30}, {10, 0}, {10, 30}} {
			evs = append(evs, model.Event{Time: at(day, hm[0], hm[1]), Actor: "alice", Action: "user_login",
				IP: "10.0.0.1", Location: "Berlin, Germany", Target: "console"})
		}
	}
	evs = append(evs, model.Event{Time: at(20, 3, 12), Actor: "alice", Action: "user_login",
		IP: "203.0.113.99", Location: "Lagos, Nigeria", Target: "console"})
	for i := 0; i < 3; i++ {
		evs = append(evs, model.Event{Time: at(19, 14, i), Actor: "bob", Action: "flock_move", IP: "10.0.0.2",
			Location: "Paris, France", Target: "flock:ops"})
	}
	for i := 3; i < 5; i++ {
		evs = append(evs, model.Event{Time: at(19, 14, i), Actor: "bob", Action: "user_login_failure", IP: "10.0.0.2",
			Location: "Paris, France", Outcome: model.OutcomeFailure})
	}
	evs = append(evs, model.Event{Time: at(20, 23, 0), Actor: "carol", Action: "device_schedule_reboot", IP: "10.0.0.3", Target: "device:7"})
	// Newest first, as a provider sends them.
	for i, j := 0, len(evs)-1; i < j; i, j = i+1, j-1 {
		evs[i], evs[j] = evs[j], evs[i]
	}
	return evs
}

func TestInsightsByHand(t *testing.T) {
	in := computeInsights(insightsFixture(), time.UTC)
	if in.total != 19 || in.failures != 2 {
		t.Fatalf("total %d, failures %d; want 19 and 2", in.total, in.failures)
	}
	check := func(what string, got []tally, want ...tally) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	check("actors", in.actors, tally{"alice", 13}, tally{"bob", 5}, tally{"carol", 1})
	check("actions", in.actions, tally{"user_login", 13}, tally{"flock_move", 3}, tally{"user_login_failure", 2}, tally{"device_schedule_reboot", 1})
	check("targets", in.targets, tally{"console", 13}, tally{"flock:ops", 3}, tally{"device:7", 1})
	check("ips", in.ips, tally{"10.0.0.1", 12}, tally{"10.0.0.2", 5}, tally{"10.0.0.3", 1}, tally{"203.0.113.99", 1})
	check("countries", in.countries, tally{"Germany", 12}, tally{"France", 5}, tally{"Nigeria", 1})
	check("failures by actor", in.failuresBy, tally{"bob", 2})
	check("days", in.days, tally{"2026-11-20", 6}, tally{"2026-11-19", 9}, tally{"2026-11-18", 4})
	wantHours := [24]int{3: 1, 9: 6, 10: 6, 14: 5, 23: 1}
	if in.hours != wantHours {
		t.Errorf("hours = %v, want %v", in.hours, wantHours)
	}
	odd := time.Date(2026, 11, 20, 3, 12, 0, 0, time.UTC)
	// Each sighting names its event, for the cursor to land on.
	lagos := eventRef{at: odd}
	for _, e := range insightsFixture() {
		if e.Time.Equal(odd) {
			lagos = refOf(&e)
		}
	}
	wantNew := []sighting{{"alice", "IP", "203.0.113.99", odd, "alice", lagos}, {"alice", "country", "Nigeria", odd, "alice", lagos}}
	if !reflect.DeepEqual(in.newPlaces, wantNew) {
		t.Errorf("new places = %v, want %v", in.newPlaces, wantNew)
	}
	wantOff := []sighting{{"alice", "hour", "03:12", odd, "alice", lagos}}
	if !reflect.DeepEqual(in.offHours, wantOff) {
		t.Errorf("off-hours = %v, want %v", in.offHours, wantOff)
	}
	// Hours are read in the display zone: in Berlin, alice keeps 10:00–11:30.
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	if got := computeInsights(insightsFixture(), berlin).hours; got[10] != 6 || got[4] != 1 {
		t.Errorf("hours in Berlin = %v", got)
	}
}

// The pane opens on the loaded events, every row pivots, and A counts every
// page of the query instead.
func TestInsightsPanePivotsAndReadsAllPages(t *testing.T) {
	evs := insightsFixture()
	d := newDriver(t, sourcetestMemoryPaged(evs, 5), 120, 40)
	d.until("first page", loaded(5))
	d.press("s")
	d.requireScreen("insights over the " + common.Plural(len(d.m.feed.events), "loaded event"))
	if c := d.m.insights.cursor; d.m.insights.rows[c].header || c != 1 {
		t.Fatalf("the cursor starts on row %d, not the first one under a title", c)
	}
	d.press("A")
	d.until("every page read", func(m *Model) bool { return m.insights != nil && !m.insights.walking })
	d.requireScreen("insights over all 19 events of the query")
	d.requireScreen("alice: new country Nigeria")
	d.requireScreen("alice at 03:12")
	// Down to the first row of "top actors" and pivot on it.
	for d.m.insights.rows[d.m.insights.cursor].label != "alice" || !strings.HasPrefix(sectionOf(d.m.insights, d.m.insights.cursor), "top actors") {
		d.send(keyMsg("j"))
	}
	d.press("enter")
	if d.m.insights != nil || d.m.query.Actor != "alice" {
		t.Fatalf("enter on top actors/alice: insights open %v, query %+v", d.m.insights != nil, d.m.query)
	}
	d.until("filtered", func(m *Model) bool { return !m.feed.fetching() })
	d.press("backspace")
	d.until("back", func(m *Model) bool { return !m.feed.fetching() && m.query.IsZero() })
	// Backspace brings the insights back as they were, not counted again.
	if d.m.insights == nil || !strings.HasPrefix(d.m.insights.scope, "all 19 events") {
		t.Fatalf("backspace did not bring the insights over every page back: %+v", d.m.insights)
	}
	// The new-country row filters to alice's events from that country.
	d.press("g")
	for i := 0; !strings.Contains(d.m.insights.rows[d.m.insights.cursor].label, "new country"); i++ {
		if i > len(d.m.insights.rows) {
			t.Fatal("no new-country row")
		}
		d.send(keyMsg("j"))
	}
	d.press("enter")
	d.until("filtered", func(m *Model) bool { return !m.feed.fetching() && m.feed.started() })
	if len(d.m.feed.events) != 1 || d.m.feed.events[0].Location != "Lagos, Nigeria" {
		t.Fatalf("the new-country pivot shows %d events: %+v", len(d.m.feed.events), d.m.feed.events)
	}
}

func sectionOf(p *insightsPane, i int) string {
	for ; i >= 0; i-- {
		if p.rows[i].header {
			return p.rows[i].label
		}
	}
	return ""
}
