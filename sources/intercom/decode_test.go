package intercom

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// docsEntries are the two entries of the 2.16 spec's example response.
const (
	docsAppName = `{
      "id": "fca05814-4b72-4dce-ad4f-77a786a2c136",
      "performed_by": {"type": "admin", "id": "991267464", "email": "admin5@email.com", "ip": "127.0.0.1"},
      "metadata": {"before": "before", "after": "after"},
      "created_at": 1734537253,
      "activity_type": "app_name_change",
      "activity_description": "Ciaran5 Lee changed your app name from before to after."
    }`
	docsMessage = `{
      "id": "f48c653b-0185-48ac-a276-23d11006bafb",
      "performed_by": {"type": "admin", "id": "991267464", "email": "admin5@email.com", "ip": "127.0.0.1"},
      "metadata": {"message": {"id": 123, "title": "Initial message title"},
                   "before": "Initial message title", "after": "Eventual message title"},
      "created_at": 1734537253,
      "activity_type": "message_state_change",
      "activity_description": "Ciaran5 Lee changed your Initial message title message from Initial message title to Eventual message title."
    }`
)

func TestDecodeEntry(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 12, 18, 15, 54, 13, 0, time.UTC)
	by := func(e model.Event) model.Event {
		e.Actor, e.ActorID, e.IP, e.Time = "admin5@email.com", "991267464", "127.0.0.1", at
		return e
	}
	tests := []struct {
		name string
		raw  string
		want model.Event
		says string // in Summary, for entries not read in full
	}{
		{"docs app_name_change", docsAppName, by(model.Event{ID: "fca05814-4b72-4dce-ad4f-77a786a2c136", Action: "app_name_change",
			Summary: "Ciaran5 Lee changed your app name from before to after.",
			Changes: []model.Change{{Field: "app_name", Before: "before", After: "after"}}}), ""},
		{"docs message_state_change", docsMessage, by(model.Event{ID: "f48c653b-0185-48ac-a276-23d11006bafb", Action: "message_state_change",
			Target:  "Initial message title",
			Summary: "Ciaran5 Lee changed your Initial message title message from Initial message title to Eventual message title.",
			Changes: []model.Change{{Field: "message_state", Before: "Initial message title", After: "Eventual message title"}}}), ""},
		{"1.x docs: numeric-looking id, message with an id only", `{"id":"6","performed_by":{"type":"admin","id":"123456","email":"jane.doe@company.com","ip":"127.0.0.1"},` +
			`"metadata":{"message":{"id":123},"before":"before","after":"after"},"created_at":1734537253,"activity_type":"message_state_change"}`,
			model.Event{ID: "6", Time: at, Actor: "jane.doe@company.com", ActorID: "123456", IP: "127.0.0.1", Action: "message_state_change", Target: "message 123",
				Changes: []model.Change{{Field: "message_state", Before: "before", After: "after"}}}, ""},
		{"login failure", `{"id":7,"created_at":"1734537253","activity_type":"admin_login_failure","metadata":{"sign_in_method":"email_password"},"performed_by":{"id":5,"email":"a@b.c"}}`,
			model.Event{ID: "7", Time: at, Action: "admin_login_failure", Actor: "a@b.c", ActorID: "5", Outcome: model.OutcomeFailure}, ""},
		{"login success", `{"id":"8","activity_type":"admin_login_success","metadata":null,"performed_by":null}`,
			model.Event{ID: "8", Action: "admin_login_success", Outcome: model.OutcomeSuccess}, ""},
		{"refused sign-in method", `{"id":"9","activity_type":"admin_unauthorized_sign_in_method"}`,
			model.Event{ID: "9", Action: "admin_unauthorized_sign_in_method", Outcome: model.OutcomeFailure}, ""},
		{"admin object with a name only", `{"id":"10","performed_by":{"type":"admin","id":"77","name":"Jane Doe","away_mode_enabled":false}}`,
			model.Event{ID: "10", Actor: "Jane Doe", ActorID: "77"}, ""},
		{"id only", `{"id":"11","performed_by":{"id":"77"}}`, model.Event{ID: "11", Actor: "77", ActorID: "77"}, ""},
		{"objects before and after", `{"id":"12","activity_type":"admin_permission_change","metadata":{"before":{"role":"Support", "inbox":[1, 2]},"after":{"role":"Admin"}}}`,
			model.Event{ID: "12", Action: "admin_permission_change",
				Changes: []model.Change{{Field: "admin_permission", Before: `{"role":"Support","inbox":[1,2]}`, After: `{"role":"Admin"}`}}}, ""},
		{"after only, null before", `{"id":"13","activity_type":"x","metadata":{"before":null,"after":5}}`,
			model.Event{ID: "13", Action: "x", Changes: []model.Change{{Field: "x", Before: "null", After: "5"}}}, ""},
		{"changes in the order sent", `{"id":"14","activity_type":"automatic_away_mode_setting_change","metadata":{"setting_type":"automatic_away_mode",` +
			`"changes":{"mode":{"before":"when_away_only","after":"when_away_and_reassign"},"enabled":{"before":false,"after":true},"odd":7,"half":{"after":"x"}}}}`,
			model.Event{ID: "14", Action: "automatic_away_mode_setting_change", Target: "automatic_away_mode", Changes: []model.Change{
				{Field: "mode", Before: "when_away_only", After: "when_away_and_reassign"}, {Field: "enabled", Before: "false", After: "true"},
				{Field: "odd", After: "7"}, {Field: "half", After: "x"}}}, ""},
		{"occupancy state", `{"id":"15","activity_type":"admin_occupancy_state_change","metadata":{"previous_state":"occupied","new_state":"idle","auto":true}}`,
			model.Event{ID: "15", Action: "admin_occupancy_state_change", Changes: []model.Change{{Field: "state", Before: "occupied", After: "idle"}}}, ""},
		{"team", `{"id":"16","activity_type":"team_assignment_limit_change","metadata":{"team":{"id":4207,"name":"Billing"},"team_assignment_limit":null}}`,
			model.Event{ID: "16", Action: "team_assignment_limit_change", Target: "Billing"}, ""},
		{"unknown type and keys kept", `{"id":"17","activity_type":"brand_new_thing","metadata":{"widget":{"x":1}},"extra":true}`,
			model.Event{ID: "17", Action: "brand_new_thing"}, ""},
		{"metadata a string", `{"id":"18","metadata":"oops","activity_description":"d"}`, model.Event{ID: "18"}, "metadata is not an object"},
		{"performed_by a list", `{"id":"19","performed_by":["x"]}`, model.Event{ID: "19"}, "performed_by is not an object"},
		{"bad created_at", `{"id":"20","created_at":"last tuesday"}`, model.Event{ID: "20"}, "created_at"},
		{"email an object", `{"id":"21","performed_by":{"email":{"a":1},"id":"3"}}`, model.Event{ID: "21", Actor: "3", ActorID: "3"}, "performed_by.email is an object"},
		{"a string", `"oops"`, model.Event{}, "it is a JSON string, not an object"},
		{"null", `null`, model.Event{}, "empty (null)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := decodeEntry([]byte(tt.raw))
			sourcetest.RequireEntryRead(t, &got, tt.raw, tt.says)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("decodeEntry =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestRenderValue(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		``: "", `null`: "null", `"text"`: "text", ` 42 `: "42", `true`: "true",
		`{ "a" : [1, 2] }`: `{"a":[1,2]}`, `"esc\u001b[2J"`: "esc\x1b[2J", `"` + strings.Repeat("x", 700) + `"`: strings.Repeat("x", maxValue) + "…",
	} {
		if got := renderValue([]byte(in)); got != want {
			t.Errorf("renderValue(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPageKeepsBadEntries: an entry that cannot be read is kept, in place,
// with its raw bytes, and the page's other entries are read as usual.
func TestPageKeepsBadEntries(t *testing.T) {
	body := `{"type":"activity_log.list","pages":{"type":"pages","next":null,"page":1,"per_page":20,"total_pages":1},
	  "activity_logs":[` + docsAppName + `, "not an entry", {"id":"x","created_at":{"when":"now"},"performed_by":{"email":"eve@example.com"}}]}`
	src := startCanned(t, 200, "application/json", body, nil)
	q := model.Query{Since: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	page, err := src.Fetch(context.Background(), model.Query{Actor: "admin5"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 0 {
		t.Errorf("the docs' entry of 2024 is outside the default window of %v, yet %d events came back", testNow, len(page.Events))
	}
	page, err = src.Fetch(context.Background(), q, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 1 || page.Events[0].Actor != "admin5@email.com" || page.Number != 1 || page.Total != 1 || page.Next != "" {
		t.Errorf("with a time range: %+v; want the one entry with a time, page 1 of 1 and the end", page)
	}
	// Without a time range nothing is trimmed by time but the window, which
	// entries without a time cannot be placed in; read them directly.
	resp, err := src.decodeResponse(200, nil, []byte(body), false)
	if err != nil || len(resp.events) != 3 {
		t.Fatalf("%d events, %v; want all 3 kept", len(resp.events), err)
	}
	if string(resp.events[1].Raw) != `"not an entry"` || !strings.Contains(resp.events[1].Summary, "could not read") {
		t.Errorf("second event %+v: want the raw string and a note", resp.events[1])
	}
	if e := resp.events[2]; e.ID != "x" || e.Actor != "eve@example.com" || !strings.Contains(e.Summary, "created_at") {
		t.Errorf("third event %+v: want id and actor read, and the created_at problem noted", e)
	}
}
