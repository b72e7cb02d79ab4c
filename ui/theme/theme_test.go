package theme

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The light theme's selected row sets no colour of its own: reverse video
// swaps the terminal's own text and background, legible in any light
// palette (white on blue was pale on pale in some).
func TestLightSelectionIsLegible(t *testing.T) {
	st := New(Light)
	if st.Selected.On != ansi.NewStyle().Reverse(true).Bold().String() {
		t.Errorf("light theme selection is %q, want reverse video", st.Selected.On)
	}
	if st.Inactive.On == st.Selected.On {
		t.Error("the light theme draws the focused and unfocused cursor rows alike")
	}
}
