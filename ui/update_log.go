package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/msglog"
)

// logMessage adds a message to the message log (ui/msglog), which keeps
// in full what the status line cut short or replaced.
func (m *Model) logMessage(text string, kind statusKind) {
	m.log.Add(m.now(), logLevel(kind), text)
}

// logLevel is the log's level for a status kind.
func logLevel(kind statusKind) msglog.Level {
	switch kind {
	case statusWarn:
		return msglog.Warn
	case statusError:
		return msglog.Error
	}
	return msglog.Info
}

// refineStatus shows text on the status line in place of old, a message
// about the same event, and replaces old in the log rather than adding.
func (m *Model) refineStatus(old, text string, kind statusKind, ttl time.Duration) tea.Cmd {
	m.statusSeq++
	m.status = statusMsg{id: m.statusSeq, text: text, kind: kind}
	m.log.Refine(old, m.now(), logLevel(kind), text)
	return expireStatus(m.statusSeq, ttl)
}

// noteParts logs, in full, the error of each source of a merged view that
// failed since the last page: the status line marks it ✗ and the source's
// notice may cut it short. Where the page's notice, which the log also
// keeps, already says the whole error, it is not logged twice.
func (m *Model) noteParts(parts []sources.Part, notice string) {
	for _, p := range parts {
		if p.Err != nil && !m.partFailed(p.Name) && !strings.Contains(notice, strings.Join(strings.Fields(common.ErrorText(p.Err)), " ")) {
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
