package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
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

// JSONInt reads a positive whole number sent as a number or numeric string,
// as providers send page numbers, counts and lifetimes; anything else is 0,
// which the callers read as unknown.
func JSONInt(raw []byte) int {
	s, err := JSONText(raw)
	if err != nil {
		return 0
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 1<<31 && f == float64(int(f)) {
		return int(f)
	}
	return 0
}
