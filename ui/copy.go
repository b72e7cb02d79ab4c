package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/detail"
)

// Copying to the clipboard: OSC 52, and tmux where it is there.
//
// A copy is pasted into terminals and shells, so nothing copied holds a raw
// control, bidi or zero-width character, whatever the provider sent: JSON is
// copied with them as \u escapes (the same JSON value), text with the visible
// escapes the screen shows. Which of the two depends on what the value is,
// never on its name.

// copySelected puts the selected event's raw JSON on the clipboard.
func (m Model) copySelected() (tea.Model, tea.Cmd) {
	e := m.selected()
	if e == nil || len(e.Raw) == 0 {
		return m, m.setStatus("nothing to copy", statusInfo, 2*time.Second)
	}
	return m.copy(detail.Copyable{Name: "raw JSON of event " + model.Sanitize(model.Clip(e.ID, 64)), Value: string(e.Raw), Kind: detail.CopyJSON})
}

// copyField copies the summary, or, while the detail pane has the keyboard,
// the field or JSON value on its cursor line.
func (m Model) copyField() (tea.Model, tea.Cmd) {
	e := m.selected()
	if e == nil {
		return m, m.setStatus("nothing to copy", statusInfo, 2*time.Second)
	}
	if m.focus == focusDetail {
		c := m.detail.Selection()
		if c.Value == "" {
			return m, m.setStatus("nothing to copy on this line", statusInfo, 2*time.Second)
		}
		return m.copy(c)
	}
	if e.Summary == "" {
		return m, m.setStatus("this event has no summary; tab to the detail pane to pick a field", statusInfo, 3*time.Second)
	}
	return m.copy(detail.Copyable{Name: "summary", Value: e.Summary, Kind: detail.CopyText})
}

// copy puts c on the clipboard through OSC 52 (which crosses SSH) and,
// inside tmux, through tmux itself. The status line says only what trail
// knows: that the text was sent. Whether a terminal took it, no program can
// tell; tmux says whether load-buffer worked (tmuxCopiedMsg).
func (m Model) copy(c detail.Copyable) (tea.Model, tea.Cmd) {
	text := detail.ClipboardText(c)
	sent := "sent " + c.Name + " (" + common.HumanBytes(len(text)) + ")"
	warn := ""
	kind := statusInfo
	if len(text) > 74_994 {
		warn = "; some terminals drop copies this large"
		kind = statusWarn
	}
	cmds := []tea.Cmd{tea.SetClipboard(text), m.setStatus(sent+osc52Sent+warn, kind, 4*time.Second)}
	if m.opts.Getenv("TMUX") != "" {
		cmds = append(cmds, tmuxCopy(text, tmuxCopiedMsg{statusID: m.statusSeq, sent: sent, warn: warn}))
	}
	return m, tea.Batch(cmds...)
}

// osc52Sent ends a copy's first status, before tmux answers.
const osc52Sent = " to the terminal's clipboard (OSC 52)"

// handleTmuxCopied says on the status line what tmux did with a copy. It
// refines the copy's first message, so the log keeps one entry a copy.
func (m Model) handleTmuxCopied(msg tmuxCopiedMsg) (tea.Model, tea.Cmd) {
	first := msg.sent + osc52Sent + msg.warn
	kind := statusInfo
	if msg.warn != "" {
		kind = statusWarn
	}
	if msg.err != nil {
		return m, m.refineStatus(first, msg.sent+osc52Sent+"; tmux load-buffer -w failed: "+
			model.Clip(strings.TrimSpace(common.ErrorText(msg.err)), 80), statusWarn, 8*time.Second)
	}
	if msg.statusID != m.status.id {
		m.log.Refine(first, m.now(), logLevel(kind), msg.sent+" by OSC 52 and by tmux load-buffer -w"+msg.warn)
		return m, nil // something newer is on the status line
	}
	return m, m.refineStatus(first, msg.sent+" by OSC 52 and by tmux load-buffer -w"+msg.warn, kind, 4*time.Second)
}

// copyHelpNote is what the `?` screen says about copies: how they travel and
// how to check that one arrived, which trail itself cannot see.
const copyHelpNote = "Copies (y, Y) are sent to the terminal's clipboard by OSC 52, and inside tmux also " +
	"by tmux load-buffer -w; no program can see whether they arrive. To check: paste outside trail; " +
	"in tmux, run tmux show-buffer (tmux got it), then paste outside tmux (the terminal got it). " +
	"If not: tmux set -g set-clipboard on, or let the terminal accept OSC 52 (kitty, WezTerm, Alacritty, foot, Ghostty, Windows Terminal do; iTerm2: Settings, General, Selection, \"Applications in terminal may access clipboard\"; xterm: disallowedWindowOps without 20,21)."
