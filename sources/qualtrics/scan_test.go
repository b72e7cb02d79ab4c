package qualtrics

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/transport"
)

// compactWalk writes v of d again, member by member and element by
// element, the way the scanning decoder reaches them: for a valid text it
// must give what json.Compact gives.
func compactWalk(d *doc, v value, out *bytes.Buffer) {
	switch d.first(v) {
	case '{':
		out.WriteByte('{')
		n := 0
		d.members(v, func(name []byte, m value) {
			if n > 0 {
				out.WriteByte(',')
			}
			n++
			out.WriteByte('"')
			out.Write(name)
			out.WriteString(`":`)
			compactWalk(d, m, out)
		})
		out.WriteByte('}')
	case '[':
		out.WriteByte('[')
		n := 0
		d.elements(v, func(e value) {
			if n > 0 {
				out.WriteByte(',')
			}
			n++
			compactWalk(d, e, out)
		})
		out.WriteByte(']')
	default:
		out.Write(d.raw(v))
	}
}

// FuzzParseMatchesValid: parse accepts exactly what json.Valid accepts, and
// for a valid text the extents it notes lead to every member and element:
// walking them gives json.Compact's text.
// go test ./sources/qualtrics -run '^$' -fuzz FuzzParseMatchesValid -fuzztime 1m
func FuzzParseMatchesValid(f *testing.F) {
	for _, s := range []string{
		seedElement, `{}`, `[]`, ` [ ] `, `{"a":[1,{"b":null}],"c":{}}`, `"x"`, `-0.5e+3`, `0`, `01`, `1.`, `.5`, `-`, `1e`, `1E-7`,
		`true`, `tru`, `truex`, `nul`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `[1 2]`, `"\u00e9\"\\\/\b\f\n\r\t"`, `"\x"`, `"\u12"`,
		`"\ud800"`, "\"\x01\"", "\"\xff\xfe\"", "\"a\tb\"", `{"a":1}}`, `[[[]]]`, `[{"a":"b"},[],{}]`, "\t\n\r {}", "{}\v", "",
		`{"k":"12345678\"9abcdef\\"}`, `"12345678901234567890123456789\"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d doc
		ok := d.parse(b)
		if want := json.Valid(b); ok != want {
			t.Fatalf("parse(%q) = %v, json.Valid %v", b, ok, want)
		}
		if !ok {
			return
		}
		var want, got bytes.Buffer
		if err := json.Compact(&want, b); err != nil {
			t.Fatal(err)
		}
		compactWalk(&d, d.root(), &got)
		if got.String() != want.String() {
			t.Fatalf("%q walks as %q, compact %q", b, got.Bytes(), want.Bytes())
		}
	})
}

// TestParseDepth: nesting as deep as json.Valid takes, and no deeper.
func TestParseDepth(t *testing.T) {
	t.Parallel()
	for _, n := range []int{maxDepth - 1, maxDepth, maxDepth + 1} {
		for _, open := range []string{"[", `{"a":`} {
			close := "]"
			if open != "[" {
				close = "}"
			}
			b := []byte(strings.Repeat(open, n) + "1" + strings.Repeat(close, n))
			var d doc
			if got, want := d.parse(b), json.Valid(b); got != want {
				t.Errorf("%d deep %q: parse %v, json.Valid %v", n, open, got, want)
			}
		}
	}
}

// TestFieldSets: each field set finds a member as json.Unmarshal does for a
// struct of json.RawMessage fields with those names, whatever the case,
// escapes or folding, and nothing else.
func TestFieldSets(t *testing.T) {
	t.Parallel()
	for _, fs := range []*fieldSet{envelopeFields, resultFields, elementFields, descriptorFields, locationFields, platformFields, authFields} {
		var fields []reflect.StructField
		for i, n := range fs.names {
			fields = append(fields, reflect.StructField{
				Name: "F" + strings.Repeat("x", i), Type: reflect.TypeFor[json.RawMessage](), Tag: reflect.StructTag(`json:"` + n + `"`),
			})
		}
		typ := reflect.StructOf(fields)
		var keys []string
		for _, n := range fs.names {
			keys = append(keys, n, strings.ToUpper(n), strings.ToLower(n), n+"x", n[1:], strings.ReplaceAll(n, "s", "ſ"),
				strings.ReplaceAll(strings.ToLower(n), "k", "\u212a"), `\u00`+hex2(n[0])+n[1:], `\u00`+hex2(n[0]|0x20)+strings.ToUpper(n[1:]),
				n[:1]+`\"`+n[1:], n+"\xff", n[:len(n)-1]+`\u017f`, n[:1]+"\xff"+n[2:])
		}
		for _, key := range keys {
			raw := []byte(`{"` + key + `":1}`)
			if !json.Valid(raw) {
				continue
			}
			v := reflect.New(typ)
			if err := json.Unmarshal(raw, v.Interface()); err != nil {
				t.Fatal(err)
			}
			want := -1
			for i := range fs.names {
				if len(v.Elem().Field(i).Bytes()) > 0 {
					want = i
				}
			}
			var d doc
			d.parse(raw)
			dst := make([]value, len(fs.names))
			d.fields(d.root(), fs, dst)
			got := -1
			for i := range dst {
				if dst[i].end > 0 {
					got = i
				}
			}
			if got != want {
				t.Errorf("%v: key %q fills %d, json.Unmarshal %d", fs.names, key, got, want)
			}
		}
	}
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// TestParseTime: the shortcut for RFC 3339 in UTC gives what
// model.ParseJSONTime gives, error or time, at the edges of its form too.
func TestParseTime(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"2020-11-13T19:13:40.793Z", "2020-11-13T19:13:40Z", "2020-11-13T19:13:40.Z", "2020-11-13T19:13:40.1234567891234Z",
		"2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2020-13-01T00:00:00Z", "2020-00-01T00:00:00Z", "2020-01-32T00:00:00Z",
		"2020-01-01T24:00:00Z", "2020-01-01T23:60:00Z", "2020-01-01T23:59:60Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
		"2020-11-13t19:13:40Z", "2020-11-13T19:13:40z", "2020-11-13 19:13:40Z", "2020-11-13T19:13:40+00:00", "2020-11-13T19:13:40.5+01:00",
		" 2020-11-13T19:13:40Z", "2020-11-13T19:13:40Z ", "2020-11-13T1:13:40Z", "2020-11-13T19:13:40,5Z", "+020-11-13T19:13:40Z",
	} {
		for _, raw := range []string{`"` + s + `"`, `  "` + s + `"`} {
			got, err := parseTime(json.RawMessage(raw))
			want, wantErr := model.ParseJSONTime(json.RawMessage(raw))
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(err, wantErr) {
				t.Errorf("%s: %v, %v; ParseJSONTime %v, %v", raw, got, err, want, wantErr)
			}
		}
	}
}

