package ui

import (
	"time"

	"github.com/trail-dev/trail/sources"
)

// mover remembers the last cursor moves, so the list can tell how fast the
// user is going and fetch far enough ahead that the loading row never shows.
type mover struct {
	at   [16]time.Time
	pos  [16]int
	next int
}

// record notes that the cursor reached pos at t.
func (mv *mover) record(t time.Time, pos int) {
	mv.at[mv.next%len(mv.at)] = t
	mv.pos[mv.next%len(mv.pos)] = pos
	mv.next++
}

// speed is rows per second over the moves of the last two seconds.
func (mv *mover) speed(now time.Time) float64 {
	if mv.next < 2 {
		return 0
	}
	newest := (mv.next - 1) % len(mv.at)
	oldest := newest
	for k := 1; k < min(mv.next, len(mv.at)); k++ {
		i := (mv.next - 1 - k) % len(mv.at)
		if now.Sub(mv.at[i]) > 2*time.Second {
			break
		}
		oldest = i
	}
	dt := mv.at[newest].Sub(mv.at[oldest]).Seconds()
	if dt <= 0 || now.Sub(mv.at[newest]) > 2*time.Second {
		return 0
	}
	return float64(abs(mv.pos[newest]-mv.pos[oldest])) / dt
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// lead is how many rows before the edge of what is loaded a fetch must
// start: a screen, plus the rows the user will cover while a page arrives at
// the current speed, twice over for safety.
func (m *Model) lead() int {
	rows := m.list.RowsVisible()
	latency := m.feed.latency
	if latency <= 0 {
		latency = 500 * time.Millisecond
	}
	ahead := int(m.moves.speed(m.now()) * latency.Seconds() * 2)
	return rows + ahead
}

// noteLatency folds a fetch's duration into the smoothed page latency.
func (f *feed) noteLatency(d time.Duration) {
	if f.latency == 0 {
		f.latency = d
		return
	}
	f.latency = (f.latency*7 + d*3) / 10
}

// pageSize is the size to ask the next page for, 0 for the source's own: a
// source that can change it (sources.Sizer) is asked for its size doubled
// toward its largest until a page covers what the user moves while one
// arrives, twice over; when they slow down or stop, its own size again.
func (m *Model) pageSize() int {
	sz, ok := m.src().(sources.Sizer)
	if !ok {
		return 0
	}
	base, largest := sz.PageSizes()
	if base <= 0 {
		return 0
	}
	need := m.need()
	size := base
	for size < need && size < largest {
		size *= 2
	}
	if size = min(size, largest); size <= base {
		return 0
	}
	return size
}

// need is how many rows the user moves, at the current speed, while a page
// arrives, twice over for safety.
func (m *Model) need() int {
	latency := m.feed.latency
	if latency <= 0 {
		latency = 500 * time.Millisecond
	}
	return int(m.moves.speed(m.now()) * latency.Seconds() * 2)
}
