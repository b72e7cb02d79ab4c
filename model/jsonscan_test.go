package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

func TestObjectMembers(t *testing.T) {
	t.Parallel()
	raw := `  { "id": 513, "user" : "a\"b", "nested": {"x": [1, {"y": "}"}]}, "list": [ "]", null ], "n": null, "t": true, "e\u0041sc": -1.5e3 }`
	got := map[string]string{}
	var order []string
	if err := ObjectMembers([]byte(raw), func(k string, v []byte) {
		got[k] = string(v)
		order = append(order, k)
	}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"id": "513", "user": `"a\"b"`, "nested": `{"x": [1, {"y": "}"}]}`, "list": `[ "]", null ]`, "n": "null", "t": "true", "eAsc": "-1.5e3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	if order[0] != "id" || order[len(order)-1] != "eAsc" {
		t.Errorf("order %v", order)
	}
	for _, bad := range []string{`[1]`, `"s"`, `null`, ``} {
		if err := ObjectMembers([]byte(bad), func(string, []byte) {}); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

func FuzzObjectMembers(f *testing.F) {
	f.Add(`{"a":1,"b":{"c":[1,2,"x"]},"d":"e\"f"}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, raw string) {
		var std map[string]json.RawMessage
		if json.Unmarshal([]byte(raw), &std) != nil || std == nil {
			return // only valid objects are promised anything
		}
		got := map[string]string{}
		if err := ObjectMembers([]byte(raw), func(k string, v []byte) { got[k] = string(v) }); err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		for k, v := range std {
			var a, b bytes.Buffer
			_ = json.Compact(&a, v)
			if err := json.Compact(&b, []byte(got[k])); err != nil || a.String() != b.String() {
				t.Fatalf("%q: member %q is %q, want %s", raw, k, got[k], v)
			}
		}
	})
}

func TestArrayElements(t *testing.T) {
	t.Parallel()
	var got []string
	if err := ArrayElements([]byte(` [ 1, "a,]", {"b": [2, "]"]}, null , [] ] `), func(e []byte) { got = append(got, string(e)) }); err != nil {
		t.Fatal(err)
	}
	want := []string{"1", `"a,]"`, `{"b": [2, "]"]}`, "null", "[]"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, bad := range []string{`{}`, `1`, ``, `[1,`} {
		if err := ArrayElements([]byte(bad), func([]byte) {}); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

func FuzzArrayElements(f *testing.F) {
	f.Add(`[1,"x",{"a":[1,2]},null]`)
	f.Fuzz(func(t *testing.T, raw string) {
		var std []json.RawMessage
		if json.Unmarshal([]byte(raw), &std) != nil || std == nil {
			return
		}
		var got [][]byte
		if err := ArrayElements([]byte(raw), func(e []byte) { got = append(got, e) }); err != nil || len(got) != len(std) {
			t.Fatalf("%q: %d elements, %v; want %d", raw, len(got), err, len(std))
		}
		for i := range std {
			// Compact rather than decode: a number too large for a float64 is
			// valid JSON that json.Unmarshal into any refuses.
			var a, b bytes.Buffer
			_ = json.Compact(&a, std[i])
			if json.Compact(&b, got[i]) != nil || a.String() != b.String() {
				t.Fatalf("%q: element %d is %q, want %s", raw, i, got[i], std[i])
			}
		}
	})
}

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