// TestScanAsReferenceOnEmulatorPages: on the emulator's pages of every
// activity type, as sent and indented, the scanning decoder gives what the
// reference gives.
func TestScanAsReferenceOnEmulatorPages(t *testing.T) {
	t.Parallel()
	s := New(Config{BaseURL: "https://iad1.qualtrics.com/API/v3", Token: "t"})
	for seed := range int64(2) {
		em := NewEmulator(EmulatorOptions{Now: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), Events: 600, Seed: seed})
		byType := map[string][][]byte{}
		for _, e := range em.Entries() {
			raw, err := e.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			byType[e.Type] = append(byType[e.Type], raw)
		}
		if len(byType) < 5 {
			t.Fatalf("seed %d: only %d activity types", seed, len(byType))
		}
		for typ, raws := range byType {
			body := []byte(`{"result":{"elements":[` + string(bytes.Join(raws, []byte(","))) + `],"nextPage":"tok~~"},"meta":{"httpStatus":"200 - OK","requestId":"r"}}`)
			var indented bytes.Buffer
			_ = json.Indent(&indented, body, "", "  ")
			for _, body := range [][]byte{body, indented.Bytes()} {
				resp := &transport.Response{Status: 200, Body: body}
				got, err := s.decodeLogs(resp, typ, false)
				want, wantErr := s.refDecodeLogs(resp, typ, false)
				if err != nil || wantErr != nil || len(got.events) != len(raws) {
					t.Fatalf("seed %d, %s: %d events, %v; the reference %v", seed, typ, len(got.events), err, wantErr)
				}
				for i := range got.events {
					if !reflect.DeepEqual(got.events[i], want.events[i]) {
						t.Fatalf("seed %d, %s: event %d\n%+v\nthe reference\n%+v", seed, typ, i, got.events[i], want.events[i])
					}
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("seed %d, %s: page %+v, the reference %+v", seed, typ, got, want)
				}
			}
		}
	}
}

// TestRawIsACopy: an event's bytes are its own, not the response body's,
// and appending to one leaves the next as it was.
func TestRawIsACopy(t *testing.T) {
	t.Parallel()
	body := []byte(`{"result":{"elements":[{"id":"a"},{"id":"b"}]}}`)
	page, err := New(Config{BaseURL: "https://iad1.qualtrics.com/API/v3", Token: "t"}).decodeLogs(&transport.Response{Status: 200, Body: body}, "logins", false)
	if err != nil || len(page.events) != 2 {
		t.Fatalf("%+v, %v", page, err)
	}
	for i := range body {
		body[i] = 'x'
	}
	_ = append(page.events[0].Raw, "!!!!!!!!!!"...)
	if string(page.events[0].Raw) != `{"id":"a"}` || string(page.events[1].Raw) != `{"id":"b"}` {
		t.Errorf("raw %q and %q", page.events[0].Raw, page.events[1].Raw)
	}
}
