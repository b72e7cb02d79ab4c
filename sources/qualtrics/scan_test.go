package qualtrics

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/transport"
)

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
	s := New(Config{Common: transport.Common{BaseURL: "https://iad1.qualtrics.com/API/v3"}, Token: "t"})
	for seed := range int64(2) {
		em := qualtricsemu.New(qualtricsemu.Options{Now: seedNow, Events: 600, Seed: seed})
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
	page, err := New(Config{Common: transport.Common{BaseURL: "https://iad1.qualtrics.com/API/v3"}, Token: "t"}).decodeLogs(&transport.Response{Status: 200, Body: body}, "logins", false)
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
