package model

import (
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"plain", "alice@example.com logged in", "alice@example.com logged in"},
		{"unicode kept", "Zoë 日本語 café", "Zoë 日本語 café"},
		{"emoji kept", "deploy 🚀", "deploy 🚀"},
		{"clear screen", "x\x1b[2J\x1b[Hy", `x\x1b[2J\x1b[Hy`},
		{"colour", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"osc title", "\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
		{"osc 52 clipboard", "\x1b]52;c;ZWNobyBldmls\x1b\\", `\x1b]52;c;ZWNobyBldmls\x1b\`},
		{"osc 8 link", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", `\x1b]8;;http://evil\x1b\click\x1b]8;;\x1b\`},
		{"c1 csi", "a\u009b31mb", `a\u009b31mb`},
		{"c1 osc and st", "\u009d0;t\u009c", `\u009d0;t\u009c`},
		{"raw c1 byte", "a\x9bb", `a\x9bb`},
		{"invalid utf8", "a\xff\xfeb", `a\xff\xfeb`},
		{"bidi override", "admin\u202egnp.exe", `admin\u202egnp.exe`},
		{"bidi isolates", "\u2066x\u2069", `\u2066x\u2069`},
		{"rlm lrm", "a\u200fb\u200ec", `a\u200fb\u200ec`},
		{"zero width", "ad\u200bmin", `ad\u200bmin`},
		{"bom", "\ufeffx", `\ufeffx`},
		{"tag chars", "a\U000E0041b", `a\U000e0041b`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"newlines", "line1\nline2\r\n", `line1\nline2\r\n`},
		{"tab", "a\tb", `a\tb`},
		{"nul and del", "a\x00b\x7f", `a\x00b\x7f`},
		{"bell backspace", "\a\b", `\x07\x08`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !IsClean(got) {
				t.Errorf("Sanitize(%q) = %q is not clean", tt.in, got)
			}
			if IsClean(tt.in) != (tt.in == tt.want) {
				t.Errorf("IsClean(%q) = %v", tt.in, IsClean(tt.in))
			}
		})
	}
}

func TestSanitizeLeavesNoControl(t *testing.T) {
	t.Parallel()
	var all strings.Builder
	for r := rune(0); r < 0x3000; r++ {
		all.WriteRune(r)
	}
	out := Sanitize(all.String() + "\xc0\x80\xed\xa0\x80")
	for _, r := range out {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Fatalf("Sanitize left %U in its output", r)
		}
	}
}

func TestSanitizeNoAllocWhenClean(t *testing.T) {
	s := "bob@example.com signed in from 203.0.113.7"
	if n := testing.AllocsPerRun(100, func() { _ = Sanitize(s) }); n != 0 {
		t.Errorf("Sanitize allocated %v times on clean text", n)
	}
}

func TestSanitizeWith(t *testing.T) {
	t.Parallel()
	got := SanitizeWith("a\x1b[2Jb\u202e", func(e string) string { return "<" + e + ">" })
	if want := `a<\x1b>[2Jb<\u202e>`; got != want {
		t.Errorf("SanitizeWith = %q, want %q", got, want)
	}
}
