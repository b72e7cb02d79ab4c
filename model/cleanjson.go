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
	out := append(make([]byte, 0, len(v)+16), v[:first]...)
	return AppendJSONEscaped(out, v[first:]), true
}

// appendU appends the JSON escape \uXXXX of r (r ≤ 0xffff).
func appendU(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[(r>>12)&0xf], hexDigits[(r>>8)&0xf], hexDigits[(r>>4)&0xf], hexDigits[r&0xf])
}
