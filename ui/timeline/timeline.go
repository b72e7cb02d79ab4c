// Package timeline is the one-line histogram above the list: the loaded
// events over their time range. It has no keys; the root counts it when
// pages arrive and draws it with the selected event marked.
package timeline

import (
	"math"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/theme"
)

// Model is a one-line histogram of the loaded events over their time
// range, oldest on the left: how dense the log is where, failures in their
// own colour, and the selected event's place marked. It is counted when
// pages arrive or the width changes; a keypress only moves the mark.
type Model struct {
	from, to time.Time
	counts   []int
	fails    []int
	peak     int
	events   int // how many events it was counted over, to know when to recount
	first    string
}

// Stale reports whether the counts no longer describe evs at this width.
func (t *Model) Stale(evs []model.Event, cells int) bool {
	first := ""
	if len(evs) > 0 {
		first = evs[0].ID
	}
	return len(t.counts) != cells || t.events != len(evs) || t.first != first
}

// Count recounts evs into cells buckets.
func (t *Model) Count(evs []model.Event, cells int) {
	*t = Model{counts: make([]int, cells), fails: make([]int, cells), events: len(evs)}
	if len(evs) > 0 {
		t.first = evs[0].ID
	}
	for i := range evs {
		tm := evs[i].Time
		if tm.IsZero() {
			continue
		}
		if t.from.IsZero() || tm.Before(t.from) {
			t.from = tm
		}
		if tm.After(t.to) {
			t.to = tm
		}
	}
	if cells == 0 || t.from.IsZero() {
		return
	}
	for i := range evs {
		if evs[i].Time.IsZero() {
			continue
		}
		b := t.bucket(evs[i].Time)
		t.counts[b]++
		if evs[i].Outcome == model.OutcomeFailure {
			t.fails[b]++
		}
	}
	for _, n := range t.counts {
		t.peak = max(t.peak, n)
	}
}

// bucket is the cell a time falls in.
func (t *Model) bucket(tm time.Time) int {
	span := t.to.Sub(t.from)
	if span <= 0 {
		return len(t.counts) - 1
	}
	b := int(int64(tm.Sub(t.from)) * int64(len(t.counts)) / int64(span+1))
	return common.Clamp(b, 0, len(t.counts)-1)
}

// View draws the line: the range's ends as labels, the bars between.
func (t *Model) View(st *theme.Styles, width int, loc *time.Location, selected *model.Event) string {
	if t.peak == 0 {
		return st.Muted.Render(common.Clip(" timeline: no timed events loaded yet", width))
	}
	const layout = "01-02 15:04"
	left := " " + t.from.In(loc).Format(layout) + " "
	right := " " + t.to.In(loc).Format(layout)
	levels := []rune("▁▂▃▄▅▆▇█")
	mark := -1
	if selected != nil && !selected.Time.IsZero() {
		mark = t.bucket(selected.Time)
	}
	var b strings.Builder
	b.WriteString(st.Muted.Render(left))
	for i, n := range t.counts {
		var c string
		switch {
		case n == 0:
			c = " "
		default:
			// Square-root scale: a quiet hour still shows beside a burst.
			lvl := int(float64(len(levels)-1)*sqrtRatio(n, t.peak) + 0.5)
			c = string(levels[common.Clamp(lvl, 0, len(levels)-1)])
		}
		p := st.Accent
		if t.fails[i] > 0 && t.fails[i]*2 >= n {
			p = st.Danger
		}
		if i == mark {
			if c == " " {
				c = "│"
			}
			p = st.Marker
		}
		b.WriteString(p.Render(c))
	}
	b.WriteString(st.Muted.Render(right))
	return b.String()
}

// Cells is how many buckets fit in width beside the labels.
func Cells(width int) int { return max(width-len(" 01-02 15:04 ")-len(" 01-02 15:04"), 0) }

func sqrtRatio(n, peak int) float64 {
	if peak <= 0 {
		return 0
	}
	return math.Sqrt(float64(n) / float64(peak))
}
