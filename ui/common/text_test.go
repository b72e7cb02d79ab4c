package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/ui/internal/uitest"
)

func TestCellWidthAgreesWithAnsi(t *testing.T) {
	for _, s := range []string{"", "alice@example.com", "203.0.113.1", "Zoë", "東京 office", "a\x1bb", "tab\there"} {
		if got, want := CellWidth(s), ansi.StringWidth(s); got != want {
			t.Errorf("CellWidth(%q) = %d, ansi says %d", s, got, want)
		}
	}
}

// Fit and FitFrom read only the start of a long field (a 1 MiB field took
// 0.9 s a row, every frame) and draw what they drew before.
func TestFitReadsOnlyWhatItShows(t *testing.T) {
	long := uitest.RepeatTo("abcdefghij漢字", 1<<20)
	for _, c := range []struct {
		s       string
		skip, w int
		want    string
	}{
		{long, 0, 12, "abcdefghij… "},
		{long, 0, 13, "abcdefghij漢…"},
		{long, 10, 8, "…漢字ab…"},
		{"short", 0, 8, "short   "},
		{"short", 2, 8, "…rt     "},
		{"short", 9, 3, "   "},
		{"\x1b[2J", 0, 8, `\x1b[2J `},
	} {
		got := FitFrom(c.s, c.skip, c.w)
		if got != c.want || ansi.StringWidth(got) != c.w {
			t.Errorf("FitFrom(%.20q, %d, %d) = %q, want %q", c.s, c.skip, c.w, got, c.want)
		}
	}
	if got := WidthUpTo(long, 28); got != 28 {
		t.Errorf("WidthUpTo = %d", got)
	}
}

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		n    int
		word string
		want string
	}{{0, "match", "0 matches"}, {1, "match", "1 match"}, {2, "event", "2 events"}, {1234, "event", "1,234 events"}} {
		if got := Plural(tt.n, tt.word); got != tt.want {
			t.Errorf("Plural(%d, %q) = %q, want %q", tt.n, tt.word, got, tt.want)
		}
	}
}

// Help notes and the message log break lines at spaces only: a command such
// as `tmux show-buffer` stays whole, and every line fits.
func TestWrapAtSpaces(t *testing.T) {
	got := WrapAtSpaces("in tmux, run tmux show-buffer (tmux got it) then xxxxxxxxxxxxxxxxxxxxxxxxx", 20)
	want := []string{"in tmux, run tmux", "show-buffer (tmux", "got it) then", "xxxxxxxxxxxxxxxxxxxx", "xxxxx"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("WrapAtSpaces = %q, want %q", got, want)
	}
}

// The printable-ASCII path of Fit gives what measuring graphemes gives,
// for every length around the width, cut or not.
func TestFitASCIIAgreesWithCells(t *testing.T) {
	base := "alice@example.com did a thing \\ with {json} ~ 0123456789"
	for w := 1; w < 40; w++ {
		for n := 0; n <= len(base); n++ {
			s := base[:n]
			for _, cut := range []bool{false, true} {
				if got, want := fitASCII(s, w, cut), fitCells(s, 0, w, cut); got != want {
					t.Fatalf("Fit(%q, %d) cut %v = %q, measured by graphemes %q", s, w, cut, got, want)
				}
			}
		}
	}
	// Text with an escape or a non-ASCII letter is measured by graphemes.
	if got := Fit("caf\u00e9 \x1b[31m", 12); got != "café \\x1b[3…" {
		t.Errorf("Fit of non-ASCII text = %q", got)
	}
}

// BenchmarkFit measures a list cell: an ASCII actor fitted to its column.
func BenchmarkFit(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = Fit("alice@example.com", 24)
	}
}
