package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
)

// Copying to the clipboard: OSC 52, and tmux where it is there.

// copySelected puts the selected event's raw JSON on the clipboard.
func (m Model) copySelected() (tea.Model, tea.Cmd) {
	e := m.selected()
	if e == nil || len(e.Raw) == 0 {
		return m, m.setStatus("nothing to copy", statusInfo, 2*time.Second)
	}
	return m.copy("raw JSON of event "+model.Sanitize(e.ID), string(e.Raw), true)
}

// copyField copies the summary, or, while the detail pane has the keyboard,
// the field or JSON value on its cursor line.
func (m Model) copyField() (tea.Model, tea.Cmd) {
	e := m.selected()
	if e == nil {
		return m, m.setStatus("nothing to copy", statusInfo, 2*time.Second)
	}
	if m.focus == focusDetail {
		c := m.detail.selection()
		if c.value == "" {
			return m, m.setStatus("nothing to copy on this line", statusInfo, 2*time.Second)
		}
		return m.copy(c.name, c.value, c.name == "raw JSON")
	}
	if e.Summary == "" {
		return m, m.setStatus("this event has no summary; tab to the detail pane to pick a field", statusInfo, 3*time.Second)
	}
	return m.copy("summary", e.Summary, false)
}

// copy puts text on the clipboard, through OSC 52 (which crosses SSH) and,
// inside tmux, through tmux itself, and says what was copied and how big.
// A field's control characters are escaped first, since a copy is pasted into
// terminals too; raw JSON is copied as the provider sent it (it is evidence,
// and valid JSON holds no raw control characters).
func (m Model) copy(what, text string, raw bool) (tea.Model, tea.Cmd) {
	if !raw {
		text = model.Sanitize(text)
	}
	status := "copied " + what + " (" + humanBytes(len(text)) + ")"
	kind := statusInfo
	if len(text) > 74_994 {
		status += "; some terminals drop copies this large"
		kind = statusWarn
	}
	cmds := []tea.Cmd{tea.SetClipboard(text), m.setStatus(status, kind, 4*time.Second)}
	if m.opts.Getenv("TMUX") != "" {
		cmds = append(cmds, tmuxCopy(text))
	}
	return m, tea.Batch(cmds...)
}
