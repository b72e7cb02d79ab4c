package intercom

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

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
	var sc scanner
	return sc.read(raw, false)
}

// scanner reads entries one after another, reusing its buffers.
type scanner struct {
	text     []byte   // the entry's strings end to end, made one string
	metadata []member // the entry's metadata
}

// The texts an entry is read for, in the order scanner.read copies them.
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

// read is decodeEntry; valid says raw is known to be valid JSON (an element
// of a page decodeResponse checked); anything else is checked here first.
// The entry and its parts are scanned, not decoded again; what the scan
// does not cover (an entry that is not an object, a string with escapes)
// goes the careful way of json.Unmarshal, which says the same.
func (sc *scanner) read(raw json.RawMessage, valid bool) model.Event {
	e := model.Event{Raw: raw}
	if isNull(raw) {
		e.Summary = "could not read this entry: it is empty (null)"
		return e
	}
	if (!valid && !json.Valid(raw)) || bytes.TrimSpace(raw)[0] != '{' {
		// Broken, or a string, a number or a list: Unmarshal says which.
		var probe struct{}
		err := json.Unmarshal(raw, &probe)
		e.Summary = "could not read this entry: " + describeDecodeError(err)
		return e
	}
	var w wireEntry
	_ = model.ObjectMembers(raw, func(key string, v []byte) {
		if f := w.field(key); f != nil {
			*f = v // the last of a repeated key wins, as in json.Unmarshal
		}
	})
	var by wireAdmin
	byObject := !isNull(w.PerformedBy) && w.PerformedBy[0] == '{'
	if byObject {
		_ = model.ObjectMembers(w.PerformedBy, func(key string, v []byte) {
			if f := by.field(key); f != nil {
				*f = v
			}
		})
	}
	// Without a backslash, and in valid UTF-8, every string of the entry
	// reads as its bytes: those read are copied out in one string, of which
	// each text is a part, one allocation for all.
	var texts [nTexts]string
	var have uint32
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		have = sc.plainTexts([]json.RawMessage{w.ID, w.ActivityType, w.ActivityDescription, by.ID, by.Email, by.Name, by.IP}, texts[:])
	}
	var problems []string
	text := func(name string, i int, v json.RawMessage) string {
		if have&(1<<i) != 0 {
			return texts[i]
		}
		s, err := model.JSONText(v)
		if err != nil {
			problems = append(problems, name+" "+err.Error())
		}
		return s
	}
	e.ID = text("id", tID, w.ID)
	t, err := parseTime(w.CreatedAt)
	if err != nil {
		problems = append(problems, "created_at: "+err.Error())
	}
	e.Time = t
	e.Action = text("activity_type", tActivityType, w.ActivityType)
	e.Summary = text("activity_description", tActivityDescription, w.ActivityDescription)
	if !isNull(w.PerformedBy) {
		if !byObject {
			problems = append(problems, "performed_by is not an object")
		} else {
			e.ActorID = text("performed_by.id", tByID, by.ID)
			e.Actor = text("performed_by.email", tByEmail, by.Email)
			if name := text("performed_by.name", tByName, by.Name); e.Actor == "" {
				e.Actor = name
			}
			if e.Actor == "" {
				e.Actor = e.ActorID
			}
			e.IP = text("performed_by.ip", tByIP, by.IP)
		}
	}
	if !isNull(w.Metadata) {
		md, err := appendMembers(sc.metadata[:0], w.Metadata)
		sc.metadata = md // kept for the next entry's: nothing holds on to md
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

// plainTexts copies the strings among vs end to end and sets texts[i] to
// the text of vs[i] for each, as parts of one string: one allocation for
// them all. Each string must read as its bytes (no backslash, valid UTF-8).
// Bit i of the result says vs[i] is a string.
func (sc *scanner) plainTexts(vs []json.RawMessage, texts []string) (have uint32) {
	var ends [32]int
	sc.text = sc.text[:0]
	for i, v := range vs {
		if len(v) >= 2 && v[0] == '"' {
			sc.text = append(sc.text, v[1:len(v)-1]...)
			have |= 1 << i
		}
		ends[i] = len(sc.text)
	}
	all, start := string(sc.text), 0
	for i := range vs {
		texts[i], start = all[start:ends[i]], ends[i]
	}
	return have
}

// field is the field of w that json.Unmarshal would store the member key
// in: the one of its exact name, else of its name with case ignored; nil
// for none.
func (w *wireEntry) field(key string) *json.RawMessage {
	switch key {
	case "id":
		return &w.ID
	case "performed_by":
		return &w.PerformedBy
	case "metadata":
		return &w.Metadata
	case "created_at":
		return &w.CreatedAt
	case "activity_type":
		return &w.ActivityType
	case "activity_description":
		return &w.ActivityDescription
	}
	if i := foldedIndex(key, wireEntryNames[:]); i >= 0 {
		return w.field(wireEntryNames[i])
	}
	return nil
}

// wireEntryNames are the JSON names of wireEntry's fields.
var wireEntryNames = [...]string{"id", "performed_by", "metadata", "created_at", "activity_type", "activity_description"}

// field is wireEntry.field for wireAdmin.
func (by *wireAdmin) field(key string) *json.RawMessage {
	switch key {
	case "id":
		return &by.ID
	case "email":
		return &by.Email
	case "name":
		return &by.Name
	case "ip":
		return &by.IP
	}
	if i := foldedIndex(key, wireAdminNames[:]); i >= 0 {
		return by.field(wireAdminNames[i])
	}
	return nil
}

// wireAdminNames are the JSON names of wireAdmin's fields.
var wireAdminNames = [...]string{"id", "email", "name", "ip"}

// foldedIndex is the index of the name of names that key equals with case
// ignored (strings.EqualFold, as json.Unmarshal compares them), or -1. Only
// a non-ASCII key can differ in length from an ASCII name it folds to (the
// Kelvin sign, the long s), so an ASCII key is compared with names of its
// length only.
func foldedIndex(key string, names []string) int {
	ascii := true
	for i := 0; i < len(key); i++ {
		if key[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	for i, name := range names {
		if (!ascii || len(name) == len(key)) && strings.EqualFold(key, name) {
			return i
		}
	}
	return -1
}

// parseTime is model.ParseJSONTime with a shortcut for the form Intercom
// sends, Unix seconds, as a number or as text.
func parseTime(raw json.RawMessage) (time.Time, error) {
	if n, ok := digits(raw); ok {
		return model.FromUnixInt(n), nil
	}
	if len(raw) > 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
		if n, ok := digits(raw[1 : len(raw)-1]); ok {
			return model.FromUnixInt(n), nil
		}
	}
	return model.ParseJSONTime(raw)
}

// digits reads a number of up to 18 digits, which cannot overflow int64.
func digits(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
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
// the order Intercom lists them. raw is a part of an entry already checked
// (valid JSON), or nil when absent.
func members(raw json.RawMessage) ([]member, error) {
	return appendMembers(nil, raw)
}

// appendMembers is members appending to dst.
func appendMembers(dst []member, raw json.RawMessage) ([]member, error) {
	if err := model.ObjectMembers(raw, func(key string, v []byte) { dst = append(dst, member{key, v}) }); err != nil {
		return nil, errNotObject
	}
	return dst, nil
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

// describeDecodeError says why an entry is not an object, in words.
func describeDecodeError(err error) string {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		return fmt.Sprintf("it is a JSON %s, not an object", ute.Value)
	}
	return clip(err.Error(), 120)
}
