package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
)

// The message log keeps every notice, warning and error the status line
// showed, in full, with its time and level: the status line has one line and
// a message there is cut to the width or replaced by the next. A key opens
// it, as in lnav and k9s.

// logEntry is one message of the log.
type logEntry struct {
	at   time.Time
	kind statusKind
	text string
}

// maxLogEntries bounds the log; the oldest go first.
const maxLogEntries = 500

// logMessage adds a message to the log, unless it repeats the last one (a
// countdown re-sets the same text).
func (m *Model) logMessage(text string, kind statusKind) {
	if text == "" {
		return
	}
	if n := len(m.msgs); n > 0 && m.msgs[n-1].text == text && m.msgs[n-1].kind == kind {
		return
	}
	m.msgs = append(m.msgs, logEntry{at: m.now(), kind: kind, text: text})
	if len(m.msgs) > maxLogEntries {
		m.msgs = append(m.msgs[:0:0], m.msgs[len(m.msgs)-maxLogEntries:]...)
	}
}

// noteParts logs, in full, the error of each source of a merged view that
// failed since the last page: the status line marks it ✗ and the source's
// notice is cut short.
func (m *Model) noteParts(parts []sources.Part) {
	for _, p := range parts {
		if p.Err != nil && !m.partFailed(p.Name) {
			m.logMessage(model.Sanitize(p.Name)+" failed (the other sources go on): "+errorText(p.Err), statusWarn)
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

// levelName is a level as the log writes it.
func levelName(k statusKind) string {
	switch k {
	case statusWarn:
		return "warn "
	case statusError:
		return "error"
	}
	return "info "
}

// logLines draws the whole log, oldest first, each message wrapped under its
// time and level.
func (m *Model) logLines() []string {
	st := m.styles
	lines := []string{" " + st.Title.Render("messages") + st.Muted.Render("  ("+common.Plural(len(m.msgs), "message")+", oldest first; "+m.keys.Back.Help().Key+" or "+m.keys.Messages.Help().Key+" closes)"), ""}
	if len(m.msgs) == 0 {
		return append(lines, " "+st.Muted.Render("nothing yet: notices, warnings and errors are kept here in full"))
	}
	const indent = 1 + 8 + 1 + 5 + 1 // " 15:04:05 error "
	width := max(m.width-indent-1, 10)
	for _, e := range m.msgs {
		p := st.Muted
		switch e.kind {
		case statusWarn:
			p = st.Warn
		case statusError:
			p = st.Danger
		}
		head := " " + st.Muted.Render(e.at.In(m.loc).Format("15:04:05")) + " " + p.Render(levelName(e.kind)) + " "
		for i, l := range common.WrapAtSpaces(model.Sanitize(e.text), width) {
			if i == 0 {
				lines = append(lines, head+l)
			} else {
				lines = append(lines, strings.Repeat(" ", indent)+l)
			}
		}
	}
	return lines
}

// logView is the log cut to h lines at its scroll position.
func (m *Model) logView(h int) []string {
	lines := m.logLines()
	top := common.Clamp(m.logOffset, 0, max(len(lines)-h, 0))
	more := top+h < len(lines)
	lines = lines[top:]
	if more && h > 1 {
		lines = append(lines[:h-1:h-1], m.styles.Muted.Render(" ↓ more: "+m.keys.Down.Help().Key+", "+m.keys.PageDown.Help().Key))
	}
	return lines
}

// openLog shows the log, scrolled to its newest messages.
func (m *Model) openLog() {
	m.showLog = true
	m.logOffset = max(len(m.logLines())-m.bodyHeight(), 0)
}

// handleLogKey scrolls the log like a pager; esc, q or the log's own key
// close it.
func (m Model) handleLogKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	keys, page := &m.keys, max(m.bodyHeight()-2, 1)
	switch {
	case key.Matches(k, keys.Messages, keys.Back, keys.Quit):
		m.showLog = false
		return m, nil
	case key.Matches(k, keys.Down):
		m.logOffset++
	case key.Matches(k, keys.Up):
		m.logOffset--
	case key.Matches(k, keys.PageDown, keys.HalfDown):
		m.logOffset += page
	case key.Matches(k, keys.PageUp, keys.HalfUp):
		m.logOffset -= page
	case key.Matches(k, keys.Top):
		m.logOffset = 0
	case key.Matches(k, keys.Bottom):
		m.logOffset = len(m.logLines())
	}
	m.logOffset = common.Clamp(m.logOffset, 0, max(len(m.logLines())-m.bodyHeight(), 0))
	return m, nil
}
