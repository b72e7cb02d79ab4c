package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
)

// Each pivot narrows the log to what the selected event has, keeping the
// rest of the filter; backspace steps back through every filter before.
func TestPivotsAndFilterHistory(t *testing.T) {
	d, evs := startOn(t, 400, 120, 40)
	d.press("j", "j", "j") // a dave@example.com event
	sel := *d.m.selected()

	steps := []struct {
		key   string
		check func(q model.Query) bool
		keep  func(e *model.Event) bool
	}{
		{"a", func(q model.Query) bool { return q.Actor == sel.Actor }, func(e *model.Event) bool { return e.Actor == sel.Actor }},
		{"v", func(q model.Query) bool { return q.Action == sel.Action && q.Actor == sel.Actor }, func(e *model.Event) bool { return e.Action == sel.Action }},
		{"i", func(q model.Query) bool { return q.IP == sel.IP && q.Action == sel.Action }, func(e *model.Event) bool { return e.IP == sel.IP }},
		{"o", func(q model.Query) bool { return q.Target == sel.Target && q.IP == sel.IP }, func(e *model.Event) bool { return e.Target == sel.Target }},
	}
	var queries []model.Query
	for _, s := range steps {
		queries = append(queries, d.m.query)
		d.press(s.key)
		d.until("pivoted page", func(m *Model) bool {
			return m.feed.started() && !m.feed.fetching() && m.feed.atEnd() || m.feed.events.Len() >= 50
		})
		if !s.check(d.m.query) {
			t.Fatalf("after %s the query is %+v", s.key, d.m.query)
		}
		if d.m.feed.events.Len() == 0 {
			t.Fatalf("after %s nothing is left, yet the selected event matched", s.key)
		}
		for i := range d.m.Loaded() {
			if e := d.m.feed.events.At(i); !s.keep(e) || !d.m.query.Matches(e) {
				t.Fatalf("after %s event %s is shown: %+v", s.key, e.ID, e)
			}
		}
		// The event pivoted on is among those left.
		found := false
		for _, e := range d.m.Loaded() {
			found = found || e.ID == sel.ID
		}
		if !found && d.m.feed.events.Len() < 50 {
			t.Fatalf("after %s the event pivoted on is gone", s.key)
		}
		d.requireScreen("backspace goes back")
		// Keep the same event selected for the next pivot.
		for i, e := range d.m.Loaded() {
			if e.ID == sel.ID {
				d.m.list.Move(d.m.feed.window(), i)
			}
		}
	}
	d.requireScreen("target = " + sel.Target)
	// Backspace walks the history back to no filter at all.
	for i := len(queries) - 1; i >= 0; i-- {
		d.press("backspace")
		d.until("previous filter", func(m *Model) bool { return m.feed.started() && !m.feed.fetching() })
		if !d.m.query.Equal(queries[i]) {
			t.Fatalf("backspace %d: query %+v, want %+v", len(queries)-i, d.m.query, queries[i])
		}
	}
	if !d.m.query.IsZero() || d.m.feed.events.Len() != 50 || d.m.feed.events.At(0).ID != evs[0].ID {
		t.Fatalf("after the history, query %+v and %d events", d.m.query, d.m.feed.events.Len())
	}
	d.press("backspace")
	d.requireScreen("no earlier filter")
	// F clears and is itself undone by backspace.
	d.press("a")
	d.until("pivot", func(m *Model) bool { return !m.feed.fetching() })
	d.press("F")
	d.until("cleared", func(m *Model) bool { return !m.feed.fetching() })
	d.press("backspace")
	d.until("back", func(m *Model) bool { return !m.feed.fetching() })
	if d.m.query.Actor == "" {
		t.Errorf("backspace after F did not bring the actor filter back")
	}
}

func TestPivotOnAMissingFieldSaysSo(t *testing.T) {
	evs, _ := memoryLog(5, 50)
	for i := range evs {
		evs[i].IP = ""
	}
	d := newDriver(t, sourcetestMemory(evs), 100, 30)
	d.until("first page", loaded(5))
	d.press("i")
	d.requireScreen("this event has no IP")
	if !d.m.query.IsZero() {
		t.Errorf("a pivot on nothing changed the filter: %+v", d.m.query)
	}
}

func TestZoneAndAgeToggles(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	d, _ := startOn(t, 10, 120, 40, func(o *Options) { o.Location = berlin })
	d.requireScreen("2026-11-20 12:59:00") // 11:59 UTC in Berlin
	d.press("t")
	d.requireScreen("2026-11-20 11:59:00")
	d.requireScreen("times shown in UTC")
	d.press("t")
	d.requireScreen("2026-11-20 12:59:00")
	d.press("T")
	d.requireScreen("AGE")
	if !strings.Contains(d.screen(), "1m ago") || !strings.Contains(d.screen(), "4m ago") {
		t.Errorf("ages not shown:\n%s", d.screen())
	}
	d.press("T")
	d.requireScreen("TIME")
}
