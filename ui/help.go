package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/theme"
)

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
		out = append(out, helpSection{title: titles[i], bindings: g})
	}
	return out
}

// shortHelpView renders bindings on one line, as many as fit in width, with
// an ellipsis when some are left out.
func shortHelpView(bindings []key.Binding, width int, st *theme.Styles) string {
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

// fullHelpView lays the sections out in as many columns as fit in width.
func fullHelpView(sections []helpSection, width int, st *theme.Styles) []string {
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
