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
	}
}
