package model

import "testing"

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
