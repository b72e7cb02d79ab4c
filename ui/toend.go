package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
)

// G on a source that cannot seek (every HTTP provider; a file can): walk
// page after page to the end of the query in the background, the cursor on
// the last event read, progress on the status line, esc stopping it where it
// is. Each page goes through the feed like any other, so the loaded window
// keeps its size (earlier pages are let go), rate-limit waits are waited
// out, and a server that pages without end is stopped by the feed's guard.

// walkToEnd starts the walk from the last loaded page, or goes on with it.
func (m Model) walkToEnd() (tea.Model, tea.Cmd) {
	m.toEnd = true
	m.list.Move(m.feed.window(), m.feed.events.Len()-1)
	m.detail.SetEvent(m.selected(), m.loc)
	f := &m.feed
	if f.fetching() && f.inflight.dir == dirNext {
		return m, nil // the next page is on its way; its arrival goes on
	}
	if f.err != nil && !f.retryAt.IsZero() && f.errDir == dirNext {
		return m, nil // waiting out a rate limit; the retry goes on
	}
	return m, m.startFetch(dirNext) // after a failure, G is a retry
}

// stopToEnd stops the walk where it is: the page in flight is dropped, what
// is loaded stays.
func (m *Model) stopToEnd() {
	m.toEnd = false
	if m.feed.fetching() || !m.feed.retryAt.IsZero() {
		if m.cancel != nil {
			m.cancel()
			m.cancel = nil
		}
		m.dropAhead()
		m.feed.abandon()
	}
}

// toEndText is the walk's progress for the status line: "fetching page 7
// of 12 · 1,340 events (esc stops)"; "of 12" only where the provider says.
func (m *Model) toEndText() string {
	f := &m.feed
	s := "fetching "
	if f.inflight != nil {
		s += pageName(f.inflight.number)
		if f.total > 0 && f.inflight.number > 0 {
			s += " of " + common.Itoa(f.total)
		}
	} else {
		s += "the next page"
	}
	return s + " · " + m.toEndCount() + " (esc stops)"
}

// toEndCount is how many events the query has up to the last loaded page.
func (m *Model) toEndCount() string {
	f := &m.feed
	if f.fromEnd {
		return common.Plural(f.events.Len(), "event") + " loaded"
	}
	switch f.base {
	case atBase:
		return common.Plural(f.through, "event") + " before the time" // counted from the page at the time
	case matchBase:
		return common.Plural(f.through, "event") + " from the match"
	}
	return common.Plural(f.through, "event")
}

// endHelp says what G does with this source, for the ? screen.
func (m *Model) endHelp() string {
	if _, ok := m.opts.Source.(sources.Seeker); ok && !m.seekless {
		return "G jumps straight to the end of the query (this source can seek)."
	}
	return "G reads this source page by page to the end of the query, with progress on the status line " +
		"(esc stops it where it is; pages far behind are let go); only a file can jump there at once."
}
