package qualtrics

import (
	"encoding/json"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// Codec reads Qualtrics events from files: trail exports, arrays of events,
// and saved /logs responses. An event does not name its activity type (the
// request did), so the codec recognises the types whose descriptors tell
// them apart and leaves the action empty for the rest.
func Codec() sources.Codec {
	return sources.Codec{
		Provider: "qualtrics",
		Entry: func(raw json.RawMessage) model.Event {
			return decodeElement(raw, guessType(raw))
		},
		Page: func(body []byte) ([]json.RawMessage, bool) {
			var env struct {
				Result *struct {
					Elements []json.RawMessage `json:"elements"`
				} `json:"result"`
				Meta json.RawMessage `json:"meta"`
			}
			if json.Unmarshal(body, &env) != nil || env.Result == nil || env.Result.Elements == nil || len(env.Meta) == 0 {
				return nil, false
			}
			return env.Result.Elements, true
		},
		Detect: func(has func(string) bool) bool {
			return has("descriptor") && has("datacenter") && has("timestamp")
		},
		Keys: []string{"descriptor", "datacenter", "timestamp"},
	}
}

// guessType names the activity type of an event read without its request,
// from descriptor fields only that type has; "" when it cannot tell.
func guessType(raw json.RawMessage) string {
	var w struct {
		Descriptor map[string]json.RawMessage `json:"descriptor"`
	}
	if json.Unmarshal(raw, &w) != nil || w.Descriptor == nil {
		return ""
	}
	has := func(k string) bool { _, ok := w.Descriptor[k]; return ok }
	switch {
	case has("isSuccessful") || has("failureReason"):
		return "logins"
	case has("validationRules") || has("agentUserId"):
		return "password_resets"
	case has("terminationTimestamp"):
		if model.IsJSONNull(w.Descriptor["terminationTimestamp"]) {
			return "session_creations"
		}
		return "session_terminations"
	}
	return ""
}
