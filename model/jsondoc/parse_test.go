package jsondoc

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// compactWalk writes v of d again, member by member and element by
// element, the way decoders reach them: for a valid text it must give what
// json.Compact gives.
func compactWalk(d *Doc, v Value, out *bytes.Buffer) {
	switch d.Kind(v) {
	case '{':
		out.WriteByte('{')
		n := 0
		d.Members(v, func(name []byte, m Value) {
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
		d.Elements(v, func(e Value) {
			if n > 0 {
				out.WriteByte(',')
			}
			n++
			compactWalk(d, e, out)
		})
		out.WriteByte(']')
	default:
		out.Write(d.Raw(v))
	}
}

// FuzzParseMatchesValid: Parse accepts exactly what json.Valid accepts, and
// for a valid text the extents it notes lead to every member and element:
// walking them gives json.Compact's text.
// go test ./model/jsondoc -run '^$' -fuzz FuzzParseMatchesValid -fuzztime 1m
func FuzzParseMatchesValid(f *testing.F) {
	for _, s := range []string{
		// Qualtrics' documented login event.
		`{"id":"0ce7eda1-f815-4320-8fa7-fe0e3fd49412","timestamp":"2020-11-13T19:13:40.793Z","datacenter":"ST3","source":"login5-app.g1-iad.qops.net","descriptor":{"userId":"UR_cVcNH0elQesua8J","username":"example@gmail.com","brandId":"apidocs","sessionId":null,"isSuccessful":true,"failureReason":null,"isProxyLogin":false,"proxyDetails":null,"product":"ControlPanel","url":"https://apidocs.st3.qualtrics.com/login?path=%2FControlPanel%2F\u0026product=ControlPanel","ipAddress":"165.225.38.31","location":{"countryCode":"US","region":"NJ","city":"Hoboken","postalCode":"07030","latitude":40.742401123046875,"longitude":-74.03250122070312,"dmaCode":501,"areaCode":201,"metroCode":501},"authentication":{"method":"BASIC","methodVersion":null,"secondFactor":null},"platform":{"userAgent":"Chrome","userAgentVersion":"86.0.4240.198","operatingSystem":"OS X","operatingSystemVersion":"10.15.6","deviceFamily":"Chrome"}}}`,
		`{}`, `[]`, ` [ ] `, `{"a":[1,{"b":null}],"c":{}}`, `"x"`, `-0.5e+3`, `0`, `01`, `1.`, `.5`, `-`, `1e`, `1E-7`,
		`true`, `tru`, `truex`, `nul`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `[1 2]`, `"\u00e9\"\\\/\b\f\n\r\t"`, `"\x"`, `"\u12"`,
		`"\ud800"`, "\"\x01\"", "\"\xff\xfe\"", "\"a\tb\"", `{"a":1}}`, `[[[]]]`, `[{"a":"b"},[],{}]`, "\t\n\r {}", "{}\v", "",
		`{"k":"12345678\"9abcdef\\"}`, `"12345678901234567890123456789\"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Doc
		ok := d.Parse(b)
		if want := json.Valid(b); ok != want {
			t.Fatalf("Parse(%q) = %v, json.Valid %v", b, ok, want)
		}
		if !ok {
			return
		}
		var want, got bytes.Buffer
		if err := json.Compact(&want, b); err != nil {
			t.Fatal(err)
		}
		compactWalk(&d, d.Root(), &got)
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
			var d Doc
			if got, want := d.Parse(b), json.Valid(b); got != want {
				t.Errorf("%d deep %q: Parse %v, json.Valid %v", n, open, got, want)
			}
		}
	}
}

// TestReuse: a Doc from the pool reads a second text as if new, whatever
// the first was.
func TestReuse(t *testing.T) {
	t.Parallel()
	d := Get()
	defer Put(d)
	for _, s := range []string{`[[[{"a":[1,2]}]]]`, `{"x":"y"}`, `[1,`, `[{"b":{}},"c"]`} {
		ok := d.Parse([]byte(s))
		if ok != json.Valid([]byte(s)) {
			t.Fatalf("%s: Parse %v", s, ok)
		}
		if !ok {
			continue
		}
		var got, want bytes.Buffer
		_ = json.Compact(&want, []byte(s))
		compactWalk(d, d.Root(), &got)
		if got.String() != want.String() {
			t.Errorf("%s walks as %s", s, got.String())
		}
	}
}

// TestClone: the copies of a list's elements are their bytes, apart from
// the text, and appending to one leaves the next as it was.
func TestClone(t *testing.T) {
	t.Parallel()
	body := []byte(` [ {"id":"a"} , 1 ,"b"] `)
	var d Doc
	if !d.Parse(body) {
		t.Fatal("not parsed")
	}
	vs := d.List(d.Root())
	raws := d.Clone(vs)
	for i := range body {
		body[i] = 'x'
	}
	_ = append(raws[0], "!!!!!!!!"...)
	if len(raws) != 3 || string(raws[0]) != `{"id":"a"}` || string(raws[1]) != "1" || string(raws[2]) != `"b"` {
		t.Errorf("copies %q", raws)
	}
	if raws := d.Clone(nil); raws == nil || len(raws) != 0 {
		t.Errorf("no values: %#v, want an empty list", raws)
	}
}

// TestKind: the first byte of a value, and 0 for an absent one.
func TestKind(t *testing.T) {
	t.Parallel()
	var d Doc
	if !d.Parse([]byte(`{"o":{},"a":[],"s":"","n":null,"t":true,"f":false,"m":-1,"d":2}`)) {
		t.Fatal("not parsed")
	}
	var got []byte
	d.Members(d.Root(), func(_ []byte, v Value) { got = append(got, d.Kind(v)) })
	if string(got) != `{["ntf-2` {
		t.Errorf("kinds %q", got)
	}
	if k := d.Kind(Value{}); k != 0 || len(d.Raw(Value{})) != 0 {
		t.Errorf("an absent value: kind %q, raw %q", k, d.Raw(Value{}))
	}
}
