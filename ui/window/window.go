// Package window is the loaded window of events: consecutive pages held as
// they arrived, never copied into one slice, so taking a page in or letting
// one go costs that page, not the window.
//
// An Events value is a snapshot: a page, once in, is never changed, and
// Append, Prepend, DropFront and DropBack never write where another copy of
// the value can read. A background job (a search) can read a copy while the
// root goes on adding and trimming.
package window

import (
	"sort"

	"github.com/trail-dev/trail/model"
)

// Events is a run of pages of events, indexed from 0 across them.
type Events struct {
	pages  [][]model.Event
	starts []int // starts[i] is where pages[i] begins, counted from an origin that only Prepend moves
	base   int   // the origin's offset: event 0 is at starts[0] == base
	n      int
}

// Of returns a window holding evs as one page (not copied).
func Of(evs []model.Event) Events {
	var w Events
	w.Append(evs)
	return w
}

// Len is how many events the window holds.
func (w Events) Len() int { return w.n }

// Pages is how many pages the window holds (empty pages count).
func (w Events) Pages() int { return len(w.pages) }

// Page returns page i, not copied: do not change it.
func (w Events) Page(i int) []model.Event { return w.pages[i] }

// At returns event i, which must be in range. It finds the page by binary
// search: O(log pages).
func (w Events) At(i int) *model.Event {
	if i < 0 || i >= w.n {
		panic("window: index out of range")
	}
	p, off := w.locate(i)
	return &w.pages[p][off]
}

// locate returns the page holding event i and its offset in it.
func (w Events) locate(i int) (page, off int) {
	abs := w.base + i
	// The last page starting at or before abs that is not empty.
	p := sort.Search(len(w.starts), func(k int) bool { return w.starts[k] > abs }) - 1
	for len(w.pages[p]) == 0 || abs-w.starts[p] >= len(w.pages[p]) {
		p++ // only past empty pages sharing a start
	}
	return p, abs - w.starts[p]
}

// Append adds a page after the last. evs is kept, not copied: the caller
// must not change it after.
func (w *Events) Append(evs []model.Event) {
	if len(w.pages) == 0 {
		w.base = 0
	}
	w.starts = append(w.starts, w.base+w.n)
	w.pages = append(w.pages, evs)
	w.n += len(evs)
}

// Prepend adds a page before the first. It copies the page index (a slice
// header per page), not the events.
func (w *Events) Prepend(evs []model.Event) {
	if len(w.pages) == 0 {
		w.Append(evs)
		return
	}
	w.base -= len(evs)
	pages := make([][]model.Event, 0, len(w.pages)+1+len(w.pages)/4)
	starts := make([]int, 0, cap(pages))
	w.pages = append(append(pages, evs), w.pages...)
	w.starts = append(append(starts, w.base), w.starts...)
	w.n += len(evs)
}

// JoinFront puts evs in front of the first page, as part of it (a follow's
// new events joining the newest page). The first page is made anew and the
// page index copied, so a snapshot taken before still reads what it read:
// it costs that page and the index, not the window.
func (w *Events) JoinFront(evs []model.Event) {
	if len(w.pages) == 0 {
		w.Append(evs)
		return
	}
	first := make([]model.Event, 0, len(evs)+len(w.pages[0]))
	first = append(append(first, evs...), w.pages[0]...)
	pages := append([][]model.Event(nil), w.pages...)
	starts := append([]int(nil), w.starts...)
	pages[0] = first
	w.base -= len(evs)
	starts[0] = w.base
	w.pages, w.starts = pages, starts
	w.n += len(evs)
}

// JoinBack puts evs after the last page, as part of it (a growing file's
// new lines joining its last page), at the same cost as JoinFront and with
// the same care for snapshots.
func (w *Events) JoinBack(evs []model.Event) {
	if len(w.pages) == 0 {
		w.Append(evs)
		return
	}
	k := len(w.pages) - 1
	last := make([]model.Event, 0, len(w.pages[k])+len(evs))
	last = append(append(last, w.pages[k]...), evs...)
	pages := append([][]model.Event(nil), w.pages...)
	pages[k] = last
	w.pages = pages
	w.starts = append([]int(nil), w.starts...)
	w.n += len(evs)
}

// DropFront lets the first k pages go and returns how many events went.
func (w *Events) DropFront(k int) int {
	k = min(k, len(w.pages))
	dropped := 0
	for _, p := range w.pages[:k] {
		dropped += len(p)
	}
	w.pages, w.starts = w.pages[k:], w.starts[k:]
	w.base += dropped
	w.n -= dropped
	return dropped
}

// DropBack lets the last k pages go and returns how many events went.
func (w *Events) DropBack(k int) int {
	k = min(k, len(w.pages))
	dropped := 0
	for _, p := range w.pages[len(w.pages)-k:] {
		dropped += len(p)
	}
	keep := len(w.pages) - k
	// Capped, so the next Append writes a new array, not over the slots a
	// snapshot taken before may still read.
	w.pages, w.starts = w.pages[:keep:keep], w.starts[:keep:keep]
	w.n -= dropped
	return dropped
}

// Each calls fn for every event from index from onwards, in order, until
// fn returns false.
func (w Events) Each(from int, fn func(i int, e *model.Event) bool) {
	if from >= w.n {
		return
	}
	from = max(from, 0)
	p, off := w.locate(from)
	i := from
	for ; p < len(w.pages); p, off = p+1, 0 {
		page := w.pages[p]
		for k := off; k < len(page); k++ {
			if !fn(i, &page[k]) {
				return
			}
			i++
		}
	}
}

// EachBack calls fn for every event from index from back to 0, until fn
// returns false.
func (w Events) EachBack(from int, fn func(i int, e *model.Event) bool) {
	if from < 0 || w.n == 0 {
		return
	}
	from = min(from, w.n-1)
	p, off := w.locate(from)
	i := from
	for ; p >= 0; p-- {
		page := w.pages[p]
		if off < 0 {
			off = len(page) - 1
		}
		for k := off; k >= 0; k-- {
			if !fn(i, &page[k]) {
				return
			}
			i--
		}
		off = -1
	}
}

// Slice returns the events in one new slice: for tests and callers that
// need them contiguous. It costs the window.
func (w Events) Slice() []model.Event {
	out := make([]model.Event, 0, w.n)
	for _, p := range w.pages {
		out = append(out, p...)
	}
	return out
}
