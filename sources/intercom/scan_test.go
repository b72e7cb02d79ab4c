package intercom

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestFieldNames: each field is found by its json name, in any case, as
// json.Unmarshal finds it, and the names listed are the tags.
func TestFieldNames(t *testing.T) {
	t.Parallel()
	check := func(v any, names []string, field func(string) *json.RawMessage) {
		rv := reflect.ValueOf(v).Elem()
		if rv.NumField() != len(names) {
			t.Fatalf("%T: %d fields, %d names", v, rv.NumField(), len(names))
		}
		for i := range rv.NumField() {
			tag := rv.Type().Field(i).Tag.Get("json")
			if names[i] != tag {
				t.Errorf("%T: name %d is %q, the tag %q", v, i, names[i], tag)
			}
			want := rv.Field(i).Addr().Interface().(*json.RawMessage)
			for _, key := range []string{tag, strings.ToUpper(tag), strings.ReplaceAll(strings.ToUpper(tag), "S", "ſ")} {
				if got := field(key); got != want {
					t.Errorf("%T: %q is not field %s", v, key, rv.Type().Field(i).Name)
				}
			}
		}
		if field("unknown") != nil || field(names[0]+" ") != nil {
			t.Errorf("%T: an unknown key found a field", v)
		}
	}
	var w wireEntry
	check(&w, wireEntryNames[:], w.field)
	var by wireAdmin
	check(&by, wireAdminNames[:], by.field)
	var env envelope
	check(&env, envelopeNames[:], env.field)
}

// TestScanAsReferenceOnEmulatorPages: on the emulator's pages, as sent and
// indented, the scanning decoder gives what the reference gives.
func TestScanAsReferenceOnEmulatorPages(t *testing.T) {
	t.Parallel()
	s := New(Config{BaseURL: DefaultBaseURL, Token: "t"})
	for seed := range int64(3) {
		em := NewEmulator(EmulatorOptions{Token: "t", Now: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), Events: 400, Seed: seed})
		var raws [][]byte
		for _, e := range em.Entries() {
			raw, err := e.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			raws = append(raws, raw)
		}
		body := []byte(`{"type":"activity_log.list","activity_logs":[` + string(bytes.Join(raws, []byte(","))) +
			`],"pages":{"type":"pages","next":"https://api.intercom.io/admins/activity_logs?page=2","page":1,"per_page":400,"total_pages":2}}`)
		var indented bytes.Buffer
		_ = json.Indent(&indented, body, "", "  ")
		for _, body := range [][]byte{body, indented.Bytes()} {
			got, err := s.decodeResponse(200, nil, body, false)
			want, wantErr := s.refDecodeResponse(200, nil, body, false)
			if err != nil || wantErr != nil || len(got.events) != len(raws) {
				t.Fatalf("seed %d: %d events, %v; the reference %v", seed, len(got.events), err, wantErr)
			}
			for i := range got.events {
				if !reflect.DeepEqual(got.events[i], want.events[i]) {
					t.Fatalf("seed %d: event %d\n%+v\nthe reference\n%+v", seed, i, got.events[i], want.events[i])
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("seed %d: page %+v, the reference %+v", seed, got, want)
			}
		}
	}
}
