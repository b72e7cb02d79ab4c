package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize makes provider text safe to put on a terminal. Audit data is partly
// written by attackers (a failed login's user name, a user agent), so every
// character that could move the cursor, start an escape sequence, reorder text
// or hide itself is replaced by a visible escape:
//
//   - C0 controls and DEL as \xNN (\n, \r and \t by name),
//   - C1 controls (U+0080–U+009F) as \u0085 and the like,
//   - bytes that are not UTF-8 as \xNN,
//   - Unicode format characters (bidi overrides and isolates, zero-width
//     characters, soft hyphen, tag characters) and line or paragraph
//     separators as \u202e and the like.
//
// Text that needs none of this is returned as is, without allocating.
func Sanitize(s string) string { return SanitizeWith(s, nil) }

// SanitizeWith is Sanitize with each escape passed through mark, so a UI can
// draw escapes differently from text (an attacker can write a backslash too).
// A nil mark leaves escapes as they are.
func SanitizeWith(s string, mark func(escape string) string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b, esc strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		esc.Reset()
		switch {
		case r == utf8.RuneError && size <= 1:
			writeHexByte(&esc, s[i])
		case unsafeRune(r):
			writeEscape(&esc, r)
		default:
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		if mark != nil {
			b.WriteString(mark(esc.String()))
		} else {
			b.WriteString(esc.String())
		}
		i += size
	}
	return b.String()
}

// IsClean reports whether Sanitize would return s unchanged.
func IsClean(s string) bool { return firstUnsafe(s) < 0 }

// firstUnsafe returns the byte offset of the first character Sanitize must
// escape, or -1.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || unsafeRune(r) {
			return i
		}
		i += size
	}
	return -1
}

// unsafeRune reports whether r must not reach a terminal as it is.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	case r < 0xad:
		return false
	}
	return unicode.Is(unicode.Cf, r)
}

const hexDigits = "0123456789abcdef"

func writeHexByte(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteByte(hexDigits[c>>4])
	b.WriteByte(hexDigits[c&0xf])
}

func writeEscape(b *strings.Builder, r rune) {
	switch r {
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	default:
		if r < 0x80 {
			writeHexByte(b, byte(r))
			return
		}
		if r > 0xffff {
			b.WriteString(`\U`)
			for shift := 28; shift >= 0; shift -= 4 {
				b.WriteByte(hexDigits[(r>>shift)&0xf])
			}
			return
		}
		b.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			b.WriteByte(hexDigits[(r>>shift)&0xf])
		}
	}
}
