package model

import (
	"bytes"
	"encoding/json"
	"errors"
)

// JSONText reads a JSON value as text, leniently, for decoders of fields
// whose type a provider does not keep to: a string as itself, a number or
// boolean as written, null or absent as "". An object or a list is an error
// saying so. (jsondoc.Text reads a value the same way, without a copy.)
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
