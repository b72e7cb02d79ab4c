package theme

import (
	"reflect"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

// The light theme's selected row sets no colour of its own: reverse video
// swaps the terminal's own text and background, legible in any light
// palette (white on blue was pale on pale in some).
func TestLightSelectionIsLegible(t *testing.T) {
	st := New(Light)
	if want := lipgloss.NewStyle().Reverse(true).Bold(true); !reflect.DeepEqual(st.Selected.Style(), want) {
		t.Errorf("light theme selection is %q, want reverse video", st.Selected.On)
	}
	if st.Selected.On != "\x1b[1;7m" {
		t.Errorf("light theme selection's prefix is %q, want bold reverse", st.Selected.On)
	}
	if st.Inactive.On == st.Selected.On {
		t.Error("the light theme draws the focused and unfocused cursor rows alike")
	}
}

// Each Paint's prefix is what its lipgloss style renders before the text,
// so a row drawn with the prefix looks as the style would draw it: the
// styles are the single source.
func TestPaintIsItsStyle(t *testing.T) {
	for _, name := range []string{Dark, Light, None} {
		st := reflect.ValueOf(New(name))
		for i := range st.NumField() {
			p, ok := st.Field(i).Interface().(Paint)
			if !ok {
				continue
			}
			field := st.Type().Field(i).Name
			out := p.Style().Render("e") // underlines are drawn a character at a time
			if !strings.HasPrefix(out, p.On+"e") {
				t.Errorf("%s %s: prefix %q, but the style renders %q", name, field, p.On, out)
			}
			if p.On == "" && out != "e" {
				t.Errorf("%s %s: no prefix, but the style renders %q", name, field, out)
			}
		}
	}
}

// Styles that draw something differ from the zero Paint; the none theme
// still marks the selection.
func TestNoneMarksWithoutColour(t *testing.T) {
	st := New(None)
	for _, p := range []Paint{st.Selected, st.Inactive, st.Marker, st.Match, st.Header, st.Badge} {
		if p.On == "" {
			t.Errorf("the none theme leaves a mark undrawn: %+v", p)
		}
	}
	if st.Input.Cursor.Color != nil {
		t.Errorf("the none theme colours the input cursor: %v", st.Input.Cursor.Color)
	}
}
