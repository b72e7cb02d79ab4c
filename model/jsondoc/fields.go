package jsondoc

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// Fields is the JSON names of a struct's fields, all json.RawMessage, as
// json.Unmarshal matches members to them. Decoders read an entry through
// one, keeping each field raw so that a wrong type in one field costs that
// field only, and finding a member sent in another case ("ID", "userid") as
// json.Unmarshal found it when every entry was decoded with it.
type Fields struct {
	names []string
	byLen [32][]int // the names of each length
}

// NewFields returns the Fields of names: field i is names[i]. The names
// must be ASCII without quotes, backslashes or control characters, shorter
// than 32 bytes, and differ from each other with case ignored; NewFields
// panics otherwise, as it is called with names written in the code.
func NewFields(names ...string) *Fields {
	fs := &Fields{names: names}
	for i, n := range names {
		if len(n) >= len(fs.byLen) || plainRun([]byte(n), 0) < len(n) {
			panic("jsondoc: field name " + n + " is too long or has a quote, a backslash or a control character")
		}
		for j := 0; j < len(n); j++ {
			if n[j] >= utf8.RuneSelf {
				panic("jsondoc: field name " + n + " is not ASCII")
			}
		}
		for _, other := range names[:i] {
			if strings.EqualFold(n, other) {
				panic("jsondoc: field names " + n + " and " + other + " differ only in case")
			}
		}
		fs.byLen[len(n)] = append(fs.byLen[len(n)], i)
	}
	return fs
}

// Index is the index of the field that a member named name (as sent,
// between the quotes) fills, or -1. json.Unmarshal takes the field of the
// exact name, else one whose name equals it with case ignored
// (bytes.EqualFold); with names that differ with case ignored, that is the
// one equal with case ignored. Only a name with escapes or beyond ASCII can
// equal one of another length (the Kelvin sign, the long s), or none of its
// length: those are read as json.Unmarshal reads them first.
func (fs *Fields) Index(name []byte) int {
	if len(name) < len(fs.byLen) {
		for _, i := range fs.byLen[len(name)] {
			if asciiEqualFold(name, fs.names[i]) {
				return i
			}
		}
	}
	for _, c := range name {
		if c == '\\' || c >= utf8.RuneSelf {
			s := string(Unescape(name))
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

// Fields reads the object v as json.Unmarshal reads one into a struct of
// the fields fs: each member that a field takes goes into dst at its index,
// the last such member winning. A field no member fills keeps what dst held.
func (d *Doc) Fields(v Value, fs *Fields, dst []Value) {
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
		var m Value
		m, k, e = d.next(i, k, e+1)
		if f := fs.Index(name); f >= 0 {
			dst[f] = m
		}
		i = m.end
	}
}

// Unescape reads a member name as Members gives it, or the inside of a
// string value of a Doc, as json.Unmarshal reads it: escapes undone, bytes
// that are not UTF-8 made U+FFFD. One with neither, nearly every one, is
// returned as it is, not copied.
func Unescape(s []byte) []byte {
	if bytes.IndexByte(s, '\\') < 0 && utf8.Valid(s) {
		return s // a name or string Parse checked has no quote or control character
	}
	q := make([]byte, 0, len(s)+2)
	q = append(append(append(q, '"'), s...), '"')
	var u string
	_ = json.Unmarshal(q, &u) // a string Parse checked: it unquotes
	return []byte(u)
}

// isPlain says whether the inside of a JSON string reads as its own bytes:
// no quote, backslash or control character, and valid UTF-8.
func isPlain(s []byte) bool {
	return plainRun(s, 0) == len(s) && utf8.Valid(s)
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
