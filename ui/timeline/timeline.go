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
// own colour, and the selected event's place marked. It is counted from a
// Hist when the Hist or the width changed; a keypress only moves the mark.
type Model struct {
	from, to time.Time
	counts   []int
	fails    []int
	peak     int
	ver      uint64 // the Hist's version it was counted from
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
