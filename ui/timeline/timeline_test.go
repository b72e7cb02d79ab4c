package timeline

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/theme"
)

// The line is counted once for a set of events and a width, and draws in
// exactly the width it is given.
func TestTimelineCountsOnceAndFits(t *testing.T) {
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	evs := []model.Event{{ID: "c", Time: at}, {ID: "b", Time: at.Add(-time.Hour), Outcome: model.OutcomeFailure}, {ID: "a", Time: at.Add(-2 * time.Hour)}}
	var tl Model
	cells := Cells(80)
	if !tl.Stale(evs, cells) {
		t.Fatal("an empty timeline is not stale")
	}
	tl.Count(evs, cells)
	if tl.Stale(evs, cells) {
		t.Error("counted, the timeline is still stale")
	}
	if !tl.Stale(evs[:2], cells) || !tl.Stale(evs, Cells(100)) {
		t.Error("other events or another width do not make it stale")
	}
	st := theme.New(theme.Dark)
	if w := ansi.StringWidth(tl.View(&st, 80, time.UTC, &evs[1])); w != 80 {
		t.Errorf("the line is %d cells wide at 80", w)
	}
}
