package intercom

import (
	"encoding/json"

	"github.com/trail-dev/trail/model"

	"github.com/trail-dev/trail/sources"
)

// Codec reads Intercom activity-log entries from files: trail exports,
// arrays of entries, and saved GET /admins/activity_logs responses. An entry
// read back is decoded exactly as Fetch decodes it, so it shows as it did.
func Codec() sources.Codec {
	return sources.Codec{
		Provider: "intercom",
		Entry:    decodeEntry,
		Page:     savedPage,
		Detect: func(has func(string) bool) bool {
			return has("performed_by") && has("activity_type")
		},
		Keys: []string{"performed_by", "activity_type"},
		Made: made(),
	}
}

// made is what reader.entry writes that is not copied from the entry (see
// sources.Codec.Made): the problem note, and a target named by its kind
// and id ("team 5").
func made() []string {
	return append(sources.ProblemWords("entry", []string{"id", "activity_type", "activity_description",
		"performed_by.id", "performed_by.email", "performed_by.name", "performed_by.ip"}, []string{"created_at:"},
		"performed_by is not an object", "metadata is not an object"),
		"^message ", "^team ")
}

// savedPage returns the entries of a saved activity-log response: an object
// whose type is activity_log.list, or which has an activity_logs list. An
// error.list, or any other object, is not one.
func savedPage(body []byte) ([]json.RawMessage, bool) {
	var env struct {
		Type         json.RawMessage `json:"type"`
		ActivityLogs json.RawMessage `json:"activity_logs"`
	}
	if json.Unmarshal(body, &env) != nil {
		return nil, false
	}
	typ, _ := model.JSONText(env.Type)
	if model.IsJSONNull(env.ActivityLogs) {
		return []json.RawMessage{}, typ == "activity_log.list"
	}
	var entries []json.RawMessage
	if json.Unmarshal(env.ActivityLogs, &entries) != nil {
		return nil, false
	}
	if typ != "" && typ != "activity_log.list" {
		return nil, false
	}
	return entries, true
}
