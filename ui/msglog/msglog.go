// Package msglog is the message log (m): every notice, warning and error the
// status line showed, in full, with its time and level. The status line has
// one line, and a message there is cut to the width or replaced by the next;
// the log keeps them, as in lnav and k9s. It reads like a pager.
package msglog

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/theme"
)

// Level is how grave a message is.
type Level int

const (
	Info Level = iota
	Warn
	Error
)

// entry is one message of the log.
type entry struct {
	at    time.Time
	level Level
	text  string
}

// maxEntries bounds the log; the oldest go first.
const maxEntries = 500

// Model is the log and its pane. It keeps messages while closed; the root
// shows it, sizes it and sends it keys while it is open.
type Model struct {
	entries       []entry
	offset        int // first line shown
	width, height int
	loc           *time.Location
	keys          keys.KeyMap
	st            *theme.Styles
}

// New returns an empty log, scrolled with km's keys and drawn in st.
func New(km keys.KeyMap, st *theme.Styles) Model {
	return Model{keys: km, st: st, loc: time.UTC}
}

// Add logs a message, unless it repeats the last one (a countdown re-sets
// the same text).
func (l *Model) Add(at time.Time, level Level, text string) {
	if text == "" {
		return
	}
	if n := len(l.entries); n > 0 && l.entries[n-1].text == text && l.entries[n-1].level == level {
		return
	}
	l.entries = append(l.entries, entry{at: at, level: level, text: text})
	if len(l.entries) > maxEntries {
		l.entries = append(l.entries[:0:0], l.entries[len(l.entries)-maxEntries:]...)
	}
}

// Refine replaces the newest message whose text is old with text, at level:
// a later, more exact word on the same event (tmux's answer to a copy) is
// one entry, not two. Without such a message, it adds text.
func (l *Model) Refine(old string, at time.Time, level Level, text string) {
	for i := len(l.entries) - 1; i >= 0; i-- {
		if l.entries[i].text == old {
			l.entries[i] = entry{at: at, level: level, text: text}
			return
		}
	}
	l.Add(at, level, text)
}

// SetSize gives the pane its cells.
func (l *Model) SetSize(w, h int) { l.width, l.height = w, h }

// SetLocation sets the zone times are written in.
func (l *Model) SetLocation(loc *time.Location) { l.loc = loc }

// Open scrolls to the newest messages.
func (l *Model) Open() { l.offset = max(len(l.lines())-l.height, 0) }

// Update scrolls like a pager; closed says the key closes the log (its own
// key, back or quit).
func (l Model) Update(msg tea.Msg) (_ Model, closed bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return l, false
	}
	keys, page := &l.keys, max(l.height-2, 1)
	switch {
	case key.Matches(k, keys.Messages, keys.Back, keys.Quit):
		return l, true
	case key.Matches(k, keys.Down):
		l.offset++
	case key.Matches(k, keys.Up):
		l.offset--
	case key.Matches(k, keys.PageDown, keys.HalfDown):
		l.offset += page
	case key.Matches(k, keys.PageUp, keys.HalfUp):
		l.offset -= page
	case key.Matches(k, keys.Top):
		l.offset = 0
	case key.Matches(k, keys.Bottom):
		l.offset = len(l.lines())
	}
	l.offset = common.Clamp(l.offset, 0, max(len(l.lines())-l.height, 0))
	return l, false
}

// View is the log cut to its height at its scroll position; when more
// follows, the last line says how to scroll.
func (l Model) View() string {
	lines := l.lines()
	h := l.height
	top := common.Clamp(l.offset, 0, max(len(lines)-h, 0))
	more := top+h < len(lines)
	lines = lines[top:]
	if more && h > 1 {
		lines = append(lines[:h-1:h-1], l.st.Muted.Render(" ↓ more: "+l.keys.Down.Help().Key+", "+l.keys.PageDown.Help().Key))
	}
	return strings.Join(lines, "\n")
}

// ShortHelp is the hint line while the log is open.
func (l Model) ShortHelp() []key.Binding { return l.keys.PagerHelp(l.keys.Messages) }

// FullHelp groups the log's keys.
func (l Model) FullHelp() [][]key.Binding { return [][]key.Binding{l.ShortHelp()} }

// lines draws the whole log, oldest first, each message wrapped under its
// time and level.
func (l *Model) lines() []string {
	st := l.st
	lines := []string{common.TitleRule(st, "messages", common.Plural(len(l.entries), "message")+", oldest first; "+l.keys.Back.Help().Key+" or "+l.keys.Messages.Help().Key+" closes", l.width, true), ""}
	if len(l.entries) == 0 {
		return append(lines, " "+st.Muted.Render("nothing yet: notices, warnings and errors are kept here in full"))
	}
	const indent = 1 + 8 + 1 + 5 + 1 // " 15:04:05 error "
	width := max(l.width-indent-1, 10)
	for _, e := range l.entries {
		p := st.Muted
		switch e.level {
		case Warn:
			p = st.Warn
		case Error:
			p = st.Danger
		}
		head := " " + st.Muted.Render(e.at.In(l.loc).Format("15:04:05")) + " " + p.Render(levelName(e.level)) + " "
		for i, line := range common.WrapAtSpaces(model.Sanitize(e.text), width) {
			if i == 0 {
				lines = append(lines, head+line)
			} else {
				lines = append(lines, strings.Repeat(" ", indent)+line)
			}
		}
	}
	return lines
}

// levelName is a level as the log writes it.
func levelName(k Level) string {
	switch k {
	case Warn:
		return "warn "
	case Error:
		return "error"
	}
	return "info "
}
