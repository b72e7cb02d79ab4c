package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/msglog"
)

// logMessage adds a message to the message log (ui/msglog), which keeps
// in full what the status line cut short or replaced.
func (m *Model) logMessage(text string, kind statusKind) {
	level := msglog.Info
	switch kind {
	case statusWarn:
		level = msglog.Warn
	case statusError:
		level = msglog.Error
	}
	m.log.Add(m.now(), level, text)
}

// noteParts logs, in full, the error of each source of a merged view that
// failed since the last page: the status line marks it ✗ and the source's
// notice is cut short.
func (m *Model) noteParts(parts []sources.Part) {
	for _, p := range parts {
		if p.Err != nil && !m.partFailed(p.Name) {
			m.logMessage(model.Sanitize(p.Name)+" failed (the other sources go on): "+common.ErrorText(p.Err), statusWarn)
		}
	}
}

// partFailed reports whether the part named name had already failed as of
// the last page.
func (m *Model) partFailed(name string) bool {
	for _, p := range m.parts {
		if p.Name == name {
			return p.Err != nil
		}
	}
	return false
}

// openLog shows the log, scrolled to its newest messages.
func (m *Model) openLog() {
	m.showLog = true
	m.log.SetSize(m.width, m.bodyHeight())
	m.log.SetLocation(m.loc)
	m.log.Open()
}

// handleLogKey scrolls the log like a pager; esc, q or the log's own key
// close it.
func (m Model) handleLogKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	m.log.SetSize(m.width, m.bodyHeight())
	m.log.SetLocation(m.loc)
	var closed bool
	m.log, closed = m.log.Update(k)
	m.showLog = !closed
	return m, nil
}
