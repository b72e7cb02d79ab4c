// Package theme is every colour and text style trail draws with: a handful of
// semantic colours (accent, muted, danger, ...) for dark and light terminals,
// and a no-colour set, reduced to ready escape sequences so a frame of
// thousands of cells costs no lipgloss rendering.
package theme

import (
	"image/color"

	"github.com/charmbracelet/x/ansi"
)

// Theme names, as in the config's [ui] theme.
const (
	Auto  = "auto"
	Dark  = "dark"
	Light = "light"
	None  = "none"
)

// palette is the handful of semantic colours every style is made from. They
// are ANSI colours 0–15, so they follow the user's terminal palette and stay
// legible on 16-colour terminals and over any SSH link.
type palette struct {
	accent, muted, danger, warn, ok color.Color
	selFg, selBg                    color.Color
	key, str, num, lit              color.Color
}

func darkPalette() palette {
	return palette{
		accent: ansi.BrightCyan, muted: ansi.BrightBlack, danger: ansi.BrightRed, warn: ansi.BrightYellow, ok: ansi.BrightGreen,
		selFg: ansi.BrightWhite, selBg: ansi.Blue,
		key: ansi.BrightBlue, str: ansi.BrightGreen, num: ansi.BrightMagenta, lit: ansi.BrightMagenta,
	}
}

func lightPalette() palette {
	return palette{
		accent: ansi.Blue, muted: ansi.BrightBlack, danger: ansi.Red, warn: ansi.Magenta, ok: ansi.Green,
		selFg: ansi.BrightWhite, selBg: ansi.Blue, // the timeline's marker; rows select in reverse video
		key: ansi.Blue, str: ansi.Green, num: ansi.Magenta, lit: ansi.Magenta,
	}
}

// Paint is a style reduced to the escape sequence that turns it on. Rows are
// drawn on every frame, and prefixing a ready-made sequence costs nothing next
// to lipgloss' general rendering. The zero Paint draws plain text.
type Paint struct{ On string }

func newPaint(s ansi.Style) Paint {
	if len(s) == 0 {
		return Paint{}
	}
	return Paint{On: s.String()}
}

func fg(c color.Color) ansi.Style { return ansi.NewStyle().ForegroundColor(c) }

// Render wraps s in p.
func (p Paint) Render(s string) string {
	if p.On == "" || s == "" {
		return s
	}
	return p.On + s + ansi.ResetStyle
}

// Styles holds every style the UI draws with, built from one palette.
type Styles struct {
	Title    Paint // source name in the top bar
	Muted    Paint // secondary text: headers, separators, hints
	Accent   Paint // focused pane's title and rule, active indicators
	Danger   Paint // failures and errors
	Warn     Paint // waits and notices
	OK       Paint // successes
	Header   Paint // list column header
	Selected Paint // the cursor row when the list has focus
	Inactive Paint // the cursor row when another pane has focus
	Marker   Paint // the selected event's cell on the timeline
	Match    Paint // search matches within rows
	Escape   Paint // visible escapes standing in for hostile control characters
	Label    Paint // field names in the detail pane
	JSONKey  Paint
	JSONStr  Paint
	JSONNum  Paint
	JSONLit  Paint // true, false, null
}

// New builds the styles for a theme: Dark, Light or None (Auto is resolved
// by the caller once the terminal has told its background).
func New(theme string) Styles {
	if theme == None {
		return Styles{
			Header:   newPaint(ansi.NewStyle().Bold()),
			Title:    newPaint(ansi.NewStyle().Bold()),
			Accent:   newPaint(ansi.NewStyle().Bold()),
			Selected: newPaint(ansi.NewStyle().Reverse(true)),
			Inactive: newPaint(ansi.NewStyle().Underline(true)),
			Marker:   newPaint(ansi.NewStyle().Reverse(true)),
			Match:    newPaint(ansi.NewStyle().Bold().Underline(true)),
			Danger:   newPaint(ansi.NewStyle().Bold()),
			Label:    newPaint(ansi.NewStyle().Bold()),
		}
	}
	p := darkPalette()
	if theme == Light {
		p = lightPalette()
	}
	s := Styles{
		Title:    newPaint(fg(p.accent).Bold()),
		Muted:    newPaint(fg(p.muted)),
		Accent:   newPaint(fg(p.accent)),
		Danger:   newPaint(fg(p.danger)),
		Warn:     newPaint(fg(p.warn)),
		OK:       newPaint(fg(p.ok)),
		Header:   newPaint(fg(p.muted).Bold()),
		Selected: newPaint(ansi.NewStyle().ForegroundColor(p.selFg).BackgroundColor(p.selBg)),
		Inactive: newPaint(ansi.NewStyle().Reverse(true)),
		Marker:   newPaint(ansi.NewStyle().ForegroundColor(p.selFg).BackgroundColor(p.selBg)),
		Match:    newPaint(ansi.NewStyle().ForegroundColor(ansi.Black).BackgroundColor(ansi.BrightYellow)),
		Escape:   newPaint(fg(p.warn)),
		Label:    newPaint(fg(p.muted)),
		JSONKey:  newPaint(fg(p.key)),
		JSONStr:  newPaint(fg(p.str)),
		JSONNum:  newPaint(fg(p.num)),
		JSONLit:  newPaint(fg(p.lit)),
	}
	if theme == Light {
		// Light palettes differ most in their whites and blues: white on blue
		// can be pale on pale. Reverse video swaps the terminal's own text and
		// background, legible in any palette; the other pane's cursor row is
		// then underlined.
		s.Selected = newPaint(ansi.NewStyle().Reverse(true).Bold())
		s.Inactive = newPaint(ansi.NewStyle().Underline(true))
	}
	return s
}
