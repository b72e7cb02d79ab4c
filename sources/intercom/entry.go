package intercom

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
	"github.com/trail-dev/trail/sources"
)

// The fields of an entry trail reads, the texts first, and those of
// performed_by: older versions send a whole Admin object, of which name is
// the one other field worth reading. Each is kept raw so that a wrong type
// in one field costs that field only.
const (
	fID = iota
	fActivityType
	fActivityDescription
	fPerformedBy
	fMetadata
	fCreatedAt
	nFields
)

var entryFields = jsondoc.NewFields("id", "activity_type", "activity_description", "performed_by", "metadata", "created_at")

const (
	byID = iota
	byEmail
	byName
	byIP
	nBy
)

var byFields = jsondoc.NewFields("id", "email", "name", "ip")

// The texts an entry is read for, in the order reader.entry reads them.
const (
	tID = iota
	tActivityType
	tActivityDescription
	tByID
	tByEmail
	tByName
	tByIP
	nTexts
)

// maxValue caps one rendered before or after value: the detail pane shows
// it on a line or two, and the raw entry holds it in full.
const maxValue = 600

// decodeEntry maps one entry onto an Event. It never fails: an entry that
// cannot be read is kept with its raw bytes, and Summary says what was wrong.
func decodeEntry(raw json.RawMessage) model.Event { return sources.ReadEntry(raw, entryOf) }

// entryOf is decodeEntry for the entry v of d, already parsed; raw is its
// bytes.
func entryOf(d *jsondoc.Doc, v jsondoc.Value, raw json.RawMessage) model.Event {
	var r reader
	return r.entry(d, v, raw)
}

// reader reads entries one after another, reusing its buffers.
type reader struct {
	texts    jsondoc.Texts
	metadata []member // the entry's metadata
}

// entry is decodeEntry for the entry v of d, a valid document; raw is its
// bytes, kept in the event. The entry's texts are made one string, of which
// each is a part: one allocation for all.
func (r *reader) entry(d *jsondoc.Doc, v jsondoc.Value, raw json.RawMessage) model.Event {
	if d.Kind(v) != '{' {
		return model.Unreadable(raw, "entry")
	}
	e := model.Event{Raw: raw}
	var f [nFields]jsondoc.Value
	d.Fields(v, entryFields, f[:])
	var by [nBy]jsondoc.Value
	byObject := d.Kind(f[fPerformedBy]) == '{'
	if byObject {
		d.Fields(f[fPerformedBy], byFields, by[:])
	}
	r.texts.Read(d, []jsondoc.Value{f[fID], f[fActivityType], f[fActivityDescription], by[byID], by[byEmail], by[byName], by[byIP]})
	var problems model.Problems
	text := func(name string, i int) string {
		s, err := r.texts.Text(i)
		problems.Add(name, err)
		return s
	}
	e.ID = text("id", tID)
	t, err := parseTime(d.Raw(f[fCreatedAt]))
	problems.Add("created_at:", err)
	e.Time = t
	e.Action = text("activity_type", tActivityType)
	e.Summary = text("activity_description", tActivityDescription)
	if !model.IsJSONNull(d.Raw(f[fPerformedBy])) {
		if !byObject {
			problems = append(problems, "performed_by is not an object")
		} else {
			e.ActorID = text("performed_by.id", tByID)
			e.Actor = text("performed_by.email", tByEmail)
			if name := text("performed_by.name", tByName); e.Actor == "" {
				e.Actor = name
			}
			if e.Actor == "" {
				e.Actor = e.ActorID
			}
			e.IP = text("performed_by.ip", tByIP)
		}
	}
	if md := f[fMetadata]; !model.IsJSONNull(d.Raw(md)) {
		if d.Kind(md) != '{' {
			problems = append(problems, "metadata is not an object")
		} else {
			r.metadata = appendMembers(r.metadata[:0], d, md) // kept for the next entry's: nothing holds on to it
			e.Target = target(r.metadata)
			e.Changes = changes(e.Action, r.metadata)
		}
	}
	e.Outcome = outcome(e.Action)
	e.Summary = problems.Summary("entry", e.Summary)
	return e
}

// parseTime is model.ParseJSONTime with a shortcut for the form Intercom
// sends, Unix seconds, as a number or as text.
func parseTime(raw json.RawMessage) (time.Time, error) {
	if n, ok := model.Digits(raw); ok {
		return model.FromUnixInt(n), nil
	}
	if len(raw) > 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
		if n, ok := model.Digits(raw[1 : len(raw)-1]); ok {
			return model.FromUnixInt(n), nil
		}
	}
	return model.ParseJSONTime(raw)
}

// outcome is failure for *_failure types and for a sign-in with a method the
// workspace does not allow, which is a refused login by another name.
func outcome(action string) model.Outcome {
	if strings.EqualFold(action, "admin_unauthorized_sign_in_method") {
		return model.OutcomeFailure
	}
	return model.OutcomeFromAction(action)
}

// member is one member of a JSON object, in the order the provider sent
// it: its name, as json.Unmarshal reads it, and its value.
type member struct {
	key   string
	value json.RawMessage
}

// appendMembers appends the members of the object v of d to dst, keeping
// their order, so changes appear in the order Intercom lists them.
func appendMembers(dst []member, d *jsondoc.Doc, v jsondoc.Value) []member {
	d.Members(v, func(name []byte, m jsondoc.Value) {
		dst = append(dst, member{string(jsondoc.Unescape(name)), d.Raw(m)})
	})
	return dst
}

// members reads the members of a JSON object in metadata, raw, a part of an
// entry already checked (valid JSON), or nil when absent.
func members(raw json.RawMessage) ([]member, error) {
	d := jsondoc.Get()
	defer jsondoc.Put(d)
	if !d.Parse(raw) || d.Kind(d.Root()) != '{' {
		return nil, errNotObject
	}
	return appendMembers(nil, d, d.Root()), nil
}

var errNotObject = errors.New("not an object")

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
			if s, err := model.JSONText(lookup(obj, field)); err == nil && s != "" {
				return s
			}
		}
		if id, err := model.JSONText(lookup(obj, "id")); err == nil && id != "" {
			return k + " " + id
		}
	}
	if s, err := model.JSONText(lookup(md, "setting_type")); err == nil {
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
	switch v[0] {
	case '"':
		if s, ok := model.PlainJSONString(v); ok {
			return clip(s, maxValue)
		}
		var s string
		if json.Unmarshal(v, &s) == nil {
			return clip(s, maxValue)
		}
	case '{', '[':
	default:
		// A number, true, false or null is compact already, and anything
		// else is shown as it is, which is what json.Compact would leave.
		return clip(string(v), maxValue)
	}
	var b bytes.Buffer
	if json.Compact(&b, v) != nil {
		return clip(string(v), maxValue)
	}
	return clip(b.String(), maxValue)
}
