package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

func TestJSONText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{`"a\"b"`: `a"b`, `12`: "12", `true`: "true", `null`: "", ``: "", ` "x" `: "x"} {
		if got, err := JSONText([]byte(in)); err != nil || got != want {
			t.Errorf("JSONText(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{`{}`, `[1]`, `"unterminated`} {
		if _, err := JSONText([]byte(in)); err == nil {
			t.Errorf("JSONText(%q): want an error", in)
		}
	}
}

// FuzzJSONTextMatchesUnmarshal holds JSONText, and its shortcut for plain
// strings, to the same reading done with json.Unmarshal alone: the one
// reference the providers' decoders are checked against, through JSONText.
func FuzzJSONTextMatchesUnmarshal(f *testing.F) {
	for _, s := range []string{`"plain"`, `"esc\"aped"`, `"\u00e9\ud800"`, "\"\xff\"", `12.5e3`, `true`, `null`, ` null `, ``, `{}`, `[1]`, `"unterminated`, `"a\u0000b"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		want, wantErr := unmarshalText(raw)
		got, err := JSONText(raw)
		if got != want || (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
			t.Fatalf("JSONText(%q) = %q, %v; json.Unmarshal reads %q, %v", raw, got, err, want, wantErr)
		}
	})
}

// unmarshalText is JSONText written with json.Unmarshal alone.
func unmarshalText(raw []byte) (string, error) {
	v := bytes.TrimSpace(raw)
	if len(v) == 0 || string(v) == "null" {
		return "", nil
	}
	switch v[0] {
	case '"':
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

// TestJSONInt: a positive whole number as a number or as text is read; a
// fraction, a negative, zero, an overflow or anything not a number is 0.
func TestJSONInt(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{
		`3`: 3, `"12"`: 12, `" 7 "`: 7, `2.0`: 2, `1e3`: 1000, `"4e1"`: 40,
		`0`: 0, `-5`: 0, `1.5`: 0, `1e400`: 0, `3e9`: 0, `"x"`: 0, `null`: 0, ``: 0, `{}`: 0, `[1]`: 0, `true`: 0,
	} {
		if got := JSONInt([]byte(in)); got != want {
			t.Errorf("JSONInt(%q) = %d, want %d", in, got, want)
		}
	}
}
