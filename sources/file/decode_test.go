package file

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/domo"
	"github.com/trail-dev/trail/sources/intercom"
	"github.com/trail-dev/trail/sources/qualtrics"
)

// refDecode is decode as it was first written, the entry decoded into a
// map: FuzzDecodeMatchesReference holds the faster one to it.
func (s *Source) refDecode(raw json.RawMessage) model.Event {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return model.Event{Raw: raw, Summary: "could not read this line: not a JSON object (" + shortErr(err) + ")"}
	}
	has := func(name string) bool { _, ok := obj[name]; return ok }
	if has("raw") && (has("provider") || has("source")) {
		r, err := model.ParseRecord(raw)
		if err != nil {
			return model.Event{Raw: raw, Summary: "could not read this export record: " + shortErr(err)}
		}
		if c, ok := s.codecs[r.Provider]; ok && r.RawText == "" && string(r.Raw) != "null" {
			e := c.Entry(r.Raw)
			if r.ID != "" {
				e.ID = r.ID
			}
			if e.Action == "" {
				e.Action = r.Action
			}
			return e
		}
		return r.Event()
	}
	for _, c := range s.order {
		if c.Detect != nil && c.Detect(has) {
			return c.Entry(raw)
		}
	}
	return generic(raw, func(name string) json.RawMessage { return obj[name] })
}

func FuzzDecodeMatchesReference(f *testing.F) {
	for _, seed := range []string{
		`{"source":"p","provider":"canary","id":"1","time":"2026-11-20T10:00:00Z","raw":{"id":1,"action_type":"user_login","timestamp":"2026-11-20 10:00:00 UTC+0000"}}`,
		`{"source":"p","provider":"nobody","raw":"text"}`,
		`{"id":1,"action_type":"x","user_ip":"1.2.3.4"}`,
		`{"actionType":"VIEWED","time":1513205855000,"userName":"a"}`,
		`{"performed_by":{"id":"1"},"activity_type":"admin_login_success","created_at":1}`,
		`{"descriptor":{},"datacenter":"fra1","timestamp":"2026-11-20T10:00:00Z","id":"x"}`,
		`{"id":"a","id":"b","time":"2026-11-20T10:00:00Z","time":"bad"}`,
		`{"\u0069d":7,"created\u005fat":"2026-11-20T10:00:00Z","ra\u0077":1,"provider":2}`,
		"{\"\xff\":1,\"uuid\":\"u\"}",
		`null`, ` {} `, `[1]`, `"s"`, `{"a":`, ``,
	} {
		f.Add([]byte(seed))
	}
	s := &Source{codecs: map[string]sources.Codec{}}
	for _, c := range []sources.Codec{canary.Codec(), domo.Codec(), intercom.Codec(), qualtrics.Codec()} {
		s.codecs[c.Provider] = c
		s.order = append(s.order, c)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		raw = raw[:len(raw):len(raw)]
		if got, want := s.decode(raw), s.refDecode(raw); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n%+v\nthe reference\n%+v", raw, got, want)
		}
	})
}
