package jsondoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// The errors of Text, worded as model.JSONText words them: decoders put
// them after a field's name in an entry's summary ("user is an object, not
// text").
var (
	errObject  = errors.New("is an object, not text")
	errList    = errors.New("is a list, not text")
	errNotText = errors.New("is not valid text")
)

// Text reads a JSON value as model.JSONText does, leniently, for fields
// whose type a provider does not keep to: a string as its text, a number or
// boolean as written, null or absent as nothing, and an object or a list as
// an error saying so. For nearly every value (a string without escapes, a
// number) the text is a part of raw itself, not a copy.
func Text(raw []byte) ([]byte, error) {
	v := bytes.TrimSpace(raw)
	if len(v) == 0 || string(v) == "null" {
		return nil, nil
	}
	switch v[0] {
	case '"':
		if len(v) >= 2 && v[len(v)-1] == '"' && isPlain(v[1:len(v)-1]) {
			return v[1 : len(v)-1], nil
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			return nil, errNotText
		}
		return []byte(s), nil
	case '{':
		return nil, errObject
	case '[':
		return nil, errList
	}
	return v, nil
}

// text is Text for v, a value of a Doc: no spaces around it, and a valid
// string if it is one, which reads as its own bytes unless it holds a
// backslash or bytes that are not UTF-8.
func text(v []byte) ([]byte, error) {
	if len(v) == 0 {
		return nil, nil
	}
	switch v[0] {
	case '"':
		if s := v[1 : len(v)-1]; bytes.IndexByte(s, '\\') < 0 && utf8.Valid(s) {
			return s, nil
		}
		return Text(v)
	case 'n': // null
		return nil, nil
	case '{':
		return nil, errObject
	case '[':
		return nil, errList
	}
	return v, nil
}

// Texts reads the texts of several values into one string, of which each
// text is a part: one allocation for all the texts of an entry rather than
// one for each. Its buffers are kept from one entry to the next.
type Texts struct {
	all   string
	buf   []byte
	ends  []int  // where each text ends in all
	kinds []byte // the first byte of each value, which tells its error
}

// Read reads the texts of vs, values of d, for Text to give.
func (t *Texts) Read(d *Doc, vs []Value) {
	buf, ends, kinds := t.buf[:0], t.ends[:0], t.kinds[:0]
	for _, v := range vs {
		s, _ := text(d.Raw(v)) // the error follows from the kind
		buf = append(buf, s...)
		ends = append(ends, len(buf))
		kinds = append(kinds, d.Kind(v))
	}
	t.all, t.buf, t.ends, t.kinds = string(buf), buf, ends, kinds
}

// Text is the text of the i-th value Read read, and the error the function
// Text gives for it.
func (t *Texts) Text(i int) (string, error) {
	start := 0
	if i > 0 {
		start = t.ends[i-1]
	}
	switch t.kinds[i] {
	case '{':
		return "", errObject
	case '[':
		return "", errList
	}
	return t.all[start:t.ends[i]], nil
}
