package ui

import "github.com/trail-dev/trail/model"

// What a follow adds to the window, kept apart from the paging above so
// that it survives a change in how the window holds its pages.

// prepend puts evs, newer than every loaded event and newest first, in
// front of the first loaded page, which must be the first of the log
// (atStart): they join that page. It returns how far the indexes of the
// loaded events moved, for the list to keep its cursor and rows on the same
// events, and lets pages at the back go if the window is now over its size,
// never the page holding keep (the cursor's event, before the move).
func (f *feed) prepend(evs []model.Event, keep int) (shift int) {
	if len(evs) == 0 || !f.started() || !f.atStart() {
		return 0
	}
	f.events.JoinFront(evs)
	f.hist.Add(evs)
	b := pageBytes(evs)
	f.pages[0].count += len(evs)
	f.pages[0].bytes += b
	f.bytes += b
	if f.pages[0].number == 1 {
		f.through += len(evs)
	}
	if f.hist.TooCoarse() {
		f.recountHist()
	}
	f.renumber()
	f.trimBack(keep + len(evs))
	return len(evs)
}

// appendNew puts evs, newer than every loaded event and oldest first, after
// the last loaded page, which must be the end of the log (atEnd): the order
// of a file, whose newest events are at the bottom. They join that page.
// Pages at the front may go if the window is over its size; it returns how
// far the loaded events' indexes moved (0, or negative when pages went).
func (f *feed) appendNew(evs []model.Event, keep int) (shift int) {
	if len(evs) == 0 || !f.started() || !f.atEnd() {
		return 0
	}
	last := &f.pages[len(f.pages)-1]
	b := pageBytes(evs)
	last.count += len(evs)
	last.bytes += b
	f.bytes += b
	if f.through > 0 || f.pages[0].number == 1 {
		f.through += len(evs)
	}
	f.events.JoinBack(evs)
	f.hist.Add(evs)
	if f.hist.TooCoarse() {
		f.recountHist()
	}
	return -f.trimFront(keep)
}
