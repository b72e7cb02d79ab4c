package model

import (
	"unicode/utf16"
	"unicode/utf8"
)

// AppendJSONEscaped appends the JSON text src to dst with every character
// Sanitize would escape written as a \uXXXX escape instead (a surrogate
// pair above U+FFFF), and every byte that is not UTF-8 as \ufffd. The
// result is valid UTF-8 and decodes to the same values (but for bytes that
// were not UTF-8, which decoders turn into U+FFFD anyway), so an export
// cat to a terminal cannot move its cursor, reorder its text or hide any.
//
// src must be valid JSON: outside its strings there is only ASCII, so any
// byte this changes is inside a string, where a \u escape means the same.
func AppendJSONEscaped(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf && c != 0x7f {
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			dst = appendU(dst, utf8.RuneError)
		case unsafeRune(r):
			if r > 0xffff {
				hi, lo := utf16.EncodeRune(r)
				dst = appendU(appendU(dst, hi), lo)
			} else {
				dst = appendU(dst, r)
			}
		default:
			dst = append(dst, src[i:i+size]...)
		}
		i += size
	}
	return dst
}
