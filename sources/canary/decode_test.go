package canary

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// docEntry is the second entry of the docs' response example.
const docEntry = `{
      "action_type": "device_schedule_reboot",
      "additional_information": null,
      "flock_id": "flock:default",
      "id": 70,
      "message": "User 'API Token' scheduled the device <device_id> to be rebooted",
      "timestamp": "2020-04-02 13:14:49 UTC+0000",
      "user": "<user_email>",
      "user_browser_agent": "<browser_agent_string>",
      "user_browser_language": "",
      "user_ip": "<user_ip>"
    }`

func TestDecodeEntry(t *testing.T) {
	t.Parallel()
	at := time.Date(2020, 4, 2, 13, 14, 49, 0, time.UTC)
	tests := []struct {
		name string
		raw  string
		want model.Event
		says string // in Summary, for entries not read in full
	}{
		{"docs example", docEntry, model.Event{ID: "70", Time: at, Action: "device_schedule_reboot", Actor: "<user_email>", Target: "flock:default",
			Summary: "User 'API Token' scheduled the device <device_id> to be rebooted", IP: "<user_ip>", Client: "<browser_agent_string>"}, ""},
		{"failure outcome, string id, unix time", `{"id":"a-1","timestamp":1585833289,"action_type":"user_login_failure","user":"bob"}`,
			model.Event{ID: "a-1", Time: at, Action: "user_login_failure", Actor: "bob", Outcome: model.OutcomeFailure}, ""},
		{"flock_name when no flock_id", `{"id":7,"flock_id":null,"flock_name":"London DC","additional_information":{"k":[1,2]}}`,
			model.Event{ID: "7", Target: "London DC"}, ""},
		{"numbers as text", `{"id":12345678901234567890,"user":42,"user_ip":null}`, model.Event{ID: "12345678901234567890", Actor: "42"}, ""},
		{"unknown fields only", `{"something_new":{"x":1}}`, model.Event{}, ""},
		{"bad timestamp", `{"id":8,"timestamp":"last tuesday","message":"User x logged in"}`, model.Event{ID: "8"}, "timestamp"},
		{"object user", `{"id":9,"user":{"email":"a@b"},"timestamp":"2020-04-02 13:14:49 UTC+0000"}`, model.Event{ID: "9", Time: at}, "user is an object"},
		{"list message", `{"id":10,"message":["a"]}`, model.Event{ID: "10"}, "message is a list"},
		{"a string", `"oops"`, model.Event{}, "it is a JSON string, not an object"},
		{"a number", `17`, model.Event{}, "it is a JSON number, not an object"},
		{"null", `null`, model.Event{}, "empty (null)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := decodeEntry([]byte(tt.raw))
			sourcetest.RequireEntryRead(t, &got, tt.raw, tt.says)
			if got.ID != tt.want.ID || !got.Time.Equal(tt.want.Time) || got.Action != tt.want.Action || got.Actor != tt.want.Actor ||
				got.Target != tt.want.Target || got.Summary != tt.want.Summary || got.IP != tt.want.IP || got.Client != tt.want.Client ||
				got.Outcome != tt.want.Outcome {
				t.Errorf("decodeEntry =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

// TestPageKeepsBadEntries: an entry that cannot be read is kept, in place,
// with its raw bytes, and the page's other entries are read as usual.
func TestPageKeepsBadEntries(t *testing.T) {
	body := `{"audit_trail": [` + docEntry + `, "not an entry", {"id": 69, "timestamp": {"when": "now"},  "user": "eve"}],
	  "cursor": {"next": "MDo2OTo1OjM6MjoxNQ==", "prev": null}, "page_count": "15", "page_number": 1, "result": "success"}`
	src := startCanned(t, 200, "application/json", body, nil)
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 3 {
		t.Fatalf("%d events, want all 3 kept", len(page.Events))
	}
	if !bytes.Equal(page.Events[0].Raw, []byte(docEntry)) {
		t.Errorf("Raw of the first entry = %s, want it as sent", page.Events[0].Raw)
	}
	if string(page.Events[1].Raw) != `"not an entry"` || !strings.Contains(page.Events[1].Summary, "could not read") {
		t.Errorf("second event %+v: want the raw string and a note", page.Events[1])
	}
	if e := page.Events[2]; e.ID != "69" || e.Actor != "eve" || !strings.Contains(e.Summary, "timestamp") {
		t.Errorf("third event %+v: want id and user read, and the timestamp problem noted", e)
	}
	if page.Next != "MDo2OTo1OjM6MjoxNQ==" || page.Prev != "" || page.Number != 1 || page.Total != 15 {
		t.Errorf("page %+v: want the docs' cursor, no prev, page 1 of 15", page)
	}
	// A time range cannot place the entries without a time: they are trimmed.
	page, err = src.Fetch(context.Background(), model.Query{Since: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}, "")
	if err != nil || len(page.Events) != 1 || page.Events[0].ID != "70" {
		t.Errorf("with a time range: %+v, %v; want only the entry with a time", page.Events, err)
	}
}

// TestSuccessShapes covers success responses that leave parts out.
func TestSuccessShapes(t *testing.T) {
	for body, wantEvents := range map[string]int{
		`{"result":"success","audit_trail":[]}`:                                       0,
		`{"result":"success"}`:                                                        0,
		`{"result":"success","audit_trail":null,"cursor":null}`:                       0,
		`{"audit_trail":[{"id":1}],"cursor":{"next":null,"prev":null}}`:               1,
		`{"audit_trail":[{"id":1}],"page_count":2.0,"page_number":"x","cursor":null}`: 1,
	} {
		src := startCanned(t, 200, "application/json", body, nil)
		page, err := src.Fetch(context.Background(), model.Query{}, "")
		if err != nil || len(page.Events) != wantEvents || page.Next != "" {
			t.Errorf("%s: %d events, next %q, %v; want %d events and the end", body, len(page.Events), page.Next, err, wantEvents)
		}
	}
}

// TestSameCursorBack: a console that answers a cursor with itself would make
// paging loop forever; that is an error, not an endless walk.
func TestSameCursorBack(t *testing.T) {
	src := startCanned(t, 200, "application/json", `{"result":"success","audit_trail":[],"cursor":{"next":"Y3Vy"}}`, nil)
	_, err := src.Fetch(context.Background(), model.Query{}, "Y3Vy")
	if err == nil || !strings.Contains(err.Error(), "never end") {
		t.Errorf("error %v; want one saying paging would never end", err)
	}
}

// Keys are matched ignoring case, as json.Unmarshal matched them.
func TestEntryKeysIgnoreCase(t *testing.T) {
	e := decodeEntry([]byte(`{"ID":7,"Action_Type":"user_login","USER":"alice","timestamp":"2020-04-17 11:58:10 UTC+0000"}`))
	if e.ID != "7" || e.Action != "user_login" || e.Actor != "alice" {
		t.Errorf("decoded %+v", e)
	}
}

// TestParseTimeAsParseJSONTime: the shortcut for Canary's time form gives
// what model.ParseJSONTime gives, or leaves the text to it, for dates and
// times in and out of range.
func TestParseTimeAsParseJSONTime(t *testing.T) {
	t.Parallel()
	n := 0
	for _, year := range []string{"0000", "1900", "2000", "2016", "2017", "9999", "20a6"} {
		for month := 0; month <= 13; month++ {
			for _, day := range []int{0, 1, 28, 29, 30, 31, 32} {
				for _, hour := range []int{0, 1, 12, 23, 24} {
					for _, ms := range []string{"00:00", "59:59", "60:00", "00:60", "0:000"} {
						for _, zone := range []string{"UTC+0000", "UTC+0100", "UTC-0000", "GMT+0000", "utc+0000"} {
							raw := json.RawMessage(fmt.Sprintf(`"%s-%02d-%02d %02d:%s %s"`, year, month, day, hour, ms, zone))
							got, gotErr := parseTime(raw)
							want, wantErr := model.ParseJSONTime(raw)
							if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
								t.Fatalf("%s: %v, %v; ParseJSONTime %v, %v", raw, got, gotErr, want, wantErr)
							}
							if _, ok := model.ClockTime(raw[1:20], false); ok {
								n++
							}
						}
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("the shortcut never read a time")
	}
	for _, raw := range []string{`1585833289`, `"2020-04-02 13:14:49 UTC+0000 "`, `"2020-04-02 13:14:49.5 UTC+0000"`, `"2020-04-02T13:14:49 UTC+0000"`, `""`, `null`} {
		got, gotErr := parseTime(json.RawMessage(raw))
		want, wantErr := model.ParseJSONTime(json.RawMessage(raw))
		if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("%s: %v, %v; ParseJSONTime %v, %v", raw, got, gotErr, want, wantErr)
		}
	}
}
