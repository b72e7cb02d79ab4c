package file

import (
	"encoding/json"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
)

// decode turns one entry of the file into an event. A trail export record
// is decoded by its provider's codec from the raw entry it kept, so the event
// is exactly what the API gave; a bare entry goes to the codec whose Detect
// recognises it; anything else is kept with what can be read generically.
// The entry's members are found by checking it once (jsondoc), not by
// decoding it into a map: a file of a million entries is read page by page,
// and this runs for every one.
func (s *Source) decode(raw json.RawMessage) model.Event {
	d := jsondoc.Get()
	defer jsondoc.Put(d)
	if !d.Parse(raw) || d.Kind(d.Root()) != '{' {
		// Not an object: json.Unmarshal says what it is, and null is an
		// entry without fields.
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return model.Event{Raw: raw, Summary: "could not read this line: not a JSON object (" + shortErr(err) + ")"}
		}
		return generic(raw, func(string) json.RawMessage { return nil })
	}
	obj := d.Root()
	// The entry's member names, read once (most entries have a dozen), and
	// the value of each: member is the value of the last member of that
	// name, as json.Unmarshal into a map keeps it, or nil.
	var buf [32]named
	names := buf[:0]
	d.Members(obj, func(n []byte, v jsondoc.Value) {
		names = append(names, named{jsondoc.Unescape(n), v})
	})
	member := func(name string) json.RawMessage {
		for i := len(names) - 1; i >= 0; i-- {
			if string(names[i].name) == name {
				return d.Raw(names[i].v)
			}
		}
		return nil
	}
	has := func(name string) bool { return member(name) != nil }
	if has("raw") && (has("provider") || has("source")) {
		r, err := model.ParseRecord(raw)
		if err != nil {
			return model.Event{Raw: raw, Summary: "could not read this export record: " + shortErr(err)}
		}
		if c, ok := s.codecs[r.Provider]; ok && r.RawText == "" && string(r.Raw) != "null" {
			e := c.Entry(r.Raw)
			// What one entry cannot tell its codec, the record kept: the id a
			// provider derived with the whole page in view (Domo's twins),
			// the activity type the request named (Qualtrics).
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
			if c.EntryOf != nil {
				return c.EntryOf(d, obj, raw) // parsed once, not again
			}
			return c.Entry(raw)
		}
	}
	return generic(raw, member)
}

// generic reads an entry no codec recognises: the usual names for id and
// time, and the rest in the raw JSON. member gives the entry's members.
func generic(raw json.RawMessage, member func(name string) json.RawMessage) model.Event {
	e := model.Event{Raw: raw, Summary: "entry of an unknown provider; its fields are in the raw JSON"}
	for _, k := range []string{"id", "uuid", "event_id"} {
		var s string
		if json.Unmarshal(member(k), &s) == nil && s != "" {
			e.ID = s
			break
		}
		var n json.Number
		if json.Unmarshal(member(k), &n) == nil && n != "" {
			e.ID = n.String()
			break
		}
	}
	for _, k := range []string{"time", "timestamp", "created_at", "createdAt", "date"} {
		if t, err := model.ParseJSONTime(member(k)); err == nil && !t.IsZero() {
			e.Time = t
			break
		}
	}
	return e
}

// named is a member of an entry: its name and its value.
type named struct {
	name []byte
	v    jsondoc.Value
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}
