package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
)

// fit makes provider text exactly w cells wide: sanitized, cut with an
// ellipsis when too long, padded with spaces when short. Width is measured in
// terminal cells, so wide and combining characters keep columns aligned.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = model.Sanitize(s)
	n := ansi.StringWidth(s)
	if n > w {
		s = ansi.Truncate(s, w, "…")
		n = ansi.StringWidth(s)
	}
	if n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// clip cuts already safe text to w cells without padding.
func clip(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// pad pads styled text with spaces to w cells.
func pad(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// highlight paints every case-insensitive occurrence of q in the plain text s
// with match, then switches back on whatever was in force (restore).
func highlight(s, q string, match paint, restore string) string {
	if q == "" || match.on == "" {
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
		b.WriteString(match.on)
		b.WriteString(s[i : i+n])
		b.WriteString(ansi.ResetStyle)
		b.WriteString(restore)
		s = s[i+n:]
	}
}

// safe sanitizes provider text for the detail pane, drawing each escape in
// the escape paint so it cannot pass for text the provider sent.
func safe(s string, st *Styles, restore string) string {
	if st.Escape.on == "" {
		return model.Sanitize(s)
	}
	return model.SanitizeWith(s, func(esc string) string {
		return st.Escape.on + esc + ansi.ResetStyle + restore
	})
}

// humanBytes formats a size for the status line.
func humanBytes(n int) string {
	switch {
	case n < 1000:
		return itoa(n) + " B"
	case n < 1000*1000:
		return trimZero(float64(n)/1000) + " kB"
	default:
		return trimZero(float64(n)/1e6) + " MB"
	}
}

func trimZero(f float64) string {
	s := strings.TrimRight(strings.TrimRight(ftoa1(f), "0"), ".")
	return s
}
