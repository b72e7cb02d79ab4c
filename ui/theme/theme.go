// Package theme is every colour and text style trail draws with: lipgloss
// styles built from a handful of semantic colours (accent, muted, danger, ...)
// for dark and light terminals, and a no-colour set. Hot paths draw with each
// style's Paint, the escape sequence the lipgloss style renders, taken once,
// so a frame of thousands of cells costs no lipgloss rendering.
package theme

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
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
// are ANSI colours 0–15 (lipgloss' 4-bit constants, drawn as SGR 30–37 and
// 90–97), so they follow the user's terminal palette and stay legible on
// 16-colour terminals and over any SSH link.
type palette struct {
	accent, muted, danger, warn, ok color.Color
	selFg, selBg                    color.Color
	badgeFg                         color.Color // text on the accent, in the bars' badges
	key, str, num, lit              color.Color
}

// newPalette picks each colour for the terminal's background: the first
// argument of ld is for light backgrounds, the second for dark ones.
func newPalette(dark bool) palette {
	ld := lipgloss.LightDark(dark)
	return palette{
		accent: ld(lipgloss.Blue, lipgloss.BrightCyan),
		muted:  lipgloss.BrightBlack,
		danger: ld(lipgloss.Red, lipgloss.BrightRed),
		warn:   ld(lipgloss.Magenta, lipgloss.BrightYellow),
		ok:     ld(lipgloss.Green, lipgloss.BrightGreen),
		selFg:  lipgloss.BrightWhite, // the timeline's marker; light rows select in reverse video
		selBg:  lipgloss.Blue,
		// Dark text on the dark theme's bright accent, light on the light
		// theme's deep one.
		badgeFg: ld(lipgloss.BrightWhite, lipgloss.Black),
		key:     ld(lipgloss.Blue, lipgloss.BrightBlue),
		str:     ld(lipgloss.Green, lipgloss.BrightGreen),
		num:     ld(lipgloss.Magenta, lipgloss.BrightMagenta),
		lit:     ld(lipgloss.Magenta, lipgloss.BrightMagenta),
	}
}

// Paint is a lipgloss style reduced to the escape sequence that turns it on.
// Rows are drawn on every frame, and prefixing a ready-made sequence costs
// nothing next to lipgloss' general rendering (about 10 µs a cell). The zero
// Paint draws plain text.
type Paint struct {
	On    string
	style *lipgloss.Style
}

// marker is what a style is rendered around to read its prefix: a letter,
// which lipgloss passes through unchanged.
const marker = "x"

// paintOf renders marker in s and keeps the escape sequence before it.
func paintOf(s lipgloss.Style) Paint {
	out := s.Render(marker)
	i := strings.Index(out, marker)
	if i <= 0 {
		return Paint{style: &s}
	}
	return Paint{On: out[:i], style: &s}
}

// Style is the lipgloss style the Paint was taken from, for drawing outside
// the hot paths (layout, bubbles components).
func (p Paint) Style() lipgloss.Style {
	if p.style == nil {
		return lipgloss.NewStyle()
	}
	return *p.style
}

// Render wraps s in p.
func (p Paint) Render(s string) string {
	if p.On == "" || s == "" {
		return s
	}
	return p.On + s + ansi.ResetStyle
}

// Styles holds every style the UI draws with, built from one palette.
type Styles struct {
	Title    Paint // a title in the accent, bold; panes title with common.TitleRule
	Badge    Paint // weight: "trail" on the title bar, the source on the status bar, the focused pane's title
	Muted    Paint // secondary text: headers, separators, hints
	Accent   Paint // focused pane's title and rule, active indicators
	Danger   Paint // failures and errors
	Warn     Paint // waits and notices
	OK       Paint // successes
	Header   Paint // list column header
	Selected Paint // the cursor row when the list has focus
	Inactive Paint // the cursor row when another pane has focus
	Marker   Paint // the selected event's cell on the timeline
	Failed   Paint // the timeline's cells where failures are at least half
	Match    Paint // search matches within rows
	Escape   Paint // visible escapes standing in for hostile control characters
	Label    Paint // field names in the detail pane
	JSONKey  Paint
	JSONStr  Paint
	JSONNum  Paint
	JSONLit  Paint // true, false, null

	// Input styles every bubbles text input (filter fields, the search and
	// export prompts); bubbles' defaults are 256-colour greys.
	Input textinput.Styles
	// Spinner styles the activity spinner. It sets nothing of its own: the
	// spinner leads a status text and takes that text's colour (accent while
	// loading, warn while waiting), which a style of its own would reset.
	Spinner lipgloss.Style
}

