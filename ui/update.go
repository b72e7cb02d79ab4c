package ui

import (
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/export"
	"github.com/trail-dev/trail/ui/insights"
	"github.com/trail-dev/trail/ui/search"
	"github.com/trail-dev/trail/ui/theme"
)

// Update routes a message: window and theme changes to the layout, keys to
// whatever has the keyboard, fetch results to the feed, timers to their owner.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.BackgroundColorMsg:
		if m.opts.Theme == theme.Auto || m.opts.Theme == "" {
			name := theme.Light
			if msg.IsDark() {
				name = theme.Dark
			}
			m.setTheme(name)
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseWheelMsg:
		return m.handleWheel(msg)
	case tea.MouseClickMsg:
		return m.handleClick(msg)
	case pageLoadedMsg:
		return m.handlePage(msg)
	case fetchProgressedMsg:
		if m.feed.isAhead(msg.seq) {
			return m, common.AwaitNext(msg.ch) // its result is still wanted
		}
		if !m.feed.current(msg.seq) {
			return m, nil // superseded; its goroutine ends with its context
		}
		m.feed.progress = msg.progress
		return m, common.AwaitNext(msg.ch)
	case retryTickedMsg:
		return m.handleRetryTick(msg)
	case followTickedMsg:
		return m.handleFollowTick(msg)
	case followPolledMsg:
		return m.handleFollowPolled(msg)
	case statusExpiredMsg:
		if msg.id == m.status.id {
			m.status = statusMsg{}
		}
		return m, nil
	case search.FoundMsg, search.CountedMsg:
		return m.handleSearchResult(msg)
	case fileSearchProgressedMsg, fileSearchedMsg:
		return m.handleFileSearch(msg)
	case insights.ProgressedMsg, insights.WalkedMsg, insights.CountedMsg:
		return m.handleInsights(msg)
	case export.ProgressedMsg, export.FinishedMsg:
		return m.handleExport(msg)
	case common.FailedMsg:
		return m, m.setStatus(common.ErrorText(msg.Err), statusError, 0)
	case marksSavedMsg:
		if msg.err != nil {
			return m, m.setStatus("the marks were not saved: "+common.ErrorText(msg.err), statusWarn, 8*time.Second)
		}
		return m, nil
	case tmuxCopiedMsg:
		return m.handleTmuxCopied(msg)
	case historySavedMsg:
		if msg.err != nil {
			return m, m.setStatus("could not keep the query for next time: "+common.ErrorText(msg.err), statusWarn, 8*time.Second)
		}
		return m, nil
	case actionsListedMsg:
		if msg.err != nil {
			return m, m.setStatus("could not list the action types: "+common.ErrorText(msg.err), statusWarn, 8*time.Second)
		}
		m.filter.SetActions(msg.actions)
		return m, nil
	case spinner.TickMsg:
		if !m.feed.fetching() && (m.insights == nil || !m.insights.Counting()) {
			return m, nil // let the tick chain end while idle: no redraws over SSH
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	}
	// Anything else (cursor blinks) belongs to the input that has focus.
	var cmd tea.Cmd
	switch {
	case m.timePrompt.Active():
		cmd = m.timePrompt.UpdateInput(msg)
	case m.export.Active():
		cmd = m.export.UpdateInput(msg)
	case m.search.Active():
		cmd = m.search.UpdateInput(msg)
	case m.focus == focusFilter:
		*m.filter, cmd, _ = m.filter.Update(msg, m.now())
	}
	return m, cmd
}

// setStatus shows text on the right of the status line, and keeps it in the
// message log; ttl 0 keeps it on the status line until it is replaced.
func (m *Model) setStatus(text string, kind statusKind, ttl time.Duration) tea.Cmd {
	m.statusSeq++
	m.status = statusMsg{id: m.statusSeq, text: text, kind: kind}
	m.logMessage(text, kind)
	if ttl <= 0 {
		return nil
	}
	return expireStatus(m.statusSeq, ttl)
}
