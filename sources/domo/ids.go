package domo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trail-dev/trail/model"
)

// Domo's entries carry no id, and the list, export and the walk's bookkeeping
// need one. An entry's id is the first 16 hex digits (64 bits) of the SHA-256
// of its canonical JSON: keys sorted, no spaces, numbers as written. The same
// entry gets the same id on every page, in every walk and whatever order or
// spacing Domo writes its keys in.
//
// Two entries can be identical: the same user viewing the same card twice in
// one second, in the documented time form that has whole seconds. The second
// and later copies on a page get "~2", "~3", ... after the hash. A walk
// fetches each page from the first entry at the previous page's last time, so
// the copies are counted from the first of them and keep their numbers.

// idLen is the number of hex digits of the hash an id keeps.
const idLen = 16

// nextCopy returns the id of an entry of hash h on a page: h itself for the
// first such entry, h~2, h~3, ... for its identical twins after it. copies
// counts the hashes seen so far on the page.
func nextCopy(copies map[string]int, h string) string {
	copies[h]++
	if n := copies[h]; n > 1 {
		h += "~" + strconv.Itoa(n)
	}
	return h
}

// entryHash hashes an entry's canonical JSON, or its bytes when it is not
// valid JSON.
func entryHash(raw json.RawMessage) string {
	return hashID(canonical(raw))
}

// hashID is the id of an entry of canonical JSON canon.
func hashID(canon []byte) string {
	sum := sha256.Sum256(canon)
	return hex.EncodeToString(sum[:idLen/2])
}

// canonical re-encodes a JSON value with sorted keys and no spaces, keeping
// numbers exactly as written.
func canonical(raw json.RawMessage) []byte {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return raw
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return raw
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// The canonical form of a page's entries is written straight from the scan
// of each entry, without decoding it into maps and encoding it again: the
// functions below append to dst exactly what canonical gives for valid JSON,
// or report false for what they leave to it, a string that json.Marshal
// would write differently than it arrived (an escape, a control character,
// invalid UTF-8, U+2028 or U+2029). An entry Domo sends with its keys in
// order and no spaces comes out byte for byte as it arrived.

// objectShape follows the members of an object as they are scanned, to
// tell whether the object is already in canonical form.
type objectShape struct {
	count, size int    // members, and bytes of "key":value
	last        string // the previous key
	unordered   bool   // a key not after the one before it (or the same)
	nested      bool   // a value that is an object or a list
}

// add follows the next member.
func (s *objectShape) add(key string, v []byte) {
	if s.count > 0 && s.last >= key {
		s.unordered = true
	}
	if len(v) == 0 || v[0] == '{' || v[0] == '[' {
		s.nested = true
	}
	s.count++
	s.size += len(key) + 3 + len(v)
	s.last = key
}

// canonical reports whether the valid JSON object raw, whose members s has
// followed and which holds no backslash and is valid UTF-8, is already in
// canonical form: keys in order, each once, no nested object or list, no
// spaces, and no string json.Marshal would write differently. Keys and
// strings are then as they were sent, and the canonical form keeps every
// byte of raw in order but the spaces: it is raw when it is as long as raw.
func (s *objectShape) canonical(raw []byte) bool {
	return !s.unordered && !s.nested && 2+max(s.count-1, 0)+s.size == len(raw) && !hasLineSeparator(raw)
}

// hasLineSeparator reports whether b holds U+2028 or U+2029 (E2 80 A8/A9),
// which json.Marshal escapes.
func hasLineSeparator(b []byte) bool {
	for {
		i := bytes.IndexByte(b, 0xe2)
		if i < 0 || i+2 >= len(b) {
			return false
		}
		if b[i+1] == 0x80 && (b[i+2] == 0xa8 || b[i+2] == 0xa9) {
			return true
		}
		b = b[i+1:]
	}
}

// appendCanonicalObject appends the canonical form of an object of members
// ms, in the order sent: sorted by key, the last of a repeated key kept, as
// decoding into a map keeps it. sorted is scratch space for the sorting.
func appendCanonicalObject(dst []byte, ms []member, sorted *[]member) ([]byte, bool) {
	inOrder := true
	for i := 1; i < len(ms) && inOrder; i++ {
		inOrder = ms[i-1].key < ms[i].key
	}
	if !inOrder {
		s := append((*sorted)[:0], ms...)
		slices.SortStableFunc(s, func(a, b member) int { return strings.Compare(a.key, b.key) })
		ms = s[:0]
		for i := range s {
			if i+1 < len(s) && s[i+1].key == s[i].key {
				continue // a later value of the same key replaces this one
			}
			ms = append(ms, s[i])
		}
		*sorted = s
	}
	dst = append(dst, '{')
	for i, m := range ms {
		if !plainJSONText(m.key) {
			return dst, false
		}
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '"')
		dst = append(dst, m.key...)
		dst = append(dst, '"', ':')
		var ok bool
		if dst, ok = appendCanonical(dst, m.value); !ok {
			return dst, false
		}
	}
	return append(dst, '}'), true
}

// appendCanonical appends the canonical form of the valid JSON value v,
// which starts and ends with the value itself (no spaces around it).
func appendCanonical(dst, v []byte) ([]byte, bool) {
	if len(v) == 0 {
		return dst, false
	}
	switch v[0] {
	case '"':
		if len(v) < 2 || !plainJSONBytes(v[1:len(v)-1]) {
			return dst, false
		}
		return append(dst, v...), true
	case '{':
		var ms []member
		if model.ObjectMembers(v, func(key string, value []byte) { ms = append(ms, member{key, value}) }) != nil {
			return dst, false
		}
		var sorted []member
		return appendCanonicalObject(dst, ms, &sorted)
	case '[':
		dst = append(dst, '[')
		ok, first := true, true
		err := model.ArrayElements(v, func(elem []byte) {
			if !ok {
				return
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst, ok = appendCanonical(dst, elem)
		})
		return append(dst, ']'), ok && err == nil
	}
	return append(dst, v...), true // a number as written, true, false or null
}

// plainJSONText reports whether json.Marshal writes the text s (a decoded
// key) as it is: no quote, backslash or control character, valid UTF-8, and
// neither U+2028 nor U+2029, which it escapes.
func plainJSONText(s string) bool {
	return plainJSONPrefix(s) && utf8.ValidString(s)
}

// plainJSONBytes is plainJSONText for the inside of a string literal.
func plainJSONBytes(b []byte) bool {
	return plainJSONPrefix(b) && utf8.Valid(b)
}

// plainJSONPrefix is plainJSONText but for the check of UTF-8.
func plainJSONPrefix[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == '"' || c == '\\':
			return false
		case c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xa8 || s[i+2] == 0xa9):
			return false
		}
	}
	return true
}
