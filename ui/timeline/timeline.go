// Package timeline is the histogram above the list: the loaded
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

// Model is a histogram of the loaded events over their time
// range, oldest on the left: how dense the log is where, failures in their
// own colour, and the selected event's place marked. It is counted from a
// Hist when the Hist or the width changed; a keypress only moves the mark.
type Model struct {
	from, to time.Time
	counts   []int
	fails    []int
	peak     int
	ver      uint64         // the Hist's version it was counted from
	axis     string         // the time axis, worked out on the first View after a count
	axisLoc  *time.Location // the zone it was worked out in
}

// Stale reports whether the counts no longer describe h at this width.
func (t *Model) Stale(h *Hist, cells int) bool {
	return len(t.counts) != cells || t.ver != h.ver
}

// Count counts h into cells buckets: O(h's slots), not O(events).
func (t *Model) Count(h *Hist, cells int) {
	*t = Model{counts: make([]int, cells), fails: make([]int, cells), ver: h.ver}
	if len(h.slots) == 0 {
		return
	}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, s := range h.slots {
		lo, hi = min(lo, s.min), max(hi, s.max)
	}
	t.from, t.to = time.Unix(0, lo).UTC(), time.Unix(0, hi).UTC()
	if cells == 0 {
		return
	}
	for _, s := range h.slots {
		b := t.bucket(time.Unix(0, s.min))
		t.counts[b] += s.n
		t.fails[b] += s.fails
	}
	for _, n := range t.counts {
		t.peak = max(t.peak, n)
	}
}

// Hist counts timed events by the second they fall in, kept as pages
// come and go: Add a page's events when it is loaded, Remove them when it
// is let go. Past maxSlots distinct slots it doubles the slot width and
// merges them, so it holds at most maxSlots slots however many events are
// loaded. A slot's place on the line is its earliest event's time.
type Hist struct {
	shift uint // a slot is 1<<shift seconds wide
	slots map[int64]slot
	ver   uint64 // bumped by every change
}

type slot struct {
	n, fails int
	min, max int64 // earliest and latest event time in it, in Unix nanoseconds (as of when added)
}

// maxSlots bounds a Hist: far more slots than cells on any screen.
const maxSlots = 4096

func (h *Hist) key(tm time.Time) int64 { return tm.Unix() >> h.shift }

// Add counts evs in.
func (h *Hist) Add(evs []model.Event) {
	if h.slots == nil {
		h.slots = map[int64]slot{}
	}
	h.ver++
	for i := range evs {
		tm := evs[i].Time
		if tm.IsZero() {
			continue
		}
		k, ns := h.key(tm), tm.UnixNano()
		s, ok := h.slots[k]
		if !ok || ns < s.min {
			s.min = ns
		}
		if !ok || ns > s.max {
			s.max = ns
		}
		s.n++
		if evs[i].Outcome == model.OutcomeFailure {
			s.fails++
		}
		h.slots[k] = s
	}
	for len(h.slots) > maxSlots {
		h.coarsen()
	}
}

// Remove counts evs, added before, out.
func (h *Hist) Remove(evs []model.Event) {
	h.ver++
	for i := range evs {
		tm := evs[i].Time
		if tm.IsZero() {
			continue
		}
		k := h.key(tm)
		s, ok := h.slots[k]
		if !ok {
			continue
		}
		s.n--
		if evs[i].Outcome == model.OutcomeFailure {
			s.fails--
		}
		if s.n <= 0 {
			delete(h.slots, k)
		} else {
			h.slots[k] = s
		}
	}
}

// Reset forgets every count.
func (h *Hist) Reset() { *h = Hist{ver: h.ver + 1} }

// TooCoarse reports whether its slots grew wide for what is left in it
// (events over a long range were removed): counted again from the events,
// it would place them more finely.
func (h *Hist) TooCoarse() bool { return h.shift > 0 && len(h.slots) < maxSlots/16 }

// Slots is how many slots it holds.
func (h *Hist) Slots() int { return len(h.slots) }

