package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/theme"
)

// Content-sized columns follow the rows on screen: a long actor widens the
// column while it is in view, and the column narrows again once it is not.
func TestColumnsFollowTheRowsOnScreen(t *testing.T) {
	evs, _ := memoryLog(150, 50)
	evs[0].Actor = "a-very-long-service-account@example.com"
	d := newDriver(t, sourcetestMemory(evs), 120, 40)
	d.until("first page", loaded(50))
	if d.m.list.ActorWidth() != 28 {
		t.Fatalf("with the long actor on screen the column is %d wide, want 28", d.m.list.ActorWidth())
	}
	d.press("pgdown", "pgdown")
	if got, want := d.m.list.ActorWidth(), len("carol@example.com"); got != want {
		t.Errorf("with the long actor scrolled away the column is %d wide, want %d (the widest on screen)", got, want)
	}
}

// At 80 columns the summary keeps at least 30 columns, the others shrinking
// for it; the time column names the zone, and t changes it.
func TestColumnsAt80AndTheZoneInTheHeader(t *testing.T) {
	d, _ := startOn(t, 100, 80, 24)
	if d.m.list.SummaryWidth() < 30 || d.m.list.ActorWidth() == 0 {
		t.Errorf("at 80 columns: summary %d, actor %d; want a summary of 30 or more and the actor kept", d.m.list.SummaryWidth(), d.m.list.ActorWidth())
	}
	d.requireScreen("TIME (UTC)")
	d.press("t")
	d.requireScreen("TIME (local")
	d.send(tea_size(120, 40))
	d.press("t")
	d.requireScreen("TIME (UTC)")
}

// The selection bar is one paint across the whole row, in every theme: no
// reset inside it, and as wide as the list.
func TestSelectionBarSpansTheRow(t *testing.T) {
	for _, theme := range []string{theme.Dark, theme.Light, theme.None} {
		evs, _ := memoryLog(60, 50)
		evs[0].Outcome = model.OutcomeFailure
		d := newDriver(t, sourcetestMemory(evs), 120, 40, func(o *Options) { o.Theme = theme })
		d.until("first page", loaded(50))
		var row string
		for _, l := range strings.Split(d.m.View().Content, "\n") {
			if strings.Contains(l, "▌") {
				row = l
			}
		}
		if w := ansi.StringWidth(row); w != d.m.list.Width() {
			t.Errorf("%s: the selected row is %d wide, the list %d", theme, w, d.m.list.Width())
		}
		if i := strings.Index(row, ansi.ResetStyle); i < 0 || i != len(row)-len(ansi.ResetStyle) {
			t.Errorf("%s: the selection bar is reset inside the row: %q", theme, row)
		}
	}
}
