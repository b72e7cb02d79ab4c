package jsondoc

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/trail-dev/trail/model"
)

// FuzzTextMatchesJSONText: Text reads any bytes as model.JSONText does,
// text and error; on a valid text, every value of it too, every member name
// unescapes as json.Unmarshal reads it, and Texts gives each value's text.
// go test ./model/jsondoc -run '^$' -fuzz FuzzTextMatchesJSONText -fuzztime 1m
func FuzzTextMatchesJSONText(f *testing.F) {
	for _, s := range []string{
		`{"a":"x","b":12,"c":null,"d":true,"e":{},"f":[1],"g":"caf\u00e9 \"q\"","h":"\ud800","i":-0.5e3}`,
		`"plain"`, ` "spaced" `, `"a\"b`, `"unterminated`, `null`, ``, `  `, `nul`, `{`, `[`, `tru`, "\"\xff\"", "\"\x01\"",
		`{"k\u0041":"\u2028","\"":"\/","\xff":1}`, `["12345678901234567890", "\\"]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(raw []byte) {
			got, err := Text(raw)
			want, wantErr := model.JSONText(raw)
			if string(got) != want || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Fatalf("Text(%q) = %q, %v; model.JSONText %q, %v", raw, got, err, want, wantErr)
			}
		}
		check(b)
		var d Doc
		if !d.Parse(b) {
			return
		}
		var vs []Value
		var walk func(v Value)
		walk = func(v Value) {
			vs = append(vs, v)
			check(d.Raw(v))
			switch d.Kind(v) {
			case '{':
				d.Members(v, func(name []byte, m Value) {
					var want string
					if err := json.Unmarshal([]byte(`"`+string(name)+`"`), &want); err != nil {
						t.Fatal(err)
					}
					if got := Unescape(name); string(got) != want {
						t.Fatalf("name %q unescapes as %q, json.Unmarshal %q", name, got, want)
					}
					walk(m)
				})
			case '[':
				d.Elements(v, walk)
			case '"':
				raw := d.Raw(v)
				var want string
				_ = json.Unmarshal(raw, &want)
				if got := Unescape(raw[1 : len(raw)-1]); string(got) != want {
					t.Fatalf("string %q unescapes as %q, json.Unmarshal %q", raw, got, want)
				}
			}
		}
		walk(d.Root())
		var tx Texts
		vs = append(vs, Value{})
		tx.Read(&d, vs)
		for i, v := range vs {
			got, err := tx.Text(i)
			want, wantErr := model.JSONText(d.Raw(v))
			if got != want || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Fatalf("Texts: %q reads as %q, %v; model.JSONText %q, %v", d.Raw(v), got, err, want, wantErr)
			}
		}
	})
}
