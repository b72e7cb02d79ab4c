package canary

import (
	"encoding/json"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
	"github.com/trail-dev/trail/sources"
)

// Codec reads Canary entries from files: trail exports, arrays of entries,
// and saved /audit_trail/fetch responses.
func Codec() sources.Codec {
	return sources.Codec{
		Provider: "canary",
		Entry:    decodeEntry,
		EntryOf: func(d *jsondoc.Doc, v jsondoc.Value, raw json.RawMessage) model.Event {
			var r reader
			return r.entry(d, v, raw)
		},
		Page: func(body []byte) ([]json.RawMessage, bool) {
			var env struct {
				AuditTrail []json.RawMessage `json:"audit_trail"`
			}
			var probe map[string]json.RawMessage
			if json.Unmarshal(body, &probe) != nil {
				return nil, false
			}
			if _, ok := probe["audit_trail"]; !ok {
				return nil, false
			}
			if json.Unmarshal(body, &env) != nil {
				return nil, false
			}
			return env.AuditTrail, true
		},
		Detect: func(has func(string) bool) bool {
			return has("action_type") && (has("flock_id") || has("user_ip") || has("message"))
		},
		Keys: []string{"action_type"},
		Made: made(),
	}
}

// made is what decodeEntry writes that is not copied from the entry (see
// sources.Codec.Made): the problem note, with each field's name and what
// was wrong with it, and a time's error, which quotes the time as Go does
// (%q: a time that is an object or a list has its quotes escaped, \").
func made() []string {
	words := []string{"^could not read all of this entry (", ")", "): ", "…",
		"is an object, not text", "is a list, not text", "is not valid text", "empty time",
		"time \"", "\" is out of range", "\" is not a number", "\" is in no known format",
		"time ", " is not a number", " is out of range", `\"`, sources.MadeNumber}
	for _, f := range []string{"id", "timestamp:", "action_type", "user", "flock_id", "flock_name", "message", "user_ip", "user_browser_agent"} {
		words = append(words, "("+f+" ", "; "+f+" ")
	}
	return words
}
