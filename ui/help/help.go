// Package help is the ? screen: every key of the key map in titled columns,
// notes on how trail behaves under them, scrolled like a pager; and Hints,
// the one-line help under the status line that every pane's ShortHelp feeds.
package help

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/theme"
)

// Model is the ? screen. It is a pane: the root sizes it, sends it keys
// while it is open and closes it when Update says so.
type Model struct {
	keys          keys.KeyMap
	notes         string // what the screen says under the keys
	st            *theme.Styles
	width, height int
	offset        int // first line shown
}

// New returns the screen for a key map, drawn in st.
func New(km keys.KeyMap, st *theme.Styles) Model { return Model{keys: km, st: st} }

// SetSize gives the screen its cells.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// SetKeys sets the key map it lists (after a [keys] table rebinds it).
func (m *Model) SetKeys(km keys.KeyMap) { m.keys = km }

// SetNotes sets the notes under the keys; they say what this source does,
// so the root sets them before drawing.
func (m *Model) SetNotes(notes string) { m.notes = notes }

// Update scrolls on a key, like a pager; closed says the key closes the
// screen (its own key, back or quit), and the scroll is reset for next time.
func (m Model) Update(msg tea.Msg) (_ Model, closed bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, false
	}
	switch keys := &m.keys; {
	case key.Matches(k, keys.Help, keys.Back, keys.Quit):
		m.offset = 0
		return m, true
	case key.Matches(k, keys.Down):
		m.offset++
	case key.Matches(k, keys.Up):
		m.offset = max(m.offset-1, 0)
	case key.Matches(k, keys.PageDown, keys.HalfDown):
		m.offset += m.height - 2
	case key.Matches(k, keys.PageUp, keys.HalfUp):
		m.offset = max(m.offset-m.height+2, 0)
	case key.Matches(k, keys.Top):
		m.offset = 0
	}
	lines := strings.Count(m.content(), "\n")
	m.offset = min(m.offset, max(lines-m.height+1, 0))
	return m, false
}

// View draws the screen in its height, or fewer lines when it is shorter;
// when more follows, the last line says how to scroll.
func (m Model) View() string {
	lines := strings.Split(strings.TrimRight(m.content(), "\n"), "\n")
	h := m.height
	top := common.Clamp(m.offset, 0, max(len(lines)-h, 0))
	more := top+h < len(lines)
	lines = lines[top:]
	if more && h > 1 {
		lines = append(lines[:h-1:h-1], m.st.Muted.Render(" ↓ more: j, pgdn"))
	}
	return strings.Join(lines, "\n")
}

// ShortHelp is the hint line while the screen is open.
func (m Model) ShortHelp() []key.Binding { return m.keys.PagerHelp(m.keys.Help) }

// FullHelp is the screen's own keys.
func (m Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// content is the whole screen, generated from the key map.
func (m Model) content() string {
	st := m.st
	var b strings.Builder
	b.WriteString(common.TitleRule(st, "keys", m.keys.Help.Help().Key+" or "+m.keys.Back.Help().Key+" closes this", m.width, true) + "\n\n")
	for _, l := range columns(sections(m.keys), m.width-2, st) {
		b.WriteString(" " + l + "\n")
	}
	for _, l := range common.WrapAtSpaces(m.notes, max(m.width-2, 10)) {
		b.WriteString(" " + st.Muted.Render(l) + "\n")
	}
	return b.String()
}

// helpSection is one titled group of the `?` screen.
type helpSection struct {
	title    string
	bindings []key.Binding
}

// sections groups the key map for the `?` screen.
func sections(k keys.KeyMap) []helpSection {
	titles := []string{"move", "pages and panes", "find and filter", "pivot on the selected event", "act"}
	var out []helpSection
	for i, g := range k.FullHelp() {
		every := make([]key.Binding, len(g))
		for j, b := range g {
			every[j] = keys.Every(b)
		}
		out = append(out, helpSection{title: titles[i], bindings: every})
	}
	return out
}

// Hints renders bindings on one line, as many as fit in width, with an
// ellipsis when some are left out: the hint line under the status line.
// (bubbles' help.ShortHelpView leaves no room for the ellipsis before the
// last item that fits, and styles with lipgloss; this one is the same line in
// trail's paints.)
func Hints(bindings []key.Binding, width int, st *theme.Styles) string {
	const sep = " • "
	var b strings.Builder
	used := 0
	for i, kb := range bindings {
		if !kb.Enabled() {
			continue
		}
		h := kb.Help()
		w := ansi.StringWidth(h.Key) + 1 + ansi.StringWidth(h.Desc)
		if used > 0 {
			w += len(sep) - 2 // the bullet is one cell
		}
		rest := i < len(bindings)-1
		if used+w > width || (rest && used+w+2 > width) {
			if used+2 <= width {
				b.WriteString(st.Muted.Render(" …"))
			}
			break
		}
		if used > 0 {
			b.WriteString(st.Muted.Render(sep))
		}
		b.WriteString(st.Accent.Render(h.Key) + " " + st.Muted.Render(h.Desc))
		used += w
	}
	return b.String()
}

// columns lays the sections out in as many columns as fit in width.
func columns(sections []helpSection, width int, st *theme.Styles) []string {
	type block struct {
		lines []string
		width int
	}
	var blocks []block
	for _, s := range sections {
		keyW := 0
		for _, kb := range s.bindings {
			keyW = max(keyW, ansi.StringWidth(kb.Help().Key))
		}
		bl := block{lines: []string{st.Header.Render(s.title)}}
		bl.width = ansi.StringWidth(s.title)
		for _, kb := range s.bindings {
			if !kb.Enabled() {
				continue
			}
			h := kb.Help()
			line := st.Accent.Render(common.Pad(h.Key, keyW)) + "  " + h.Desc
			bl.lines = append(bl.lines, line)
			bl.width = max(bl.width, keyW+2+ansi.StringWidth(h.Desc))
		}
		blocks = append(blocks, bl)
	}
	const gap = 4
	var out []string
	for len(blocks) > 0 {
		// Take as many blocks as fit side by side.
		n, used := 0, 0
		for n < len(blocks) && (n == 0 || used+gap+blocks[n].width <= width) {
			if n > 0 {
				used += gap
			}
			used += blocks[n].width
			n++
		}
		row := blocks[:n]
		blocks = blocks[n:]
		height := 0
		for _, bl := range row {
			height = max(height, len(bl.lines))
		}
		for i := 0; i < height; i++ {
			var b strings.Builder
			for j, bl := range row {
				cell := ""
				if i < len(bl.lines) {
					cell = bl.lines[i]
				}
				if j < len(row)-1 {
					cell = common.Pad(cell, bl.width+gap)
				}
				b.WriteString(cell)
			}
			out = append(out, common.Clip(b.String(), width))
		}
		out = append(out, "")
	}
	return out
}
