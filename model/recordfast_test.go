package model

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// FuzzAppendEventJSONL: the one-pass record is the general one, byte for
// byte, whatever the event holds, and fails where it fails.
func FuzzAppendEventJSONL(f *testing.F) {
	for _, raw := range []string{
		`{"a":1}`, ` { "a" : [ 1 , 2.5e-3 , true , null , "x y" ] } `, "{\n\"a\":\t\"\\u00e9\\\"\"\r\n}", `[]`, `{}`, `"s"`,
		`-0.0E+1`, `01`, `1.`, `{"a":1,}`, `[1 2]`, `{"a"}`, `nul`, `"\x"`, `"\u12G4"`, "\"\x7f\"", `"é"`, "\"\x01\"",
		`{"<&>":"</script>"}`, ``, ` `, `null`, strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	} {
		f.Add("prod", "id-1", "summary with \"quotes\" and \\", raw)
	}
	f.Add("", "", "", "")
	f.Add("caf\u00e9", "\x01", "\u202e", `{"a":"\u202e"}`)
	f.Fuzz(func(t *testing.T, source, id, summary, raw string) {
		for _, e := range []Event{
			{ID: id, Summary: summary, Raw: []byte(raw), Time: time.Date(2026, 1, 2, 3, 4, 5, 600, time.FixedZone("x", 3600)), Outcome: OutcomeFailure},
			{Actor: summary, ActorID: id, Client: source, Location: summary, Raw: []byte(raw), Source: source, Provider: id},
		} {
			want, werr := NewRecord(source, "canary", &e).AppendJSONL([]byte("prefix"))
			got, gerr := AppendEventJSONL([]byte("prefix"), source, "canary", &e)
			if (werr == nil) != (gerr == nil) || !bytes.Equal(got, want) {
				t.Fatalf("%+v:\n got %q (%v)\nwant %q (%v)", e, got, gerr, want, werr)
			}
		}
	})
}

// TestCompactASCIIIsValidAndCompact: where it says yes, the input is valid
// JSON and the output is json.Compact's; it says no to anything invalid.
func TestCompactASCIIIsValidAndCompact(t *testing.T) {
	for _, s := range []string{
		`{"a":1}`, ` { "a" : [ 1 , 2.5e-3 , true , null , "x y" ] } `, `01`, `1.`, `1e`, `-`, `-01`, `[1,]`, `{,}`,
		`{"a":1 "b":2}`, `"\ud800"`, `"\/"`, `truex`, `[true false]`, `{"a":{"b":[{}]}}`, `0.5`, `-0`, `1E+9`,
		"\"\t\"", `"`, `{"a":`, `[`, `]`, `{"a" : 1}`, "[ \n]",
	} {
		got, ok := appendCompactASCII(nil, []byte(s))
		if ok != json.Valid([]byte(s)) {
			t.Errorf("%q: ok = %v, json.Valid says %v", s, ok, !ok)
			continue
		}
		if ok {
			var want bytes.Buffer
			_ = json.Compact(&want, []byte(s))
			if string(got) != want.String() {
				t.Errorf("%q: %q, json.Compact gives %q", s, got, want.String())
			}
		}
	}
}

func TestPlainASCIIIsTheByteLoop(t *testing.T) {
	ref := func(b []byte) bool {
		for _, c := range b {
			if c < 0x20 || c > 0x7e || c == '\\' {
				return false
			}
		}
		return true
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, r.IntN(100))
		for i := range b {
			b[i] = byte(0x20 + r.IntN(0x5f))
		}
		if len(b) > 0 && r.IntN(2) == 0 {
			b[r.IntN(len(b))] = byte(r.IntN(256))
		}
		if PlainASCII(b) != ref(b) {
			t.Fatalf("PlainASCII(%q) = %v", b, !ref(b))
		}
	}
}
