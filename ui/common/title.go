package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/ui/theme"
)

// TitleRule is a pane's title line, the same for every pane: the title,
// then a rule to the width with what is on the right ("12–30 of 41") near
// its end. The focused pane's is marked three ways, so that it reads in any
// theme and without colour: a heavy rule (━) rather than a thin one (─),
// the title in the badge style (a background, or reverse video), and the
// accent rather than grey.
//
//	━━  event 513  ━━━━━━━━━━━━━━━━━━━━ 12–30 of 41 ━━   focused
//	── event 513 ─────────────────────── 12–30 of 41 ──   not
func TitleRule(st *theme.Styles, title, right string, width int, focused bool) string {
	rule, line, name := "─", st.Muted, st.Header.Render(title)
	if focused {
		rule, line, name = "━", st.Accent, st.Badge.Render(" "+title+" ")
	}
	lead := rule + rule + " "
	tail := ""
	if right != "" {
		tail = " " + right + " " + rule + rule
	}
	fill := width - ansi.StringWidth(lead) - ansi.StringWidth(name) - ansi.StringWidth(tail) - 1
	if fill < 1 && tail != "" { // what is on the right goes first
		fill += ansi.StringWidth(tail)
		tail = ""
	}
	if fill < 1 {
		return Clip(line.Render(lead)+name, width)
	}
	return line.Render(lead) + name + line.Render(" "+strings.Repeat(rule, fill)+tail)
}
