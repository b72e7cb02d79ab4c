package intercom

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/trail-dev/trail/model"
)

// wireEntry is one activity_logs entry, each field raw so that a wrong type
// in one field costs that field only.
type wireEntry struct {
	ID                  json.RawMessage `json:"id"`
	PerformedBy         json.RawMessage `json:"performed_by"`
	Metadata            json.RawMessage `json:"metadata"`
	CreatedAt           json.RawMessage `json:"created_at"`
	ActivityType        json.RawMessage `json:"activity_type"`
	ActivityDescription json.RawMessage `json:"activity_description"`
}

// wireAdmin is performed_by. Older versions send a whole Admin object, of
// which name is the one other field worth reading.
type wireAdmin struct {
	ID    json.RawMessage `json:"id"`
	Email json.RawMessage `json:"email"`
	Name  json.RawMessage `json:"name"`
	IP    json.RawMessage `json:"ip"`
}

// maxValue caps one rendered before or after value: the detail pane shows
// it on a line or two, and the raw entry holds it in full.
const maxValue = 600

// decodeEntry maps one entry onto an Event. It never fails: an entry that
// cannot be read is kept with its raw bytes, and Summary says what was wrong.
func decodeEntry(raw json.RawMessage) model.Event {
	e := model.Event{Raw: raw}
	if isNull(raw) {
		e.Summary = "could not read this entry: it is empty (null)"
		return e
	}
	var w wireEntry
	if err := json.Unmarshal(raw, &w); err != nil {
		e.Summary = "could not read this entry: " + describeDecodeError(err)
		return e
	}
	var problems []string
	text := func(name string, v json.RawMessage) string {
		s, err := jsonText(v)
		if err != nil {
			problems = append(problems, name+" "+err.Error())
		}
		return s
	}
	e.ID = text("id", w.ID)
	t, err := model.ParseJSONTime(w.CreatedAt)
	if err != nil {
		problems = append(problems, "created_at: "+err.Error())
	}
	e.Time = t
	e.Action = text("activity_type", w.ActivityType)
	e.Summary = text("activity_description", w.ActivityDescription)
	if !isNull(w.PerformedBy) {
		var by wireAdmin
		if err := json.Unmarshal(w.PerformedBy, &by); err != nil {
			problems = append(problems, "performed_by is not an object")
		} else {
			e.ActorID = text("performed_by.id", by.ID)
			e.Actor = text("performed_by.email", by.Email)
			if name := text("performed_by.name", by.Name); e.Actor == "" {
				e.Actor = name
			}
			if e.Actor == "" {
				e.Actor = e.ActorID
			}
			e.IP = text("performed_by.ip", by.IP)
		}
	}
	if !isNull(w.Metadata) {
		md, err := members(w.Metadata)
		if err != nil {
			problems = append(problems, "metadata is not an object")
		} else {
			e.Target = target(md)
			e.Changes = changes(e.Action, md)
		}
	}
	e.Outcome = outcome(e.Action)
	if len(problems) > 0 {
		note := "could not read all of this entry (" + strings.Join(problems, "; ") + ")"
		if e.Summary != "" {
			note += ": " + e.Summary
		}
		e.Summary = note
	}
	return e
}

// outcome is failure for *_failure types and for a sign-in with a method the
// workspace does not allow, which is a refused login by another name.
func outcome(action string) model.Outcome {
	if strings.EqualFold(action, "admin_unauthorized_sign_in_method") {
		return model.OutcomeFailure
	}
	return model.OutcomeFromAction(action)
}

// member is one key of a JSON object, in the order the provider sent it.
type member struct {
	key   string
	value json.RawMessage
}

// members reads a JSON object keeping its keys' order, so changes appear in
// the order Intercom lists them.
func members(raw json.RawMessage) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, member{key, v})
	}
	return out, nil
}

func lookup(ms []member, key string) json.RawMessage {
	for _, m := range ms {
		if m.key == key {
			return m.value
		}
	}
	return nil
}

// target names the object an entry is about, from the metadata keys that
// name one: the message, the team, or the kind of setting changed.
func target(md []member) string {
	for _, k := range [...]string{"message", "team"} {
		obj, err := members(lookup(md, k))
		if err != nil {
			continue
		}
		for _, field := range [...]string{"title", "name"} {
			if s, err := jsonText(lookup(obj, field)); err == nil && s != "" {
				return s
			}
		}
		if id, err := jsonText(lookup(obj, "id")); err == nil && id != "" {
			return k + " " + id
		}
	}
	if s, err := jsonText(lookup(md, "setting_type")); err == nil {
		return s
	}
	return ""
}

// changes lists the before → after values an entry reports: metadata's
// before/after pair (named after the activity, app_name for
// app_name_change), previous_state/new_state, and each setting in changes.
func changes(action string, md []member) []model.Change {
	var out []model.Change
	before, after := lookup(md, "before"), lookup(md, "after")
	if before != nil || after != nil {
		field := strings.TrimSuffix(action, "_change")
		if field == "" {
			field = "value"
		}
		out = append(out, model.Change{Field: field, Before: renderValue(before), After: renderValue(after)})
	}
	prev, next := lookup(md, "previous_state"), lookup(md, "new_state")
	if prev != nil || next != nil {
		out = append(out, model.Change{Field: "state", Before: renderValue(prev), After: renderValue(next)})
	}
	set, err := members(lookup(md, "changes"))
	if err != nil {
		return out
	}
	for _, m := range set {
		pair, err := members(m.value)
		b, a := lookup(pair, "before"), lookup(pair, "after")
		if err != nil || (b == nil && a == nil) {
			// Not a {before, after} pair: the new value is all there is.
			out = append(out, model.Change{Field: m.key, After: renderValue(m.value)})
			continue
		}
		out = append(out, model.Change{Field: m.key, Before: renderValue(b), After: renderValue(a)})
	}
	return out
}

// renderValue shows a JSON value for the before → after view: a string as
// its text, anything else as compact JSON, absent as "". Terminal escapes
// are left to the UI, which sanitizes everything it draws.
func renderValue(raw json.RawMessage) string {
	v := bytes.TrimSpace(raw)
	if len(v) == 0 {
		return ""
	}
	if v[0] == '"' {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return clip(s, maxValue)
		}
	}
	var b bytes.Buffer
	if json.Compact(&b, v) != nil {
		return clip(string(v), maxValue)
	}
	return clip(b.String(), maxValue)
}

// describeDecodeError says why an entry is not an object, in words.
func describeDecodeError(err error) string {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		return fmt.Sprintf("it is a JSON %s, not an object", ute.Value)
	}
	return clip(err.Error(), 120)
}
