package ui

import (
	"strings"
	"testing"

	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/insights"
	"github.com/trail-dev/trail/ui/internal/uitest"
)

// The pane opens on the loaded events, every row pivots, and A counts every
// page of the query instead.
func TestInsightsPanePivotsAndReadsAllPages(t *testing.T) {
	evs := uitest.InsightsFixture()
	d := newDriver(t, sourcetestMemoryPaged(evs, 5), 120, 40)
	d.until("first page", loaded(5))
	d.press("s")
	d.requireScreen("insights over the " + common.Plural(d.m.feed.events.Len(), "loaded event"))
	if _, _, c := d.m.insights.Cursor(); c != 1 {
		t.Fatalf("the cursor starts on row %d, not the first one under a title", c)
	}
	d.press("A")
	d.until("every page read", func(m *Model) bool { return m.insights != nil && !m.insights.Walking() })
	d.requireScreen("insights over all 19 events of the query")
	d.requireScreen("alice: new country Nigeria")
	d.requireScreen("alice at 03:12")
	// Down to the first row of "top actors" and pivot on it.
	for cursorLabel(d.m.insights) != "alice" || !strings.HasPrefix(cursorSection(d.m.insights), "top actors") {
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
	if d.m.insights == nil || !strings.HasPrefix(d.m.insights.Scope(), "all 19 events") {
		t.Fatalf("backspace did not bring the insights over every page back: %+v", d.m.insights)
	}
	// The new-country row filters to alice's events from that country.
	d.press("g")
	for i := 0; !strings.Contains(cursorLabel(d.m.insights), "new country"); i++ {
		if i > d.m.insights.Len() {
			t.Fatal("no new-country row")
		}
		d.send(keyMsg("j"))
	}
	d.press("enter")
	d.until("filtered", func(m *Model) bool { return !m.feed.fetching() && m.feed.started() })
	if d.m.feed.events.Len() != 1 || d.m.feed.events.At(0).Location != "Lagos, Nigeria" {
		t.Fatalf("the new-country pivot shows %d events: %+v", d.m.feed.events.Len(), d.m.feed.events)
	}
}

// cursorLabel is the label of the insight row under the cursor.
func cursorLabel(p *insights.Model) string { l, _, _ := p.Cursor(); return l }

// cursorSection is the title of the section the cursor is in.
func cursorSection(p *insights.Model) string { _, s, _ := p.Cursor(); return s }

// esc stopping a second walk over every page says what the pane still
// shows: the counts of the walk before, not the loaded events.
func TestStoppedWalkSaysWhatTheInsightsAreOver(t *testing.T) {
	evs := uitest.InsightsFixture()
	d := newDriver(t, sourcetestMemoryPaged(evs, 5), 160, 40)
	d.until("first page", loaded(5))
	d.press("s")
	loadedScope := d.m.insights.Scope() // "the 19 loaded events", or fewer
	d.send(keyMsg("A"))
	d.send(keyMsg("esc")) // before any page of the walk is handled
	d.settle()
	d.requireScreen("insights over " + loadedScope)
	d.requireScreen("stopped reading pages; insights are over " + loadedScope)
	d.press("A")
	d.until("every page read", func(m *Model) bool { return m.insights != nil && !m.insights.Walking() })
	d.send(keyMsg("A"))
	d.send(keyMsg("esc"))
	d.settle()
	d.requireScreen("insights over all 19 events of the query")
	if s := d.screen(); strings.Contains(s, "over what was loaded") || strings.Contains(s, "over "+loadedScope) {
		t.Fatalf("the status says the insights are over the loaded events while they are over every page:\n%s", s)
	}
	d.requireScreen("stopped reading pages; insights are over all 19 events of the query")
}

// s over a window of more than insights.CountAtOnce loaded events answers
// at once, the pane saying it counts them, and then shows exactly what a
// count of them there and then shows.
func TestInsightsCountALargeWindowInTheBackground(t *testing.T) {
	_, src := memoryLog(3*insights.CountAtOnce, 1000)
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(1000))
	for d.m.feed.events.Len() <= insights.CountAtOnce {
		d.press("G")
		d.until("more pages", func(m *Model) bool { return !m.feed.fetching() })
	}
	n := d.m.feed.events.Len()
	cmd := d.m.openInsights()
	if cmd == nil || !d.m.insights.Counting() {
		t.Fatalf("s over %d loaded events counted them on the UI goroutine", n)
	}
	d.requireScreen("counting the " + common.Plural(n, "loaded event") + "…")
	d.requireScreen("counting insights…") // on the status line, by a spinner
	d.exec(cmd)
	d.until("counted", func(m *Model) bool { return m.insights != nil && !m.insights.Counting() })
	want := insights.New(d.m.feed.events, loadedScope(n), d.m.loc, d.m.keys, d.m.styles)
	want.SetSize(120, 30)
	d.m.insights.SetSize(120, 30)
	if got := d.m.insights.View(); got != want.View() {
		t.Fatalf("the pane counted in the background:\n%s\nwant, counted at once:\n%s", got, want.View())
	}
}
