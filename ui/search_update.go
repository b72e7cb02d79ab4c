package ui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// handleSearchKey edits the search and moves to the first match as it changes.
func (m Model) handleSearchKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(k, m.search.keys.Cancel):
		m.search.Stop(false)
		m.searchCount = ""
		m.list.move(&m.feed, m.search.origin)
		return m, m.afterMove()
	case key.Matches(k, m.search.keys.Accept):
		m.search.query = m.search.input.Value()
		m.search.Stop(m.search.query != "")
		if m.search.query == "" {
			m.searchCount = ""
			return m, nil
		}
		n := countMatches(m.feed.events, m.search.query)
		m.searchCount = plural(n, "match")
		if n == 0 {
			return m, m.setStatus("no match in the "+plural(len(m.feed.events), "loaded event"), statusWarn, 4*time.Second)
		}
		return m, nil
	}
	before := m.search.input.Value()
	var cmd tea.Cmd
	m.search.input, cmd = m.search.input.Update(k)
	q := m.search.input.Value()
	if q == before {
		return m, cmd
	}
	if i := find(m.feed.events, q, m.search.origin, +1); i >= 0 {
		m.search.found = true
		m.list.move(&m.feed, i)
	} else {
		m.search.found = false
		m.list.move(&m.feed, m.search.origin)
	}
	m.detail.SetEvent(m.selected(), m.loc, &m.styles)
	return m, cmd
}

// searchStep moves to the next or previous match of the search in force.
func (m Model) searchStep(forward bool) (tea.Model, tea.Cmd) {
	q := m.search.query
	if q == "" {
		return m, m.setStatus("no search: / starts one", statusInfo, 2*time.Second)
	}
	step, start := 1, m.list.cursor+1
	if !forward {
		step, start = -1, m.list.cursor-1
	}
	i := find(m.feed.events, q, start, step)
	if i < 0 {
		return m, m.setStatus("no match in the loaded events", statusWarn, 3*time.Second)
	}
	wrapped := (forward && i <= m.list.cursor) || (!forward && i >= m.list.cursor)
	m.list.move(&m.feed, i)
	cmd := m.afterMove()
	if wrapped {
		return m, tea.Batch(cmd, m.setStatus("search wrapped", statusInfo, 2*time.Second))
	}
	return m, cmd
}

// handleFilterKey edits the filter; applying it starts over from the first page.
func (m Model) handleFilterKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	var out filterOutcome
	*m.filter, cmd, out = m.filter.Update(k, m.now())
	switch out {
	case filterCancel:
		m.setFocus(focusList)
		m.resize()
		return m, nil
	case filterApply:
		q, _ := m.filter.Query(m.now())
		m.setFocus(focusList)
		m.resize()
		if q == m.query {
			return m, m.setStatus("filter unchanged", statusInfo, 2*time.Second)
		}
		m.query = q
		return m, tea.Batch(m.restart(), m.setStatus("filter applied: loading from the first page", statusInfo, 3*time.Second))
	}
	return m, cmd
}