// coarsen doubles the slot width, merging pairs of slots.
func (h *Hist) coarsen() {
	h.shift++
	merged := make(map[int64]slot, len(h.slots)/2+1)
	for k, s := range h.slots {
		k >>= 1
		m, ok := merged[k]
		if !ok {
			merged[k] = s
			continue
		}
		m.n += s.n
		m.fails += s.fails
		m.min, m.max = min(m.min, s.min), max(m.max, s.max)
		merged[k] = m
	}
	h.slots = merged
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

// Lines is how many lines View draws: the bars, and under them the time
// axis with the legend.
const Lines = 2

// View draws the timeline in Lines lines of width cells: the bars, and
// under them the times at both ends and at round times between, with the
// legend at the right. The selected event's cell is marked.
func (t *Model) View(st *theme.Styles, width int, loc *time.Location, selected *model.Event) string {
	if t.peak == 0 {
		return st.Muted.Render(common.Clip(" timeline: no timed events loaded", width)) + "\n"
	}
	mark := -1
	if selected != nil && !selected.Time.IsZero() {
		mark = t.bucket(selected.Time)
	}
	// Cells of one paint are drawn as one run, and an empty cell as a plain
	// space (the accent would colour nothing): a frame's cost in the
	// renderer grows with its escape sequences, and one a cell was most of
	// them (issue 21).
	var b strings.Builder
	b.WriteByte(' ')
	var paint theme.Paint
	run := make([]byte, 0, 3*len(t.counts))
	for i, n := range t.counts {
		c, p := t.cell(st, i, n, mark)
		if p.On != paint.On {
			b.WriteString(paint.Render(string(run)))
			paint, run = p, run[:0]
		}
		run = append(run, c...)
	}
	b.WriteString(paint.Render(string(run)))
	b.WriteByte('\n')
	b.WriteString(st.Muted.Render(" " + t.Axis(loc)))
	b.WriteString(t.legend(st, width))
	return b.String()
}

// levels are the bars' heights, lowest first, each three bytes long.
const levels = "▁▂▃▄▅▆▇█"

// cell is what the timeline draws in cell i, which counts n events, and
// its paint: a bar in the accent, or in the failure colour where failures
// are at least half; the marker where the selected event is (a line where
// there is no bar); an empty cell plain.
func (t *Model) cell(st *theme.Styles, i, n, mark int) (string, theme.Paint) {
	c, p := " ", theme.Paint{}
	if n > 0 {
		// Square-root scale: a quiet hour still shows beside a burst.
		lvl := common.Clamp(int(float64(len(levels)/3-1)*sqrtRatio(n, t.peak)+0.5), 0, len(levels)/3-1)
		c, p = levels[3*lvl:3*lvl+3], st.Accent
		if t.fails[i]*2 >= n {
			p = st.Failed
		}
	}
	if i == mark {
		if n == 0 {
			c = "│"
		}
		p = st.Marker
	}
	return c, p
}

// legend says what the colours mean, at the right of the axis: failures
// always, the selected event's mark where there is room.
func (t *Model) legend(st *theme.Styles, width int) string {
	s := "  " + st.Failed.Render("▆") + " failed"
	if width >= 100 {
		s += "  " + st.Marker.Render("▆") + " selected"
	}
	return s
}

// legendWidth is the cells the legend takes at width.
func legendWidth(width int) int {
	if width >= 100 {
		return len("  ▆ failed  ▆ selected") - 2*(len("▆")-1)
	}
	return len("  ▆ failed") - (len("▆") - 1)
}

// Cells is how many buckets fit in width beside the margin and the legend.
func Cells(width int) int { return max(width-1-legendWidth(width), 0) }

// Axis is the time axis under the bars, as wide as they are: the ends'
// times in full and round times between, each under its cell, none
// overlapping. It is worked out once for a count and a zone, and kept: the
// root calls it after Count, in Update, because View draws from a copy of
// the root's model, where what it works out is lost with the copy.
func (t *Model) Axis(loc *time.Location) string {
	if t.axis != "" && t.axisLoc == loc {
		return t.axis
	}
	n := len(t.counts)
	line := []rune(strings.Repeat(" ", n))
	put := func(at int, s string) {
		for i, r := range []rune(s) {
			if at+i >= 0 && at+i < n {
				line[at+i] = r
			}
		}
	}
	const full = "01-02 15:04"
	left, right := t.from.In(loc).Format(full), t.to.In(loc).Format(full)
	if n < 2*len(full)+1 {
		// Too narrow for both: the start alone, then nothing.
		if n >= len(full) {
			put(0, left)
		}
		t.axis, t.axisLoc = string(line), loc
		return t.axis
	}
	put(0, left)
	put(n-len(full), right)
	// Between them, the first step of round times whose labels keep two
	// cells apart from each other and from the ends.
	span := t.to.Sub(t.from)
	for _, step := range steps {
		if span/step > time.Duration(n/7) {
			continue // far more labels than room: try a longer step
		}
		// Those clear of the ends' labels, two cells apart from them and
		// from each other; a step whose labels would touch is too short.
		var fit []tick
		ok := true
		before := t.from // the time of the label to the left
		for _, tk := range t.ticks(step, loc) {
			if tk.at < len(full)+2 || tk.at+len(tk.label)+2 > n-len(full) {
				continue
			}
			if !tk.date && tk.tm.Sub(before) >= 24*time.Hour {
				// A time a day or more after the label to its left
				// (its day's midnight too near the left end to be
				// drawn) reads as the first such time after it:
				// "11-26 08:49  12:00" as noon of the 26th.
				continue
			}
			before = tk.tm
			if len(fit) > 0 && tk.at < fit[len(fit)-1].at+len(fit[len(fit)-1].label)+2 {
				ok = false
				break
			}
			fit = append(fit, tk)
		}
		if !ok {
			continue
		}
		for _, tk := range fit {
			put(tk.at, tk.label)
		}
		break
	}
	t.axis, t.axisLoc = string(line), loc
	return t.axis
}

// steps are the spacings tried for the labels between the ends, shortest
// first.
var steps = []time.Duration{
	time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour, 48 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour,
}

// tick is one label between the ends, and the cell it starts at.
type tick struct {
	at    int
	label string
	tm    time.Time // the round time
	date  bool      // labelled with its date
}

// ticks are the round times a step apart inside the range, from midnight
// of its first day in loc, each labelled with its time ("15:04"), or its
// date where it is a midnight or the step is a day or more ("11-20"); nil
// if there are none.
func (t *Model) ticks(step time.Duration, loc *time.Location) []tick {
	from := t.from.In(loc)
	tm := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc)
	for tm.Before(t.from) {
		tm = tm.Add(step)
	}
	var out []tick
	for ; tm.Before(t.to); tm = tm.Add(step) {
		label, date := tm.Format("15:04"), false
		if step >= 24*time.Hour || (tm.Hour() == 0 && tm.Minute() == 0) {
			label, date = tm.Format("01-02"), true
		}
		// Centred under its cell.
		out = append(out, tick{at: t.bucket(tm) - len(label)/2, label: label, tm: tm, date: date})
	}
	return out
}

func sqrtRatio(n, peak int) float64 {
	if peak <= 0 {
		return 0
	}
	return math.Sqrt(float64(n) / float64(peak))
}
