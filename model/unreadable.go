package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// IsJSONNull reports whether raw is JSON null or nothing at all, spaces
// aside: an absent field, for the decoders.
func IsJSONNull(raw []byte) bool {
	v := bytes.TrimSpace(raw)
	return len(v) == 0 || string(v) == "null"
}

// Unreadable is the event for raw, an entry that is null, not JSON, or not a
// JSON object: kept with its raw bytes, and a summary saying which ("could
// not read this entry: it is a JSON string, not an object"). what names the
// entry as its provider does ("entry", "event").
func Unreadable(raw []byte, what string) Event {
	e := Event{Raw: raw}
	if IsJSONNull(raw) {
		e.Summary = "could not read this " + what + ": it is empty (null)"
		return e
	}
	var probe struct{}
	if err := json.Unmarshal(raw, &probe); err != nil {
		e.Summary = "could not read this " + what + ": " + DescribeDecodeError(err)
	}
	return e
}

// DescribeDecodeError says in words why json.Unmarshal could not read an
// entry into an object: "it is a JSON string, not an object", or the error
// itself, clipped.
func DescribeDecodeError(err error) string {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		return fmt.Sprintf("it is a JSON %s, not an object", ute.Value)
	}
	return Clip(err.Error(), 120)
}

// Clip shortens s to at most n bytes on a rune boundary, marking the cut.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