// New builds the styles for a theme: Dark, Light or None (Auto is resolved
// by the caller once the terminal has told its background).
func New(theme string) Styles {
	plain := lipgloss.NewStyle()
	if theme == None {
		bold := plain.Bold(true)
		s := Styles{
			Badge:    paintOf(bold.Reverse(true)),
			Header:   paintOf(bold),
			Title:    paintOf(bold),
			Accent:   paintOf(bold),
			Selected: paintOf(plain.Reverse(true)),
			Inactive: paintOf(plain.Underline(true)),
			Marker:   paintOf(plain.Reverse(true)),
			Failed:   paintOf(plain.Underline(true)),
			Match:    paintOf(bold.Underline(true)),
			Danger:   paintOf(bold),
			Label:    paintOf(bold),
			Spinner:  plain,
		}
		// Without a muted grey, what was typed is told from the placeholder
		// by weight: typed text bold, hints plain.
		s.Input = inputStyles(plain, bold, plain, nil)
		return s
	}
	p := newPalette(theme != Light)
	fg := func(c color.Color) lipgloss.Style { return plain.Foreground(c) }
	s := Styles{
		Title:    paintOf(fg(p.accent).Bold(true)),
		Badge:    paintOf(fg(p.badgeFg).Background(p.accent).Bold(true)),
		Muted:    paintOf(fg(p.muted)),
		Accent:   paintOf(fg(p.accent)),
		Danger:   paintOf(fg(p.danger)),
		Warn:     paintOf(fg(p.warn)),
		OK:       paintOf(fg(p.ok)),
		Header:   paintOf(fg(p.muted).Bold(true)),
		Selected: paintOf(fg(p.selFg).Background(p.selBg)),
		Inactive: paintOf(plain.Reverse(true)),
		Marker:   paintOf(fg(p.selFg).Background(p.selBg)),
		Failed:   paintOf(fg(p.danger)),
		Match:    paintOf(fg(lipgloss.Black).Background(lipgloss.BrightYellow)),
		Escape:   paintOf(fg(p.warn)),
		Label:    paintOf(fg(p.muted)),
		JSONKey:  paintOf(fg(p.key)),
		JSONStr:  paintOf(fg(p.str)),
		JSONNum:  paintOf(fg(p.num)),
		JSONLit:  paintOf(fg(p.lit)),
		Spinner:  plain,
	}
	if theme == Light {
		// Light palettes differ most in their whites and blues: white on blue
		// can be pale on pale. Reverse video swaps the terminal's own text and
		// background, legible in any palette; the other pane's cursor row is
		// then underlined.
		s.Selected = paintOf(plain.Reverse(true).Bold(true))
		s.Inactive = paintOf(plain.Underline(true))
	}
	s.Input = inputStyles(fg(p.accent), plain, fg(p.muted), p.accent)
	return s
}

// inputStyles themes a bubbles text input: its prompt, typed text,
// placeholder and suggestions, and the cursor's colour (nil: the terminal's
// own, the cursor then drawn in reverse video alone).
func inputStyles(prompt, text, placeholder lipgloss.Style, cursor color.Color) textinput.Styles {
	state := textinput.StyleState{Prompt: prompt, Text: text, Placeholder: placeholder, Suggestion: placeholder}
	return textinput.Styles{
		Focused: state,
		Blurred: state,
		Cursor:  textinput.CursorStyle{Color: cursor, Shape: tea.CursorBlock, Blink: true},
	}
}
