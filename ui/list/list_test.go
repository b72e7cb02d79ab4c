package list

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/theme"
	"github.com/trail-dev/trail/ui/window"
)

// The list asks the root to move (it owns the events), draws only the rows
// on screen whatever the window holds, and keeps the cursor in view.
func TestListMovesAndDrawsOnlyItsRows(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	evs := make([]model.Event, 200_000)
	for i := range evs {
		evs[i] = model.Event{ID: "e", Time: now.Add(-time.Duration(i) * time.Second), Actor: "alice", Action: "user_login", Summary: "logged in"}
	}
	w := Window{Events: window.Of(evs), AtStart: true}
	st := theme.New(theme.None)
	l := New(keys.DefaultKeyMap(), &st, func() time.Time { return now })
	l.SetSize(80, 10)
	l.Focus()
	l.Move(w, 0)
	l, act := l.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})
	if act.Kind != MoveTo || act.To != 1 {
		t.Fatalf("j asks %+v", act)
	}
	if _, act = l.Update(tea.KeyPressMsg{Code: 'G', Text: "G"}); act.Kind != ToBottom {
		t.Fatalf("G asks %+v", act)
	}
	l.Move(w, 150_000)
	if r := RowOf(w, l.Cursor()) - l.Offset(); r < 0 || r >= l.RowsVisible() {
		t.Fatalf("the cursor row %d is off screen", r)
	}
	l.SetWindow(w, RowView{Loc: time.UTC, Now: now, EdgeEnd: "loading"})
	v := l.View()
	if n := strings.Count(v, "\n") + 1; n != 10 {
		t.Fatalf("the list drew %d lines in 10", n)
	}
	for i, line := range strings.Split(v, "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Errorf("line %d is %d cells wide", i, w)
		}
	}
	if l, _ = l.Update(tea.KeyPressMsg{Code: 'l', Text: "l"}); l.HScroll() != hscrollStep {
		t.Errorf("l scrolled the summary %d cells", l.HScroll())
	}
}

// A column is as wide as what the row shows: an actor holding control
// characters is drawn with visible escapes, so it is measured with them
// (it was measured raw, 3 cells for 16 shown, and cut to "\u00…").
func TestColumnsMeasureWhatIsShown(t *testing.T) {
	actor := "\u009b31mX\u202e"
	shown := model.Sanitize(actor)
	if got, want := shownWidth(actor, 28), len(shown); got != want {
		t.Errorf("shownWidth(%q) = %d, want %d (%q)", actor, got, want, shown)
	}
	if got := shownWidth(strings.Repeat("\u202e", 1<<20), 28); got != 28 {
		t.Errorf("a 1 MiB hostile actor measures %d, want the cap 28", got)
	}
}
