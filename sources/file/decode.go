package file

import (
	"encoding/json"

	"github.com/trail-dev/trail/model"
)

// decode turns one entry of the file into an event. A trail export record
// is decoded by its provider's codec from the raw entry it kept, so the event
// is exactly what the API gave; a bare entry goes to the codec whose Detect
// recognises it; anything else is kept with what can be read generically.
func (s *Source) decode(raw json.RawMessage) model.Event {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return model.Event{Raw: raw, Summary: "could not read this line: not a JSON object (" + shortErr(err) + ")"}
	}
	if _, hasRaw := obj["raw"]; hasRaw && (obj["provider"] != nil || obj["source"] != nil) {
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
		if c.Detect != nil && c.Detect(obj) {
			return c.Entry(raw)
		}
	}
	return generic(raw, obj)
}

// generic reads an entry no codec recognises: the usual names for id and
// time, and the rest in the raw JSON.
func generic(raw json.RawMessage, obj map[string]json.RawMessage) model.Event {
	e := model.Event{Raw: raw, Summary: "entry of an unknown provider; its fields are in the raw JSON"}
	for _, k := range []string{"id", "uuid", "event_id"} {
		var s string
		if json.Unmarshal(obj[k], &s) == nil && s != "" {
			e.ID = s
			break
		}
		var n json.Number
		if json.Unmarshal(obj[k], &n) == nil && n != "" {
			e.ID = n.String()
			break
		}
	}
	for _, k := range []string{"time", "timestamp", "created_at", "createdAt", "date"} {
		if t, err := model.ParseJSONTime(obj[k]); err == nil && !t.IsZero() {
			e.Time = t
			break
		}
	}
	return e
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}
