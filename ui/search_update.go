package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/ui/common"
)

// handleSearchKey edits the search; each change starts a scan from where
// the search began, cancelling the last.
func (m Model) handleSearchKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	s := m.search
	switch {
	case key.Matches(k, s.keys.Cancel):
		s.Stop(false)
		m.searchCount = ""
		m.list.Move(m.feed.window(), s.origin)
		return m, m.afterMove()
	case key.Matches(k, s.keys.Accept):
		s.query = s.input.Value()
		s.Stop(s.query != "")
		if s.query == "" {
			m.searchCount = ""
			return m, nil
		}
		return m, m.recount()
	case key.Matches(k, s.keys.Erase) && s.input.Value() == "":
		// Nothing left to erase: leave the prompt, as less and vim do.
		s.Stop(false)
		m.searchCount = ""
		m.list.Move(m.feed.window(), s.origin)
		return m, m.afterMove()
	}
	before := s.input.Value()
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(k)
	q := s.input.Value()
	if q == before {
		return m, cmd
	}
	if q == "" {
		s.halt()
		m.searchCount = ""
		m.list.Move(m.feed.window(), s.origin)
		m.detail.SetEvent(m.selected(), m.loc)
		return m, cmd
	}
	return m, tea.Batch(cmd, s.scan(m.ctx, m.feed.events, q, s.origin, +1))
}

// recount counts the matches of the search in force (or being typed) in
// the background, and which of them the cursor is on.
func (m *Model) recount() tea.Cmd {
	s := m.search
	if s.uncount != nil {
		s.uncount()
	}
	s.countGen++
	ctx, cancel := context.WithCancel(m.ctx)
	s.uncount = cancel
	m.searchCount = "counting…"
	q := s.query
	if s.active {
		q = s.input.Value()
	}
	return countCmd(ctx, m.feed.events, q, m.list.Cursor(), s.countGen)
}

// handleSearchResult takes a scan's or a count's result in, unless a newer
// one has been asked for.
func (m Model) handleSearchResult(msg tea.Msg) (tea.Model, tea.Cmd) {
	s := m.search
	switch msg := msg.(type) {
	case searchFoundMsg:
		if msg.gen != s.gen {
			return m, nil
		}
		s.scanning, s.found = false, msg.index >= 0
		switch {
		case msg.index >= 0:
			wrapped := !s.active && ((s.forward && msg.index <= s.from) || (!s.forward && msg.index >= s.from))
			m.list.Move(m.feed.window(), msg.index)
			cmd := tea.Batch(m.afterMove(), m.recount())
			if wrapped && s.query != "" {
				return m, tea.Batch(cmd, m.setStatus("search wrapped", statusInfo, 2*time.Second))
			}
			return m, cmd
		case s.active:
			m.list.Move(m.feed.window(), s.origin)
			return m, m.afterMove()
		default:
			return m, m.setStatus("no match in the "+common.Plural(len(m.feed.events), "loaded event"), statusWarn, 3*time.Second)
		}
	case searchCountedMsg:
		if msg.gen != s.countGen {
			return m, nil
		}
		m.searchCount = common.Plural(msg.n, "match")
		if msg.k > 0 {
			m.searchCount = "match " + common.Itoa(msg.k) + " of " + common.Itoa(msg.n)
		}
		if msg.n == 0 {
			return m, m.setStatus("no match in the "+common.Plural(len(m.feed.events), "loaded event"), statusWarn, 4*time.Second)
		}
	}
	return m, nil
}

// searchStep moves to the next or previous match of the search in force.
func (m Model) searchStep(forward bool) (tea.Model, tea.Cmd) {
	s := m.search
	if s.query == "" {
		return m, m.setStatus("no search: / starts one", statusInfo, 2*time.Second)
	}
	step := 1
	if !forward {
		step = -1
	}
	s.from, s.forward = m.list.Cursor(), forward
	return m, s.scan(m.ctx, m.feed.events, s.query, m.list.Cursor()+step, step)
}
