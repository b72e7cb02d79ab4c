package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestCleanJSON(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"a":1}`, `{"a":1}`}, // clean: as it was
		{`{"a": 1, "b": [true, null]}`, `{"a": 1, "b": [true, null]}`},
		{"{\n  \"a\": 1\n}\n", `{"a":1}`},
		{`{"raw JSON":"\u001b[201~echo PASTEJACK\r"}`, `{"raw JSON":"\u001b[201~echo PASTEJACK\r"}`},
		{"{\"k\":\"a\u009bb\u202ec\u200bd\ufeffe\x7ff\"}", `{"k":"a\u009bb\u202ec\u200bd\ufeffe\u007ff"}`},
		{"[\"\xff\"]", `["\ufffd"]`},
		{"[\"\U000e0041\"]", `["\udb40\udc41"]`}, // a tag character, as a surrogate pair
		{"{\"\u2066key\u2069\":0}", `{"\u2066key\u2069":0}`},
	} {
		got, ok := CleanJSON([]byte(c.in))
		if !ok || string(got) != c.want {
			t.Errorf("CleanJSON(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
		if !IsClean(string(got)) {
			t.Errorf("CleanJSON(%q) left a character Sanitize escapes: %q", c.in, got)
		}
	}
	for _, bad := range []string{"", "{", `{"a":1}x`, "not json", "\x1b[201~"} {
		if _, ok := CleanJSON([]byte(bad)); ok {
			t.Errorf("CleanJSON(%q) took it for JSON", bad)
		}
	}
}

// FuzzCleanJSON checks that a cleaned value holds nothing Sanitize would
// escape and reads back as the same value.
func FuzzCleanJSON(f *testing.F) {
	for _, s := range []string{`{"raw JSON":"\u001b[201~echo PASTEJACK\r"}`, "{\"a\":\"\u009b\u202e\"}", "[1,\n2]", "\"\xff\"", `{"a":{"b":[1,2,{"c":"\u2066"}]}}`, "1E700"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, ok := CleanJSON(raw)
		if ok != json.Valid(raw) {
			t.Fatalf("ok = %v for %q", ok, raw)
		}
		if !ok {
			return
		}
		if !IsClean(string(got)) || strings.ContainsAny(string(got), "\n\r\t") {
			t.Fatalf("CleanJSON(%q) = %q: not clean", raw, got)
		}
		// Numbers are read as their text: a valid one like 1E700 does not
		// fit a float64, and CleanJSON keeps numbers as written.
		read := func(data []byte) (v any, err error) {
			d := json.NewDecoder(bytes.NewReader(data))
			d.UseNumber()
			err = d.Decode(&v)
			return v, err
		}
		a, err := read(raw)
		if err != nil {
			t.Fatal(err)
		}
		b, err := read(got)
		if err != nil {
			t.Fatalf("CleanJSON(%q) = %q: %v", raw, got, err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("CleanJSON(%q) = %q: reads as %#v, not %#v", raw, got, b, a)
		}
	})
}
