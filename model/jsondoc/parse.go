package jsondoc

import (
	"encoding/binary"
	"math/bits"
)

// maxDepth is the deepest nesting json.Valid accepts.
const maxDepth = 10000

// strStop marks the bytes that end a run of plain text in a JSON string: the
// quote, the backslash, and the control characters, which JSON forbids there.
var strStop = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// Parse reads b as JSON text and says whether json.Valid accepts it, noting
// where each value and member name ends as it goes. Like json.Valid, it does
// not check that strings are valid UTF-8: json.Unmarshal reads bad bytes as
// U+FFFD. The Doc reads b, which must not change while it is in use.
func (d *Doc) Parse(b []byte) bool {
	d.b = b
	d.boxes, d.ends = d.boxes[:0], d.ends[:0]
	stack := d.open[:0]
	defer func() { d.open = stack[:0] }()
	n := len(b)
	i := skipWS(b, 0)
	for {
		// A value starts at i.
		if i >= n {
			return false
		}
		switch c := b[i]; c {
		case '{', '[':
			if len(stack) == maxDepth {
				return false
			}
			kind := 0
			if c == '{' {
				kind = 1
			}
			stack = append(stack, 2*len(d.boxes)+kind)
			d.boxes = append(d.boxes, box{inner: len(d.ends)})
			i = skipWS(b, i+1)
			if i < n && b[i] == c+2 { // '}' and ']' follow '{' and '[' by two
				bx := &d.boxes[len(d.boxes)-1]
				bx.end, bx.next, bx.after = i+1, len(d.boxes), len(d.ends)
				stack = stack[:len(stack)-1]
				i++
				goto closed
			}
			if kind == 1 {
				if i = d.key(i); i < 0 {
					return false
				}
			}
			continue
		case '"':
			i = endString(b, i)
		case 't':
			i = literal(b, i, "true")
		case 'f':
			i = literal(b, i, "false")
		case 'n':
			i = literal(b, i, "null")
		default:
			i = endNumber(b, i)
		}
		if i < 0 {
			return false
		}
		d.ends = append(d.ends, i)
	closed:
		// A value ends at i: close what ends with it, up to a comma and the
		// next value, or the end of the text.
		for {
			i = skipWS(b, i)
			if len(stack) == 0 {
				return i == n
			}
			if i >= n {
				return false
			}
			top := stack[len(stack)-1]
			if b[i] == ',' {
				i = skipWS(b, i+1)
				if top&1 == 1 {
					if i = d.key(i); i < 0 {
						return false
					}
				}
				break
			}
			if b[i] != "]}"[top&1] {
				return false
			}
			bx := &d.boxes[top>>1]
			bx.end, bx.next, bx.after = i+1, len(d.boxes), len(d.ends)
			stack = stack[:len(stack)-1]
			i++
		}
	}
}

// key reads an object's member name at i and the colon after it, and
// returns where the member's value starts, or -1.
func (d *Doc) key(i int) int {
	b := d.b
	if i >= len(b) || b[i] != '"' {
		return -1
	}
	if i = endString(b, i); i < 0 {
		return -1
	}
	d.ends = append(d.ends, i)
	i = skipWS(b, i)
	if i >= len(b) || b[i] != ':' {
		return -1
	}
	return skipWS(b, i+1)
}

// endString checks the string starting at b[i] and returns the index just
// past it, or -1.
func endString(b []byte, i int) int {
	n := len(b)
	for i++; ; {
		i = plainRun(b, i)
		if i >= n {
			return -1
		}
		switch b[i] {
		case '"':
			return i + 1
		case '\\':
			if i+1 >= n {
				return -1
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > n || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
					return -1
				}
				i += 6
			default:
				return -1
			}
		default: // a control character
			return -1
		}
	}
}

// plainRun returns the index of the first quote, backslash or control
// character in b from i on, or len(b): eight bytes at a time, then one by
// one. In each word, a byte is flagged where it is below 0x20, or equal to
// '"' or '\\' (XOR makes those zero): the subtractions borrow only from a
// flagged byte into the ones after it, so the first flag is exact.
func plainRun(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q, bs := x^(ones*'"'), x^(ones*'\\')
		m := ((x-ones*0x20)&^x | (q-ones)&^q | (bs-ones)&^bs) & highs
		if m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for i < len(b) && !strStop[b[i]] {
		i++
	}
	return i
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// literal checks that b holds word at i and returns the index past it, or -1.
func literal(b []byte, i int, word string) int {
	if len(b)-i < len(word) || string(b[i:i+len(word)]) != word {
		return -1
	}
	return i + len(word)
}

// endNumber checks the number starting at b[i] and returns the index just
// past it, or -1: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func endNumber(b []byte, i int) int {
	n := len(b)
	if i < n && b[i] == '-' {
		i++
	}
	switch {
	case i >= n:
		return -1
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		i = digits(b, i+1)
	default:
		return -1
	}
	if i < n && b[i] == '.' {
		if i+1 >= n || !isDigit(b[i+1]) {
			return -1
		}
		i = digits(b, i+1)
	}
	if i < n && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < n && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= n || !isDigit(b[i]) {
			return -1
		}
		i = digits(b, i)
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digits returns the index past the run of digits at i.
func digits(b []byte, i int) int {
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return i
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}
