package domo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/trail-dev/trail/model/jsondoc"
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

// The canonical form of an entry is written straight from its parse,
// without decoding it into maps and encoding it again: hash gives exactly
// what entryHash gives, and leaves to it what it does not cover, a string
// that json.Marshal would write differently than it arrived (an escape, a
// control character, invalid UTF-8, U+2028 or U+2029). An entry Domo sends
// with its keys in order and no spaces is its own canonical form, byte for
// byte.

// hash is entryHash(raw) for raw, the entry object the reader has parsed.
func (r *reader) hash(raw []byte) string {
	plain := bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw)
	if plain && r.asSent(raw) {
		return hashID(raw) // as Domo sends them: nothing to rewrite
	}
	canon, ok := r.appendCanonical(r.canon[:0], r.d.Root())
	r.canon = canon
	if !ok {
		return entryHash(raw)
	}
	return hashID(canon)
}

// asSent reports whether the entry raw, which holds no backslash and is
// valid UTF-8, is already in canonical form: keys in order, each once, no
// nested object or list, no spaces, and no string json.Marshal would write
// differently. Keys and strings are then as they were sent, and the
// canonical form keeps every byte of raw in order but the spaces: it is raw
// when it is as long as raw.
func (r *reader) asSent(raw []byte) bool {
	d := r.d
	var last []byte
	count, size, ordered := 0, 0, true
	d.Members(d.Root(), func(key []byte, v jsondoc.Value) {
		if k := d.Kind(v); k == '{' || k == '[' || count > 0 && bytes.Compare(last, key) >= 0 {
			ordered = false
		}
		count++
		size += len(key) + 3 + len(d.Raw(v))
		last = key
	})
	return ordered && 2+max(count-1, 0)+size == len(raw) && !hasLineSeparator(raw)
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

// appendCanonical appends the canonical form of v, a value of the reader's
// Doc, or reports false for what it leaves to entryHash.
func (r *reader) appendCanonical(dst []byte, v jsondoc.Value) ([]byte, bool) {
	d := r.d
	switch d.Kind(v) {
	case '"':
		s := d.Raw(v)
		return append(dst, s...), plainJSON(s[1 : len(s)-1])
	case '{':
		return r.appendObject(dst, v)
	case '[':
		dst = append(dst, '[')
		ok, n := true, 0
		d.Elements(v, func(el jsondoc.Value) {
			if !ok {
				return
			}
			if n > 0 {
				dst = append(dst, ',')
			}
			n++
			dst, ok = r.appendCanonical(dst, el)
		})
		return append(dst, ']'), ok
	}
	return append(dst, d.Raw(v)...), true // a number as written, true, false or null
}

// appendObject appends the canonical form of the object v: sorted by key,
// the last of a repeated key kept, as decoding into a map keeps it.
func (r *reader) appendObject(dst []byte, v jsondoc.Value) ([]byte, bool) {
	base := len(r.members) // the members of the objects v is inside come before
	defer func() { r.members = r.members[:base] }()
	r.d.Members(v, func(name []byte, m jsondoc.Value) {
		r.members = append(r.members, member{jsondoc.Unescape(name), m})
	})
	ms := r.members[base:]
	slices.SortStableFunc(ms, func(a, b member) int { return bytes.Compare(a.key, b.key) })
	dst = append(dst, '{')
	n := 0
	for i, m := range ms {
		if i+1 < len(ms) && bytes.Equal(ms[i+1].key, m.key) {
			continue // a later value of the same key replaces this one
		}
		if !plainJSON(m.key) {
			return dst, false
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = append(append(append(dst, '"'), m.key...), '"', ':')
		var ok bool
		if dst, ok = r.appendCanonical(dst, m.value); !ok {
			return dst, false
		}
	}
	return append(dst, '}'), true
}

// plainJSON reports whether json.Marshal writes the text s (a decoded key,
// or the inside of a string with no escapes) as it is: no quote, backslash
// or control character, valid UTF-8, and neither U+2028 nor U+2029, which
// it escapes.
func plainJSON(s []byte) bool {
	for _, c := range s {
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return utf8.Valid(s) && !hasLineSeparator(s)
}
