package qualtrics

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"strings"
	"sync"
	"unicode/utf8"
)

// A /logs page of 1,000 logins is about 1 MB of JSON. Decoding it with
// json.Unmarshal level by level (the envelope, the result, the list, each
// event, its descriptor, the objects in that) checked and walked the same
// bytes six times over, some 50 ms a page. Instead, parse checks a body once,
// as json.Valid would, and notes where each value and member name ends;
// reading an object after that takes each member in a few steps, skipping a
// nested value in one, without looking at the bytes of either again.

// doc is JSON text that parse found valid, with the extent of each of its
// values and member names.
type doc struct {
	b     []byte
	boxes []box   // the objects and arrays, in the order they open
	ends  []int   // where each other value and member name ends, in order
	open  []int   // parse's stack: 2×box index, +1 for an object
	elems []value // decodeLogs' list of a page's events
}

// box is an object or array: end is the index in b just past its closing
// bracket, next the index in boxes of the first box opened after it closes,
// and in ends, inner is the index of the first name or value inside it and
// after the index of the first after it.
type box struct {
	end, next, inner, after int
}

// docs keeps the buffers of one page, or event, for the next.
var docs = sync.Pool{New: func() any { return new(doc) }}

// getDoc returns a doc to parse a page or an event into; putDoc gives it
// back, its bytes forgotten. A doc that grew large for a body of many small objects is left
// to the collector.
func getDoc() *doc { return docs.Get().(*doc) }

func putDoc(d *doc) {
	d.b = nil
	if cap(d.boxes) <= 1<<16 && cap(d.ends) <= 1<<18 && cap(d.open) <= 1<<10 && cap(d.elems) <= 1<<14 {
		docs.Put(d)
	}
}

// value is one JSON value of a doc, b[start:end]: box is its index in boxes
// if it is an object or an array, else -1. The zero value, with end 0, is
// an absent one, which reads as empty raw bytes, as an absent field of a
// json.RawMessage reads as nil.
type value struct {
	start, end, box int
}

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

// parse reads b as JSON text and says whether json.Valid accepts it, noting
// where each value and member name ends as it goes. Like json.Valid, it does
// not check that strings are valid UTF-8: json.Unmarshal reads bad bytes as
// U+FFFD.
func (d *doc) parse(b []byte) bool {
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
func (d *doc) key(i int) int {
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

// root is the value of the whole text, which parse found valid.
func (d *doc) root() value {
	v, _, _ := d.next(skipWS(d.b, 0), 0, 0)
	return v
}

// raw is the bytes of v, empty for an absent value.
func (d *doc) raw(v value) json.RawMessage {
	return d.b[v.start:v.end:v.end]
}

// first is the first byte of v, 0 for an absent value.
func (d *doc) first(v value) byte {
	if v.end == 0 {
		return 0
	}
	return d.b[v.start]
}

// next reads the value starting at i: if it is an object or an array, its
// index in boxes is k, else its end's index in ends is e. It returns the
// value and the indexes in boxes and ends of whatever follows.
func (d *doc) next(i, k, e int) (_ value, nextK, nextE int) {
	switch d.b[i] {
	case '{', '[':
		bx := &d.boxes[k]
		return value{start: i, end: bx.end, box: k}, bx.next, bx.after
	}
	return value{start: i, end: d.ends[e], box: -1}, k, e + 1
}

// members calls fn with each member of the object v in order: its name as
// sent, between the quotes and with any escapes, and its value.
func (d *doc) members(v value, fn func(name []byte, v value)) {
	b := d.b
	i, k, e := v.start+1, v.box+1, d.boxes[v.box].inner
	for {
		i = skipWS(b, i)
		switch b[i] {
		case '}':
			return
		case ',':
			i = skipWS(b, i+1)
		}
		nameEnd := d.ends[e]
		name := b[i+1 : nameEnd-1]
		i = skipWS(b, skipWS(b, nameEnd)+1) // past the colon
		var m value
		m, k, e = d.next(i, k, e+1)
		fn(name, m)
		i = m.end
	}
}

// elements calls fn with each element of the array v in order.
func (d *doc) elements(v value, fn func(v value)) {
	b := d.b
	i, k, e := v.start+1, v.box+1, d.boxes[v.box].inner
	for {
		i = skipWS(b, i)
		switch b[i] {
		case ']':
			return
		case ',':
			i = skipWS(b, i+1)
		}
		var el value
		el, k, e = d.next(i, k, e)
		fn(el)
		i = el.end
	}
}

// fieldSet is the JSON names of a struct's fields, all json.RawMessage, as
// json.Unmarshal matches members to them. The names must differ from each
// other with case ignored, and be ASCII and shorter than 32 bytes.
type fieldSet struct {
	names []string
	byLen [32][]int // the names of each length
}

func newFieldSet(names ...string) *fieldSet {
	fs := &fieldSet{names: names}
	for i, n := range names {
		fs.byLen[len(n)] = append(fs.byLen[len(n)], i)
	}
	return fs
}

// index is the index of the field that a member named name (as sent, between
// the quotes) fills, or -1. json.Unmarshal takes the field of the exact name,
// else one whose name equals it with case ignored (bytes.EqualFold); with
// names that differ with case ignored, that is the one equal with case
// ignored. Only a name with escapes or beyond ASCII can equal one of another
// length (the Kelvin sign, the long s), or none of its length: those are
// read as json.Unmarshal reads them first.
func (fs *fieldSet) index(name []byte) int {
	if len(name) < len(fs.byLen) {
		for _, i := range fs.byLen[len(name)] {
			if asciiEqualFold(name, fs.names[i]) {
				return i
			}
		}
	}
	for _, c := range name {
		if c == '\\' || c >= utf8.RuneSelf {
			s := memberName(name)
			for i, n := range fs.names {
				if strings.EqualFold(s, n) {
					return i
				}
			}
			return -1
		}
	}
	return -1
}

// fields reads the object v as json.Unmarshal reads one into a struct of the
// fields fs: each member that a field takes goes into dst at its index, the
// last such member winning.
func (d *doc) fields(v value, fs *fieldSet, dst []value) {
	b := d.b
	i, k, e := v.start+1, v.box+1, d.boxes[v.box].inner
	for {
		i = skipWS(b, i)
		switch b[i] {
		case '}':
			return
		case ',':
			i = skipWS(b, i+1)
		}
		nameEnd := d.ends[e]
		name := b[i+1 : nameEnd-1]
		i = skipWS(b, skipWS(b, nameEnd)+1) // past the colon
		var m value
		m, k, e = d.next(i, k, e+1)
		if f := fs.index(name); f >= 0 {
			dst[f] = m
		}
		i = m.end
	}
}

// memberName is a member's name as sent, between the quotes, read as
// json.Unmarshal reads it: escapes undone, bytes that are not UTF-8 made
// U+FFFD.
func memberName(name []byte) string {
	if bytes.IndexByte(name, '\\') < 0 && utf8.Valid(name) {
		return string(name) // parse let no control character through
	}
	q := make([]byte, 0, len(name)+2)
	q = append(append(append(q, '"'), name...), '"')
	var s string
	_ = json.Unmarshal(q, &s) // a string parse checked: it unquotes
	return s
}

// asciiEqualFold says whether a equals the ASCII b, of the same length,
// with case ignored; a byte beyond ASCII or a backslash in a never does.
func asciiEqualFold(a []byte, b string) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if x|0x20 != y|0x20 || x|0x20 < 'a' || x|0x20 > 'z' {
			return false
		}
	}
	return true
}
