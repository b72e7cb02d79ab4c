// Package common holds what every pane shares: the Pane contract, and the
// text helpers that cut, pad and escape provider text to a width in cells.
// It imports no pane; panes import it.
package common

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/theme"
)

// Fit makes provider text exactly w cells wide: sanitized, cut with an
// ellipsis when too long, padded with spaces when short. Width is measured in
// terminal cells, so wide and combining characters keep columns aligned.
// Measuring costs about a microsecond a byte, and a field can be megabytes,
// so only the first bytes that can fill w cells are read (FitFrom).
func Fit(s string, w int) string { return FitFrom(s, 0, w) }

// FitFrom is fit of s with its first skip cells dropped, the cut marked
// with "…" (the list's summary, scrolled sideways).
func FitFrom(s string, skip, w int) string {
	if w <= 0 {
		return ""
	}
	s, cut := CellPrefix(s, skip+w)
	if skip == 0 && printableASCII(s) {
		return fitASCII(s, w, cut)
	}
	return fitCells(s, skip, w, cut)
}

// fitCells is FitFrom for any text, measured in graphemes.
func fitCells(s string, skip, w int, cut bool) string {
	s = model.Sanitize(s)
	if skip > 0 {
		n := ansi.StringWidth(s)
		if skip >= n {
			s = ""
		} else {
			s = "…" + ansi.Cut(s, skip+1, n)
		}
	}
	n := ansi.StringWidth(s)
	switch {
	case n > w:
		s = ansi.Truncate(s, w, "…")
		n = ansi.StringWidth(s)
	case cut && n == w:
		s = ansi.Truncate(s, w-1, "") + "…"
		n = ansi.StringWidth(s)
	case cut:
		s += "…"
		n++
	}
	if n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// printableASCII reports whether s is all printable ASCII: a byte a cell,
// nothing to escape. Most of what providers send is.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// fitASCII is FitFrom with no skip for printable ASCII: what it gives,
// measured by length instead of by graphemes (a quarter of a held key's CPU
// went to measuring list cells; issue 21).
func fitASCII(s string, w int, cut bool) string {
	n := len(s)
	switch {
	case n > w || cut && n == w:
		return s[:w-1] + "…"
	case cut:
		s += "…"
		n++
	}
	if n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// CellPrefix returns the start of s that can fill w cells and whether it
// left anything out. No character takes more than 8 bytes a cell (an
// emoji with a modifier: 8 bytes, 2 cells); a run of zero-width marks can,
// and is cut short, with the mark of a cut.
func CellPrefix(s string, w int) (string, bool) {
	limit := 8*w + 16
	if len(s) <= limit {
		return s, false
	}
	for limit > 0 && !utf8.RuneStart(s[limit]) {
		limit--
	}
	return s[:limit], true
}

// WidthUpTo is the width of s in cells, up to limit: it reads only the start
// of s, so a megabyte field costs what a short one does.
func WidthUpTo(s string, limit int) int {
	p, _ := CellPrefix(s, limit)
	return min(CellWidth(p), limit)
}

// Clip cuts already safe text to w cells without padding.
func Clip(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// Pad pads styled text with spaces to w cells.
func Pad(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// Highlight paints every case-insensitive occurrence of q in the plain text s
// with match, then switches back on whatever was in force (restore).
func Highlight(s, q string, match theme.Paint, restore string) string {
	if q == "" || match.On == "" {
		return s
	}
	var b strings.Builder
	for {
		i, n := model.IndexFold(s, q)
		if i < 0 || n == 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(match.On)
		b.WriteString(s[i : i+n])
		b.WriteString(ansi.ResetStyle)
		b.WriteString(restore)
		s = s[i+n:]
	}
}

// Safe sanitizes provider text for the detail pane, drawing each escape in
// the escape paint so it cannot pass for text the provider sent.
func Safe(s string, st *theme.Styles, restore string) string {
	if st.Escape.On == "" {
		return model.Sanitize(s)
	}
	return model.SanitizeWith(s, func(esc string) string {
		return st.Escape.On + esc + ansi.ResetStyle + restore
	})
}

// HumanBytes formats a size for the status line.
func HumanBytes(n int) string {
	switch {
	case n < 1000:
		return Itoa(n) + " B"
	case n < 1000*1000:
		return TrimZero(float64(n)/1000) + " kB"
	default:
		return TrimZero(float64(n)/1e6) + " MB"
	}
}

// TrimZero formats f with one decimal, without a trailing ".0".
func TrimZero(f float64) string {
	s := strings.TrimRight(strings.TrimRight(Ftoa1(f), "0"), ".")
	return s
}

// WrapAtSpaces breaks s into lines of at most w cells at spaces only, so a
// command such as `tmux show-buffer` or a path is never split at its hyphen
// (ansi.Wrap always breaks there); a word wider than w is cut hard.
func WrapAtSpaces(s string, w int) []string {
	w = max(w, 1)
	var lines []string
	line, lineW := "", 0
	for _, word := range strings.Split(s, " ") {
		ww := ansi.StringWidth(word)
		switch {
		case lineW > 0 && lineW+1+ww <= w:
			line, lineW = line+" "+word, lineW+1+ww
		case lineW > 0 || line != "":
			lines = append(lines, line)
			fallthrough
		default:
			line, lineW = word, ww
		}
		for lineW > w {
			lines = append(lines, ansi.Cut(line, 0, w))
			line = ansi.Cut(line, w, lineW)
			lineW -= w
		}
	}
	return append(lines, line)
}

// CellWidth is the cells s takes on screen: its length when it is printable
// ASCII (most of what providers send, and fit measures every row on screen
// at every move), else what ansi.StringWidth says.
func CellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// Clamp is v held within lo and hi.
func Clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// ErrorText is an error as the user sees it: one line, sanitized.
func ErrorText(err error) string {
	return model.Sanitize(strings.ReplaceAll(err.Error(), "\n", " "))
}
