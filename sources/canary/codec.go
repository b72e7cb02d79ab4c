package canary

import (
	"encoding/json"

	"github.com/trail-dev/trail/sources"
)

// Codec reads Canary entries from files: trail exports, arrays of entries,
// and saved /audit_trail/fetch responses.
func Codec() sources.Codec {
	return sources.Codec{
		Provider: "canary",
		Entry:    decodeEntry,
		EntryOf:  entryOf,
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
// sources.Codec.Made): the problem note, "could not read all of this entry
// (user is an object, not text; timestamp: time "x" is in no known
// format): message", each problem with what comes on either side of it
// (the note's opening or "; " before, "; " or its end after), and a time's
// error, which quotes the time as Go does (%q: a time that is an object or
// a list has its quotes escaped, \").
func made() []string {
	words := []string{"^could not read all of this entry (", "): ", `\"`, "…", sources.MadeNumber}
	var problems []string
	for _, f := range []string{"id", "action_type", "user", "flock_id", "flock_name", "message", "user_ip", "user_browser_agent"} {
		for _, err := range []string{"is an object, not text", "is a list, not text", "is not valid text"} {
			problems = append(problems, f+" "+err)
		}
	}
	problems = append(problems, "timestamp: empty time")
	for _, before := range []string{"(", "; "} {
		for _, p := range problems {
			words = append(words, before+p+")", before+p+"; ")
		}
		// A time's text or number stands between these.
		words = append(words, before+`timestamp: time "`, before+"timestamp: time ")
	}
	for _, after := range []string{")", "; "} {
		for _, end := range []string{`" is out of range`, `" is not a number`, `" is in no known format`, " is not a number", " is out of range"} {
			words = append(words, end+after)
		}
	}
	return words
}
