package model

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// CleanJSON returns raw, a JSON value, in a form safe to paste into a
// terminal: the same value (json.Unmarshal reads both alike), one line, with
// every character Sanitize would escape written as a \uXXXX escape inside
// its string, and bytes that are not UTF-8 as \ufffd (what a JSON decoder
// reads them as). A clipboard carries it: pasted into a shell, a raw ESC,
// CR or bidi override in a value could end bracketed paste, run a command or
// hide what is pasted. raw that needs none of this is returned as is; ok is
// false when raw is not one valid JSON value.
func CleanJSON(raw []byte) (clean []byte, ok bool) {
	if !json.Valid(raw) {
		return nil, false
	}
	v := raw
	// Outside strings, valid JSON holds only structure and spaces; inside
	// them, no raw C0 control. So tabs and line ends are layout: drop it all.
	if bytes.ContainsAny(v, "\t\r\n") {
		var b bytes.Buffer
		b.Grow(len(v))
		if json.Compact(&b, v) != nil {
			return nil, false
		}
		v = b.Bytes()
	} else {
		v = bytes.TrimSpace(v)
	}
	first := -1
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			if c == 0x7f {
				first = i
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(v[i:])
		if (r == utf8.RuneError && size <= 1) || unsafeRune(r) {
			first = i
			break
		}
		i += size
	}
	if first < 0 {
		return v, true
	}
	// Valid JSON has non-ASCII characters and DEL only inside strings, where
	// a \u escape means the same character.
	out := make([]byte, 0, len(v)+16)
	out = append(out, v[:first]...)
	for i := first; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			if c == 0x7f {
				out = appendU(out, 0x7f)
			} else {
				out = append(out, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(v[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			out = appendU(out, utf8.RuneError)
		case unsafeRune(r):
			if r > 0xffff { // a surrogate pair, as JSON spells it
				r -= 0x10000
				out = appendU(out, 0xd800+(r>>10))
				out = appendU(out, 0xdc00+(r&0x3ff))
			} else {
				out = appendU(out, r)
			}
		default:
			out = append(out, v[i:i+size]...)
		}
		i += size
	}
	return out, true
}

// appendU appends the JSON escape \uXXXX of r (r ≤ 0xffff).
func appendU(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[(r>>12)&0xf], hexDigits[(r>>8)&0xf], hexDigits[(r>>4)&0xf], hexDigits[r&0xf])
}
