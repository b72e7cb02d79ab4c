package domo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/transport"
)

// TestFieldsAreTheReference: the fields read are those the reference
// reads, by the same names, in any case.
func TestFieldsAreTheReference(t *testing.T) {
	t.Parallel()
	var ref refWireEntry
	typ := reflect.TypeOf(ref)
	var members []string
	for i := range typ.NumField() {
		members = append(members, fmt.Sprintf(`"%s":%d`, strings.ToUpper(typ.Field(i).Tag.Get("json")), i))
	}
	raw := []byte("{" + strings.Join(members, ",") + `,"userType":-1}`)
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	var d jsondoc.Doc
	d.Parse(raw)
	var f [nFields]jsondoc.Value
	d.Fields(d.Root(), entryFields, f[:])
	var read, want []string
	for i := range f {
		read = append(read, string(d.Raw(f[i])))
	}
	for i := range typ.NumField() {
		want = append(want, string(reflect.ValueOf(ref).Field(i).Bytes()))
	}
	slices.Sort(read)
	slices.Sort(want)
	if !slices.Equal(read, want) {
		t.Errorf("fields read %q, the reference's %q", read, want)
	}
}

// TestDocsTimeAsParseJSONTime: the shortcut for the docs' time form gives
// what model.ParseJSONTime gives, or leaves the text to it, for dates and
// times in and out of range.
func TestDocsTimeAsParseJSONTime(t *testing.T) {
	t.Parallel()
	n := 0
	for _, year := range []string{"0000", "1900", "2000", "2016", "2017", "9999"} {
		for month := 0; month <= 13; month++ {
			for _, day := range []int{0, 1, 28, 29, 30, 31, 32} {
				for _, hour := range []int{0, 1, 9, 11, 12, 13} {
					for _, ms := range []string{"00:00", "59:59", "60:00", "00:60"} {
						for _, half := range []string{"AM", "PM", "am", "XM"} {
							raw := json.RawMessage(fmt.Sprintf(`"%s-%02d-%02d %02d:%s %s"`, year, month, day, hour, ms, half))
							got, gotErr := parseTime(raw, time.UTC)
							want, wantErr := model.ParseJSONTime(raw)
							if got != want || (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
								t.Fatalf("%s: %v, %v; ParseJSONTime %v, %v", raw, got, gotErr, want, wantErr)
							}
							if _, ok := docsTime(raw[1:len(raw)-1], time.UTC); ok {
								n++
							}
						}
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("the shortcut never read a time")
	}
	for _, raw := range []string{`1513205855000`, `"1513205855123"`, `0`, `"0"`, `123456789012345678`, `1234567890123456789`, `"12 "`, `-5`, `1.5`, `""`, `null`} {
		got, gotErr := parseTime(json.RawMessage(raw), time.UTC)
		want, wantErr := model.ParseJSONTime(json.RawMessage(raw))
		if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("%s: %v, %v; ParseJSONTime %v, %v", raw, got, gotErr, want, wantErr)
		}
	}
}

// TestScanAsReferenceOnEmulatorPages: on the emulator's pages, in each time
// form, as sent and rewritten with spaces and keys out of order, the
// scanning decoder gives what the reference gives, ids included.
func TestScanAsReferenceOnEmulatorPages(t *testing.T) {
	t.Parallel()
	s := New(Config{Common: transport.Common{BaseURL: DefaultBaseURL}, ClientID: testClientID, ClientSecret: testSecret})
	for _, form := range []domoemu.TimeForm{domoemu.TimeDocs, domoemu.TimeRFC3339, domoemu.TimeEpochMillis} {
		for _, actorType := range []bool{false, true} {
			em := domoemu.New(domoemu.Options{Events: 300, Seed: int64(form) + 7, Now: testNow, TimeForm: form, ActorType: actorType})
			var asSent, spaced, reordered [][]byte
			for _, e := range em.Entries() {
				raw := em.JSON(e)
				asSent = append(asSent, raw)
				var b bytes.Buffer
				_ = json.Indent(&b, raw, " ", "\t")
				spaced = append(spaced, b.Bytes())
				reordered = append(reordered, reverseKeys(t, raw))
			}
			for name, raws := range map[string][][]byte{"as sent": asSent, "spaced": spaced, "reordered": reordered} {
				body := append(append([]byte("[\n"), bytes.Join(raws, []byte(",\n"))...), "\n]"...)
				got, err := s.decodePage(200, nil, body)
				want, wantErr := s.refDecodePage(200, nil, body)
				if err != nil || wantErr != nil || len(got) != len(raws) || !slices.EqualFunc(got, want, func(a, b json.RawMessage) bool { return bytes.Equal(a, b) }) {
					t.Fatalf("form %d, %s: %d entries, %v; the reference %d, %v", form, name, len(got), err, len(want), wantErr)
				}
				if evs, refs := decodeEntries(got, em.Zone()), refDecodeEntries(want, em.Zone()); !reflect.DeepEqual(evs, refs) {
					for i := range evs {
						if !reflect.DeepEqual(evs[i], refs[i]) {
							t.Fatalf("form %d, %s: entry %d\n%+v\nthe reference\n%+v", form, name, i, evs[i], refs[i])
						}
					}
				}
				for _, raw := range got[:20] {
					e, ref := decodeEntryWithID(raw), refDecodeEntry(raw, defaultZone)
					if ref.ID = entryHash(raw); !reflect.DeepEqual(e, ref) {
						t.Fatalf("form %d, %s: alone\n%+v\nthe reference\n%+v", form, name, e, ref)
					}
				}
			}
		}
	}
}

// reverseKeys writes the object raw with its keys in reverse order.
func reverseKeys(t *testing.T, raw []byte) []byte {
	var d jsondoc.Doc
	if !d.Parse(raw) || d.Kind(d.Root()) != '{' {
		t.Fatalf("%s is not an object", raw)
	}
	var ms [][]byte
	d.Members(d.Root(), func(name []byte, v jsondoc.Value) {
		ms = append(ms, append(append([]byte(`"`), name...), append([]byte(`":`), d.Raw(v)...)...))
	})
	slices.Reverse(ms)
	return append(append([]byte("{"), bytes.Join(ms, []byte(","))...), '}')
}

// BenchmarkDecodeEntryWithID reads entries one at a time, as the file
// source does through the codec.
func BenchmarkDecodeEntryWithID(b *testing.B) {
	em := domoemu.New(domoemu.Options{Events: 1000, Seed: 1, Now: seedNow})
	var raws [][]byte
	for _, e := range em.Entries() {
		raws = append(raws, em.JSON(e))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if decodeEntryWithID(raws[i%len(raws)]).ID == "" {
			b.Fatal("no id")
		}
	}
}
