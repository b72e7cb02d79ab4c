package ui

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/insights"
	"github.com/trail-dev/trail/ui/list"
)

// openInsights counts the loaded events: a few thousand at once, more in
// the background (insights.Open), so s answers within a frame at any
// window size.
func (m *Model) openInsights() tea.Cmd {
	var cmd tea.Cmd
	m.insights, cmd = insights.Open(m.feed.events, loadedScope(m.feed.events.Len()), m.loc, m.keys, m.styles)
	if cmd != nil {
		return tea.Batch(cmd, m.spinner.Tick) // the status line's spinner turns while it counts
	}
	return nil
}

// loadedScope names insights over the n loaded events.
func loadedScope(n int) string { return "the " + common.Plural(n, "loaded event") }

// refreshInsights counts the loaded events again when the open insights
// are over them (not over a walk of the whole query): a follow brought
// new ones in.
func (m *Model) refreshInsights() tea.Cmd {
	if m.insights == nil || m.insights.Walking() || !m.insights.Counting() && !strings.HasSuffix(m.insights.Scope(), "loaded event") && !strings.HasSuffix(m.insights.Scope(), "loaded events") {
		return nil
	}
	if cmd := m.insights.Recount(m.feed.events, loadedScope(m.feed.events.Len())); cmd != nil {
		return tea.Batch(cmd, m.spinner.Tick)
	}
	return nil
}

// handleInsights routes a key or a walk message to the insights pane and
// carries out what it asks: close, walk every page, pivot.
func (m Model) handleInsights(msg tea.Msg) (tea.Model, tea.Cmd) {
	p := m.insights
	if p == nil {
		return m, nil // a walk's message after the pane closed
	}
	cmd, act := p.Update(msg)
	switch act.Kind {
	case insights.Close:
		m.insights = nil
	case insights.StoppedWalk:
		// The pane keeps what it showed before the walk: the loaded events,
		// or an earlier walk's every page.
		return m, m.setStatus("stopped reading pages; insights are over "+p.Scope(), statusInfo, 3*time.Second)
	case insights.WalkFailed:
		return m, m.setStatus("could not read every page: "+common.ErrorText(act.Err), statusError, 0)
	case insights.WalkAll:
		ctx, cancel := context.WithCancel(m.ctx)
		gen := p.StartWalk(cancel)
		return m, insights.Walk(ctx, m.opts.Source, m.sourceQuery(), m.loc, gen)
	case insights.Pivot:
		return m.pivotFromInsights(act)
	}
	return m, cmd
}

// pivotFromInsights filters the list to what an insight row counts; the
// cursor lands on the event the row names, or stays on its event.
func (m Model) pivotFromInsights(act insights.Action) (tea.Model, tea.Cmd) {
	q := act.Pivot(m.query)
	if q.Equal(m.query) {
		m.insights = nil
		return m, m.setStatus("the list is already filtered to this", statusInfo, 2*time.Second)
	}
	// The insights go on the history with the filter, as they are.
	var stay *common.EventRef // the event under the cursor stays there if it is in the new list
	if e := m.selected(); e != nil && q.Matches(e) {
		ref := common.RefOf(e)
		stay = &ref
	}
	at := list.RowOf(m.feed.window(), m.list.Cursor()) - m.list.Offset()
	cmd := m.applyQuery(q)
	m.insights = nil
	switch {
	case act.At != nil:
		m.landOn(*act.At, at, landingPages)
	case stay != nil:
		m.landOn(*stay, at, landingPages)
	}
	return m, tea.Batch(cmd, m.setStatus("filtered to "+model.Sanitize(act.Label)+"; backspace goes back", statusInfo, 4*time.Second))
}
