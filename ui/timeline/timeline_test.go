package timeline

import (
	"strconv"
	"strings"
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
	lines := strings.Split(tl.View(&st, 80, time.UTC, &evs[1]), "\n")
	if len(lines) != Lines {
		t.Fatalf("the timeline is %d lines, want %d", len(lines), Lines)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d cells wide at 80", i, w)
		}
	}
}

// Under the bars the axis names the times at both ends and round times
// between, each label whole and clear of the next, at every width; the
// legend names the failures' colour, and the selected event's cell is
// marked.
func TestTimelineAxisAndLegend(t *testing.T) {
	at := time.Date(2026, 11, 20, 11, 59, 0, 0, time.UTC)
	var evs []model.Event
	for i := range 120 {
		e := model.Event{ID: strconv.Itoa(i), Time: at.Add(-time.Duration(i) * 17 * time.Minute)}
		if i%10 == 0 {
			e.Outcome = model.OutcomeFailure
		}
		evs = append(evs, e)
	}
	st := theme.New(theme.Dark)
	for width := 40; width <= 220; width++ {
		var tl Model
		tl.Count(evs, Cells(width))
		lines := strings.Split(tl.View(&st, width, time.UTC, &evs[60]), "\n")
		bars, axis := lines[0], ansi.Strip(lines[1])
		if w := ansi.StringWidth(lines[0]); w > width {
			t.Errorf("at %d the bars are %d cells wide", width, w)
		}
		if w := ansi.StringWidth(lines[1]); w != width {
			t.Errorf("at %d the axis is %d cells wide: %q", width, w, axis)
		}
		if !strings.Contains(axis, "▆ failed") {
			t.Errorf("at %d no legend for failures: %q", width, axis)
		}
		if !strings.Contains(bars, st.Marker.On) {
			t.Errorf("at %d the selected event is not marked", width)
		}
		labels := strings.Fields(strings.Split(axis, "▆")[0])
		if width >= 40 && (len(labels) < 3 || labels[0] != "11-19" || labels[1] != "02:16" || labels[len(labels)-1] != "11:59") {
			t.Errorf("at %d the axis lacks its ends: %q", width, axis)
		}
		if width >= 100 && len(labels) < 6 {
			t.Errorf("at %d no times between the ends: %q", width, axis)
		}
		// Each label between the ends is a whole time or date: two run
		// together, or one cut, would not be five cells.
		for _, l := range labels[2 : len(labels)-2] {
			if len(l) != 5 || (l[2] != ':' && l[2] != '-') {
				t.Errorf("at %d a cut or run-together label %q: %q", width, l, axis)
			}
		}
	}
}
