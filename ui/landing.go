package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/insights"
	"github.com/trail-dev/trail/ui/list"
)

// Landing: after a pivot or a step back through the filters the list is
// fetched anew from its first page, and the cursor goes back to the event
// it was on (or the one an insight named) when a page holding it arrives,
// on the same row of the screen.

// landing is an event the cursor goes to once it is loaded.
type landing struct {
	ref    common.EventRef
	row    int // its row on screen, counted from the list's first row
	pages  int // pages looked through so far
	limit  int // pages to look through before giving up
	cursor int // where the cursor was left; a move by the user ends the search
}

// filterStep is a filter backspace returns to, and what was on screen with it.
type filterStep struct {
	query    model.Query
	at       *common.EventRef // the event under the cursor; nil when none
	row      int              // its row on screen
	page     int              // the number of the page holding it
	insights *insights.Model  // the insights open then, shown again as they were
	atTime   time.Time        // the time gone to then (@); zero = none
	atMatch  *matchView       // the match in the file the view was opened at; nil = none
}

// landingPages is how many pages a pivot looks through for the event it
// was made from: the pivot narrows the log, so it is near the start.
const landingPages = 20

// here records the filter in force and what is on screen.
func (m *Model) here() filterStep {
	s := filterStep{query: m.query, insights: m.insights, atTime: m.atTime, atMatch: m.atMatch}
	if e := m.selected(); e != nil {
		ref := common.RefOf(e)
		s.at, s.row = &ref, list.RowOf(m.feed.window(), m.list.Cursor())-m.list.Offset()
		if m.feed.started() {
			s.page = m.feed.pages[m.feed.pageAt(m.list.Cursor())].number
		}
	}
	return s
}

// landOn makes the cursor go to ref, on screen row row, when it arrives.
func (m *Model) landOn(ref common.EventRef, row, limit int) {
	m.landing = &landing{ref: ref, row: max(row, 0), limit: max(limit, 1)}
}

// land looks for the landing event in the events loaded so far, after the
// page req asked for arrived; not found, it asks for the next page, up to
// the landing's limit.
func (m *Model) land(req request) tea.Cmd {
	l := m.landing
	if l == nil {
		return nil
	}
	if req.dir != dirFirst && (req.dir != dirNext || m.list.Cursor() != l.cursor) {
		m.landing = nil // the user went elsewhere
		return nil
	}
	at := -1
	m.feed.events.Each(0, func(i int, e *model.Event) bool {
		if l.ref.Is(e) {
			at = i
			return false
		}
		return true
	})
	if at >= 0 {
		m.landing = nil
		m.list.Land(m.feed.window(), at, l.row)
		return nil
	}
	l.pages++
	l.cursor = m.list.Cursor()
	if m.feed.atEnd() {
		m.landing = nil
		return m.setStatus("the event the cursor was on is not in this list", statusInfo, 4*time.Second)
	}
	if l.pages >= l.limit {
		m.landing = nil
		return m.setStatus("the event the cursor was on is not in the first "+common.Plural(l.pages, "page"), statusInfo, 4*time.Second)
	}
	return m.startFetch(dirNext)
}
