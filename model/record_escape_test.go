package model

import (
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile holds every kind of character that must not reach a terminal raw:
// C1 controls (CSI U+009B, NEL U+0085), DEL, a bidi override, zero-width
// and tag characters, a line separator, and a byte that is not UTF-8.
const hostile = "a\u009b31mb\u0085c\x7fd\u202ee\u200bf\u2066g\U000E0041h\u2028i"

// TestRecordJSONLEscapesInvisible: JSONL written anywhere (a terminal
// included) is valid UTF-8 whose C0, C1, DEL, bidi and zero-width
// characters are \uXXXX escapes, in the normalized fields and in raw alike,
// and it still decodes to the same values (issue 16.12).
func TestRecordJSONLEscapesInvisible(t *testing.T) {
	t.Parallel()
	raw := `{"user":"` + hostile + `","nested":{"k` + hostile + `":[1,"` + hostile + `"]}}`
	e := Event{ID: "1", Actor: hostile, Summary: "x\x1b[2Jy" + hostile, Raw: []byte(raw)}
	line, err := NewRecord("s", "p", &e).AppendJSONL(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(line) {
		t.Fatalf("not UTF-8: %q", line)
	}
	body := strings.TrimSuffix(string(line), "\n")
	for i, r := range body {
		if r < 0x20 || r == 0x7f || unsafeRune(r) {
			t.Fatalf("raw %U at byte %d of %q", r, i, body)
		}
	}
	var got struct {
		Actor, Summary string
		Raw            json.RawMessage
	}
	if err := json.Unmarshal(line, &got); err != nil {
		t.Fatal(err)
	}
	if got.Actor != hostile || got.Summary != e.Summary {
		t.Errorf("fields changed: %q, %q", got.Actor, got.Summary)
	}
	var want, back any
	_ = json.Unmarshal([]byte(raw), &want)
	if err := json.Unmarshal(got.Raw, &back); err != nil || !reflect.DeepEqual(want, back) {
		t.Errorf("raw is not equivalent JSON: %s (%v)", got.Raw, err)
	}
	if !strings.Contains(body, `\u009b`) || !strings.Contains(body, `\u202e`) || !strings.Contains(body, `\udb40\udc41`) {
		t.Errorf("escapes missing: %s", body)
	}
}

// TestRecordJSONLInvalidUTF8: a byte that is not UTF-8 in raw becomes
// U+FFFD, so the line is valid UTF-8 whatever the provider sent.
func TestRecordJSONLInvalidUTF8(t *testing.T) {
	t.Parallel()
	e := Event{ID: "1", Raw: []byte("{\"u\":\"a\xffb\xc3\"}")}
	line, err := NewRecord("s", "p", &e).AppendJSONL(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(line) || !json.Valid(line) {
		t.Fatalf("line not valid: %q", line)
	}
}

// TestRecordCSVEscapesInvisible: CSV cells carry the screen's visible
// escapes.
func TestRecordCSVEscapesInvisible(t *testing.T) {
	t.Parallel()
	e := Event{ID: "1", Actor: hostile, Summary: "=x" + hostile}
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(NewRecord("s", "p", &e).CSVRow())
	w.Flush()
	for _, r := range b.String() {
		if r != '\n' && r != '\r' && (r < 0x20 || r == 0x7f || unsafeRune(r)) {
			t.Fatalf("raw %U in CSV %q", r, b.String())
		}
	}
	if !strings.Contains(b.String(), `\u202e`) || !strings.Contains(b.String(), `'=x`) {
		t.Errorf("CSV = %q", b.String())
	}
}

// FuzzAppendJSONEscaped: for any valid JSON, the escaped text is valid
// UTF-8 and JSON, holds no character Sanitize would escape, and decodes to
// the same value.
func FuzzAppendJSONEscaped(f *testing.F) {
	f.Add([]byte(`{"a":"` + hostile + `"}`))
	f.Add([]byte("[\"\xff\",1.5e3,null,{\"\u202e\":true}]"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if !json.Valid(src) {
			return
		}
		out := AppendJSONEscaped(nil, src)
		if !utf8.Valid(out) || !json.Valid(out) {
			t.Fatalf("invalid output %q from %q", out, src)
		}
		for _, r := range string(out) {
			if r != '\n' && r != '\r' && r != '\t' && unsafeRune(r) {
				t.Fatalf("raw %U in %q", r, out)
			}
		}
		var a, b any
		_ = json.Unmarshal(src, &a)
		if err := json.Unmarshal(out, &b); err != nil || !reflect.DeepEqual(a, b) {
			t.Fatalf("%q decodes to %v, escaped %q to %v (%v)", src, a, out, b, err)
		}
	})
}
