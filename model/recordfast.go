package model

import (
	"bytes"
	"encoding/binary"
	"time"
)

// AppendEventJSONL appends the export record of e, read from the named
// source, as one line of JSON: NewRecord(source, provider, e).AppendJSONL
// byte for byte, but for the common event (its texts and raw entry
// printable ASCII) in one pass over the raw entry, which is checked and
// compacted together, rather than three. Anything else goes the general
// way.
func AppendEventJSONL(dst []byte, source, provider string, e *Event) ([]byte, error) {
	if e.Source != "" {
		source, provider = e.Source, e.Provider
	}
	start := len(dst)
	ok := true
	field := func(name, value string, omitEmpty bool) {
		if !ok || (omitEmpty && value == "") {
			return
		}
		dst = append(dst, name...)
		dst, ok = appendPlainJSONString(dst, value)
	}
	field(`{"source":`, source, false)
	field(`,"provider":`, provider, false)
	field(`,"id":`, e.ID, false)
	if ok {
		dst = append(dst, `,"time":"`...)
		if !e.Time.IsZero() {
			dst = e.Time.UTC().AppendFormat(dst, time.RFC3339Nano)
		}
		dst = append(dst, '"')
	}
	field(`,"action":`, e.Action, false)
	field(`,"actor":`, e.Actor, false)
	field(`,"actor_id":`, e.ActorID, true)
	field(`,"target":`, e.Target, false)
	field(`,"summary":`, e.Summary, false)
	field(`,"ip":`, e.IP, false)
	field(`,"client":`, e.Client, true)
	field(`,"location":`, e.Location, true)
	field(`,"outcome":`, e.Outcome.String(), false)
	if ok {
		dst = append(dst, `,"raw":`...)
		if len(e.Raw) == 0 {
			dst = append(dst, "null"...)
		} else {
			dst, ok = appendCompactASCII(dst, e.Raw)
		}
	}
	if !ok {
		return NewRecord(source, provider, e).AppendJSONL(dst[:start])
	}
	return append(dst, "}\n"...), nil
}

// appendPlainJSONString appends s as a JSON string as encoding/json writes
// it without HTML escaping, when s is printable ASCII; false otherwise.
func appendPlainJSONString(dst []byte, s string) ([]byte, bool) {
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 || c > 0x7e:
			return dst, false
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"'), true
}

// appendCompactASCII appends src, a JSON value, without the white space
// between its tokens, as json.Compact writes it, checking it as json.Valid
// does (nesting up to the same depth), in one pass. It reports false, and
// what it appended is to be dropped, when src is not valid JSON or holds a
// byte that is not printable ASCII inside a string (which the general way
// escapes).
func appendCompactASCII(dst, src []byte) ([]byte, bool) {
	c := compactor{dst: dst, src: src}
	c.space()
	if !c.value(0) {
		return dst, false
	}
	c.space()
	if c.i != len(src) {
		return dst, false
	}
	return c.dst, true
}

// maxDepth is encoding/json's limit on nesting: deeper is not valid to it.
const maxDepth = 10000

type compactor struct {
	dst, src []byte
	i        int
}

func (c *compactor) space() {
	for c.i < len(c.src) {
		switch c.src[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
		default:
			return
		}
	}
}

func (c *compactor) value(depth int) bool {
	if c.i >= len(c.src) {
		return false
	}
	switch b := c.src[c.i]; {
	case b == '{' || b == '[':
		if depth >= maxDepth {
			return false
		}
		closing := byte('}')
		if b == '[' {
			closing = ']'
		}
		c.dst = append(c.dst, b)
		c.i++
		c.space()
		if c.i < len(c.src) && c.src[c.i] == closing {
			c.dst = append(c.dst, closing)
			c.i++
			return true
		}
		for {
			if b == '{' {
				if c.i >= len(c.src) || c.src[c.i] != '"' || !c.str() {
					return false
				}
				c.space()
				if c.i >= len(c.src) || c.src[c.i] != ':' {
					return false
				}
				c.dst = append(c.dst, ':')
				c.i++
				c.space()
			}
			if !c.value(depth + 1) {
				return false
			}
			c.space()
			if c.i >= len(c.src) {
				return false
			}
			switch c.src[c.i] {
			case ',':
				c.dst = append(c.dst, ',')
				c.i++
				c.space()
			case closing:
				c.dst = append(c.dst, closing)
				c.i++
				return true
			default:
				return false
			}
		}
	case b == '"':
		return c.str()
	case b == '-' || (b >= '0' && b <= '9'):
		return c.number()
	case b == 't':
		return c.word("true")
	case b == 'f':
		return c.word("false")
	case b == 'n':
		return c.word("null")
	}
	return false
}

// str copies the string at c.i, whose bytes must be printable ASCII.
func (c *compactor) str() bool {
	start := c.i
	c.i++
	if j := bytes.IndexByte(c.src[c.i:], '"'); j >= 0 && PlainASCII(c.src[c.i:c.i+j]) {
		// Nearly every string: no escape, nothing to check byte by byte.
		c.i += j + 1
		c.dst = append(c.dst, c.src[start:c.i]...)
		return true
	}
	for c.i < len(c.src) {
		b := c.src[c.i]
		switch {
		case b == '"':
			c.i++
			c.dst = append(c.dst, c.src[start:c.i]...)
			return true
		case b < 0x20 || b > 0x7e:
			return false
		case b == '\\':
			c.i++
			if c.i >= len(c.src) {
				return false
			}
			switch c.src[c.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				c.i++
			case 'u':
				if c.i+5 > len(c.src) {
					return false
				}
				for _, h := range c.src[c.i+1 : c.i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false
					}
				}
				c.i += 5
			default:
				return false
			}
		default:
			c.i++
		}
	}
	return false
}

func (c *compactor) number() bool {
	start := c.i
	s := c.src
	if s[c.i] == '-' {
		c.i++
	}
	digits := func() int {
		n := 0
		for c.i < len(s) && s[c.i] >= '0' && s[c.i] <= '9' {
			c.i++
			n++
		}
		return n
	}
	switch {
	case c.i < len(s) && s[c.i] == '0':
		c.i++
	case digits() == 0:
		return false
	}
	if c.i < len(s) && s[c.i] == '.' {
		c.i++
		if digits() == 0 {
			return false
		}
	}
	if c.i < len(s) && (s[c.i] == 'e' || s[c.i] == 'E') {
		c.i++
		if c.i < len(s) && (s[c.i] == '+' || s[c.i] == '-') {
			c.i++
		}
		if digits() == 0 {
			return false
		}
	}
	c.dst = append(c.dst, s[start:c.i]...)
	return true
}

func (c *compactor) word(w string) bool {
	if len(c.src)-c.i < len(w) || string(c.src[c.i:c.i+len(w)]) != w {
		return false
	}
	c.dst = append(c.dst, w...)
	c.i += len(w)
	return true
}

// PlainASCII reports whether b is printable ASCII without a backslash: as a
// JSON string's inside, it holds no escape and reads as its own bytes.
func PlainASCII(b []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for len(b) >= 8 {
		w := binary.LittleEndian.Uint64(b)
		low := (w - 0x20*ones) & ^w & highs // a byte under 0x20
		high := (w + 0x01*ones) & highs     // 0x7f (with the top bit, 0x80 and over, below)
		bs := w ^ '\\'*ones                 // a backslash is a zero byte here
		back := (bs - ones) & ^bs & highs
		if low|high|back|(w&highs) != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 || c > 0x7e || c == '\\' {
			return false
		}
	}
	return true
}
