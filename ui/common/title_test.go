package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/ui/theme"
)

// Every pane's title line is as wide as the pane, and the focused pane's is
// told from the others without colour: a heavy rule and the title in
// reverse video.
func TestTitleRuleMarksFocus(t *testing.T) {
	st := theme.New(theme.None)
	for _, w := range []int{20, 40, 80, 120} {
		on := TitleRule(&st, "event 513", "12–30 of 41", w, true)
		off := TitleRule(&st, "event 513", "12–30 of 41", w, false)
		if got := ansi.StringWidth(on); got != w {
			t.Errorf("focused title at %d is %d wide: %q", w, got, ansi.Strip(on))
		}
		if got := ansi.StringWidth(off); got != w {
			t.Errorf("title at %d is %d wide: %q", w, got, ansi.Strip(off))
		}
		if !strings.Contains(on, "━") || strings.Contains(off, "━") {
			t.Errorf("at %d the focused title is not the only heavy one: %q, %q", w, ansi.Strip(on), ansi.Strip(off))
		}
		if !strings.Contains(on, st.Badge.On+" event 513 ") || strings.Contains(off, st.Badge.On) {
			t.Errorf("at %d the focused title is not the only one in reverse: %q, %q", w, on, off)
		}
		if w >= 40 && !strings.HasSuffix(ansi.Strip(off), " 12–30 of 41 ──") {
			t.Errorf("at %d the right side is not at the end: %q", w, ansi.Strip(off))
		}
		if w < 30 && strings.Contains(ansi.Strip(off), "12–30") {
			t.Errorf("at %d the right side should give way to the title: %q", w, ansi.Strip(off))
		}
	}
}
