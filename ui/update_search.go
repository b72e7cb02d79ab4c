package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/search"
)

// handleSearchKey routes a key to the search prompt and moves the cursor as
// it asks; each change starts a scan from where the search began,
// cancelling the last.
func (m Model) handleSearchKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	s := m.search
	cmd, act := s.Update(k)
	switch act {
	case search.Canceled:
		m.searchCount = ""
		m.list.Move(m.feed.window(), s.Origin())
		return m, m.afterMove()
	case search.Accepted:
		if s.Query() == "" {
			m.searchCount = ""
			return m, nil
		}
		if !s.Scanning() && (!s.FoundAny() || s.Wrapped()) {
			// Nothing loaded below where the search began: on in the file,
			// where the source can search it.
			if cmd := m.searchOnInFile(s.Query(), true, m.wrapRef(s.FoundAny())); cmd != nil {
				return m, tea.Batch(m.recount(), cmd)
			}
			if !s.FoundAny() && m.finder() != nil && m.feed.started() {
				// The loaded events are the whole file.
				return m, tea.Batch(m.recount(), m.setStatus("no match for /"+model.Sanitize(s.Query())+" in the file"+m.underFilter(), statusWarn, 4*time.Second))
			}
		}
		return m, m.recount()
	case search.Cleared:
		m.searchCount = ""
		m.list.Move(m.feed.window(), s.Origin())
		m.detail.SetEvent(m.selected(), m.loc)
		return m, cmd
	case search.Changed:
		return m, tea.Batch(cmd, s.Scan(m.ctx, m.feed.events, s.Typed(), s.Origin(), +1))
	}
	return m, cmd
}

// recount counts the matches of the search in force (or being typed) in
// the background, and which of them the cursor is on.
func (m *Model) recount() tea.Cmd {
	m.searchCount = "counting…"
	return m.search.Recount(m.ctx, m.feed.events, m.list.Cursor())
}

// handleSearchResult takes a scan's or a count's result in, unless a newer
// one has been asked for.
func (m Model) handleSearchResult(msg tea.Msg) (tea.Model, tea.Cmd) {
	s := m.search
	switch msg := msg.(type) {
	case search.FoundMsg:
		index, wrapped, ok := s.Found(msg)
		if ok && !s.Active() && s.Query() != "" && (index < 0 || s.Wrapped()) {
			// Nothing more loaded that way: on in the file, where the
			// source can search it; the cursor stays until it answers.
			if cmd := m.searchOnInFile(s.Query(), s.Forward(), m.wrapRefAt(index)); cmd != nil {
				return m, cmd
			}
		}
		switch {
		case !ok:
			return m, nil
		case index >= 0:
			m.list.Move(m.feed.window(), index)
			cmd := tea.Batch(m.afterMove(), m.recount())
			if wrapped && s.Query() != "" {
				return m, tea.Batch(cmd, m.setStatus("search wrapped", statusInfo, 2*time.Second))
			}
			return m, cmd
		case s.Active():
			m.list.Move(m.feed.window(), s.Origin())
			return m, m.afterMove()
		case m.feed.events.Len() == 0:
			return m, nil // nothing loaded to search yet: the next page re-runs it
		case m.finder() != nil && m.holdsFarEnd(true) && m.feed.atEnd():
			return m, m.setStatus("no match for /"+model.Sanitize(s.Query())+" in the file"+m.underFilter(), statusWarn, 3*time.Second)
		default:
			return m, m.setStatus("no match in the "+common.Plural(m.feed.events.Len(), "loaded event"), statusWarn, 3*time.Second)
		}
	case search.CountedMsg:
		n, k, ok := s.Counted(msg)
		if !ok {
			return m, nil
		}
		m.searchCount = common.Plural(n, "match")
		if k > 0 {
			m.searchCount = "match " + common.Itoa(k) + " of " + common.Itoa(n)
		}
		if n == 0 && m.feed.events.Len() > 0 && m.finder() == nil { // over nothing loaded, no match says nothing; in a file, the search on in the file says more
			return m, m.setStatus("no match in the "+common.Plural(m.feed.events.Len(), "loaded event"), statusWarn, 4*time.Second)
		}
	}
	return m, nil
}

// searchStep moves to the next or previous match of the search in force.
func (m Model) searchStep(forward bool) (tea.Model, tea.Cmd) {
	if m.search.Query() == "" {
		return m, m.setStatus("no search: / starts one", statusInfo, 2*time.Second)
	}
	m.stopFileSearch() // a new step replaces it
	return m, m.search.Step(m.ctx, m.feed.events, m.list.Cursor(), forward)
}

// wrapRef is the event under the cursor when a search found one there
// behind where it began (found), for the search in the file to come back
// to if the file holds no match beyond; nil otherwise.
func (m *Model) wrapRef(found bool) *common.EventRef {
	if !found {
		return nil
	}
	return m.wrapRefAt(m.list.Cursor())
}

// wrapRefAt is wrapRef for the loaded event at index i; nil for none.
func (m *Model) wrapRefAt(i int) *common.EventRef {
	if i < 0 || i >= m.feed.events.Len() {
		return nil
	}
	ref := common.RefOf(m.feed.events.At(i))
	return &ref
}
