package ui

import (
	"testing"

	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui/theme"
)

// TestGoldenMarked pins marked rows: a ◆ in the gutter, on the selected
// row too, in colour and in the none theme (escapes kept, made visible),
// and the count on the status line.
func TestGoldenMarked(t *testing.T) {
	for _, th := range []string{theme.Dark, theme.None} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(th+"/"+sizeName(size), func(t *testing.T) {
				evs := goldenEvents(60)
				d := newDriver(t, sourcetest.NewMemory(evs, 50), size[0], size[1], func(o *Options) { o.Theme = th })
				d.until("first page", loaded(50))
				d.press("j", "M", "j", "j", "M", "j", "j", "U")
				d.m.status = statusMsg{} // the message of the last key is not under test
				requireGoldenEscapes(t, d)
			})
		}
	}
}
