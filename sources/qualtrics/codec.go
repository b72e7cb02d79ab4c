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
		Made: made(),
	}
}

// made is what scanner.read writes that is not copied from the event (see
// sources.Codec.Made): the problem note; the activity type guessType
// names; the joins of a location ("Hoboken, NJ, US") and a platform
// ("Chrome 86.0 on OS X"); a login's summary ("Login failed: reason", " to
// product", " (SSO, second factor TOTP)", ", as a proxy login"); a
// session's, with the time it ended; a password's; and the key=value list
// of a descriptor trail does not know, clipped.
func made() []string {
	return append(sources.ProblemWords("event", []string{"id", "userId", "username", "ipAddress", "sessionId"},
		[]string{"timestamp:"}, "descriptor is not an object"),
		"^logins$", "^password_resets$", "^session_creations$", "^session_terminations$",
		", ", " ", " on ",
		"Logged in", "Login failed", "Login", ": ", " to ", " (", ")", ", second factor ", "second factor ", "used", ", as a proxy login",
		"Session started", "Session ended", ", session ", " at ", sources.MadeClock,
		"Password reset", " (by ", "Password changed", "=")
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
