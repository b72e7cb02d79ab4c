package model

import (
	"bytes"
	"encoding/json"
	"errors"
)

// ObjectMembers calls fn with the key and the raw value of each top-level
// member of the JSON object raw, in order, without decoding the values. It
// is a fast path for decoders: raw must already be known to be valid JSON
// (an element json.Unmarshal put in a json.RawMessage), so it only tracks
// strings and nesting. It returns an error when raw is not an object.
func ObjectMembers(raw []byte, fn func(key string, value []byte)) error {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return errNotObject
	}
	i++
	for {
		i = skipSpace(raw, i)
		if i >= len(raw) {
			return errNotObject
		}
		switch raw[i] {
		case '}':
			return nil
		case ',':
			i++
			continue
		case '"':
		default:
			return errNotObject
		}
		kEnd := endOfJSONString(raw, i)
		key, ok := PlainJSONString(raw[i:kEnd])
		if !ok {
			// A separate variable: &key would move every key to the heap.
			var escaped string
			if err := json.Unmarshal(raw[i:kEnd], &escaped); err != nil {
				return err
			}
			key = escaped
		}
		i = skipSpace(raw, kEnd)
		if i >= len(raw) || raw[i] != ':' {
			return errNotObject
		}
		i = skipSpace(raw, i+1)
		vEnd := endOfJSONValue(raw, i)
		fn(key, raw[i:vEnd])
		i = vEnd
	}
}

var errNotObject = errors.New("not a JSON object")

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// endOfJSONString returns the index just past the string starting at i,
// jumping from quote to quote (bytes.IndexByte is vectorized) and counting
// the backslashes before each to tell an escaped one.
func endOfJSONString(b []byte, i int) int {
	for j := i + 1; j < len(b); {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return len(b)
		}
		q := j + k
		escapes := 0
		for p := q - 1; p > i && b[p] == '\\'; p-- {
			escapes++
		}
		if escapes%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
	return len(b)
}

// endOfJSONValue returns the index just past the value starting at i.
func endOfJSONValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return endOfJSONString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = endOfJSONString(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\r' && b[j] != '\t' {
		j++
	}
	return j
}

// ArrayElements calls fn with each element of the JSON array raw, in order,
// without decoding them. Like ObjectMembers, raw must already be known to be
// valid JSON; it returns an error when raw is not an array.
func ArrayElements(raw []byte, fn func(elem []byte)) error {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return errNotArray
	}
	i++
	for {
		i = skipSpace(raw, i)
		if i >= len(raw) {
			return errNotArray
		}
		switch raw[i] {
		case ']':
			return nil
		case ',':
			i++
			continue
		}
		end := endOfJSONValue(raw, i)
		if end == i {
			return errNotArray
		}
		fn(raw[i:end])
		i = end
	}
}

var errNotArray = errors.New("not a JSON array")

// JSONText reads a JSON value as text, leniently, for decoders of fields
// whose type a provider does not keep to: a string as itself, a number or
// boolean as written, null or absent as "". An object or a list is an error
// saying so.
func JSONText(raw []byte) (string, error) {
	v := bytes.TrimSpace(raw)
	if len(v) == 0 || string(v) == "null" {
		return "", nil
	}
	switch v[0] {
	case '"':
		if s, ok := PlainJSONString(v); ok {
			return s, nil // nearly every string: no escapes to undo
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", errors.New("is not valid text")
		}
		return s, nil
	case '{':
		return "", errors.New("is an object, not text")
	case '[':
		return "", errors.New("is a list, not text")
	}
	return string(v), nil
}
