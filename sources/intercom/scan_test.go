package intercom

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model/jsondoc"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestFieldsAreTheReference: the fields read are those the reference
// reads, by the same names, in any case.
func TestFieldsAreTheReference(t *testing.T) {
	t.Parallel()
	check := func(ref any, fs *jsondoc.Fields, n int) {
		typ := reflect.TypeOf(ref).Elem()
		var members []string
		for i := range typ.NumField() {
			members = append(members, fmt.Sprintf(`"%s":%d`, strings.ToUpper(typ.Field(i).Tag.Get("json")), i))
		}
		raw := []byte("{" + strings.Join(members, ",") + `,"unknown":-1}`)
		if err := json.Unmarshal(raw, ref); err != nil {
			t.Fatal(err)
		}
		var d jsondoc.Doc
		d.Parse(raw)
		got := make([]jsondoc.Value, n)
		d.Fields(d.Root(), fs, got)
		var read []string
		for _, v := range got {
			read = append(read, string(d.Raw(v)))
		}
		var want []string
		for i := range typ.NumField() {
			want = append(want, string(reflect.ValueOf(ref).Elem().Field(i).Bytes()))
		}
		slices.Sort(read)
		slices.Sort(want)
		if !slices.Equal(read, want) {
			t.Errorf("%s: fields read %q, the reference's %q", typ.Name(), read, want)
		}
	}
	check(new(refEnvelope), envelopeFields, nEnvelope)
	check(new(refWireEntry), entryFields, nFields)
	check(new(refWireAdmin), byFields, nBy)
}

// TestScanAsReferenceOnEmulatorPages: on the emulator's pages, as sent and
// indented, the scanning decoder gives what the reference gives.
func TestScanAsReferenceOnEmulatorPages(t *testing.T) {
	t.Parallel()
	s := New(Config{Common: transport.Common{BaseURL: DefaultBaseURL}, Token: "t"})
	for seed := range int64(3) {
		em := intercomemu.New(intercomemu.Options{Token: "t", Now: seedNow, Events: 400, Seed: seed})
		entries := em.Entries()
		body := []byte(`{"type":"activity_log.list","activity_logs":[` + sourcetest.JoinJSON(t, entries) +
			`],"pages":{"type":"pages","next":"https://api.intercom.io/admins/activity_logs?page=2","page":1,"per_page":400,"total_pages":2}}`)
		var indented bytes.Buffer
		_ = json.Indent(&indented, body, "", "  ")
		for _, body := range [][]byte{body, indented.Bytes()} {
			got, err := s.decodeResponse(200, nil, body, false)
			want, wantErr := s.refDecodeResponse(200, nil, body, false)
			if err != nil || wantErr != nil || len(got.events) != len(entries) {
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
