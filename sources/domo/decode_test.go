package domo

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// docsEntry is the documentation's sample entry.
const docsEntry = `{"actionType":"VIEWED","actorId":0,"actorName":"","additionalComment":"Leonard Euler viewed page Intro to Domo.",` +
	`"browserDetails":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/62.0.3202.94 Safari/537.36",` +
	`"device":"desktop","eventText":"Viewed page","ipAddress":"50.207.241.61","objectId":"663909457","objectName":"Intro to Domo",` +
	`"objectType":"PAGE","time":"2017-12-13 10:57:35 PM","userId":"1619916076","userName":"Leonard Euler","userType":"USER"}`

func TestDecodeDocsEntry(t *testing.T) {
	e := decodeEntries([]json.RawMessage{json.RawMessage(docsEntry)}, defaultZone)[0]
	want := model.Event{
		// 10:57:35 PM in US Mountain time (UTC-7): inside the docs' sample
		// request's window, 05:50 to 06:00 UTC.
		Time:    time.Date(2017, 12, 14, 5, 57, 35, 0, time.UTC),
		Action:  "VIEWED",
		Actor:   "Leonard Euler",
		ActorID: "1619916076",
		Target:  `PAGE "Intro to Domo" (663909457)`,
		Summary: "Leonard Euler viewed page Intro to Domo.",
		IP:      "50.207.241.61",
		Client:  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/62.0.3202.94 Safari/537.36",
	}
	if !e.Time.Equal(want.Time) || e.Action != want.Action || e.Actor != want.Actor || e.ActorID != want.ActorID ||
		e.Target != want.Target || e.Summary != want.Summary || e.IP != want.IP || e.Client != want.Client || e.Outcome != model.OutcomeUnknown {
		t.Errorf("decoded %+v\nwant    %+v", e, want)
	}
	if string(e.Raw) != docsEntry {
		t.Error("Raw is not the entry byte for byte")
	}
	if len(e.ID) != idLen || strings.Trim(e.ID, "0123456789abcdef") != "" {
		t.Errorf("id %q is not %d hex digits", e.ID, idLen)
	}
}

// TestTimeForms: the three forms Domo's sources disagree on, and what is
// wrong with a time that is none of them.
func TestTimeForms(t *testing.T) {
	at := time.Date(2017, 12, 13, 22, 57, 35, 0, time.UTC)
	tests := []struct {
		name, time string
		want       time.Time
	}{
		{"docs", `"2017-12-13 10:57:35 PM"`, at},
		{"docs morning", `"2017-12-13 09:05:01 AM"`, time.Date(2017, 12, 13, 9, 5, 1, 0, time.UTC)},
		{"docs noon", `"2017-12-13 12:00:00 PM"`, time.Date(2017, 12, 13, 12, 0, 0, 0, time.UTC)},
		{"rfc3339", `"2017-12-13T22:57:35Z"`, at},
		{"rfc3339 millis and offset", `"2017-12-13T23:57:35.250+01:00"`, at.Add(250 * time.Millisecond)},
		{"epoch ms", `1513205855000`, at},
		{"epoch ms as text", `"1513205855123"`, at.Add(123 * time.Millisecond)},
	}
	for _, tt := range tests {
		e := decodeEntry(json.RawMessage(`{"actionType":"VIEWED","time":`+tt.time+`}`), time.UTC)
		if !e.Time.Equal(tt.want) || strings.Contains(e.Summary, "could not") {
			t.Errorf("%s: time %v, summary %q; want %v", tt.name, e.Time, e.Summary, tt.want)
		}
	}
	e := decodeEntry(json.RawMessage(`{"actionType":"VIEWED","time":"yesterday","additionalComment":"x"}`), time.UTC)
	if !e.Time.IsZero() || !strings.Contains(e.Summary, "time") || !strings.HasSuffix(e.Summary, ": x") {
		t.Errorf("bad time: %v, summary %q", e.Time, e.Summary)
	}
}

// TestEmulatorTimeForms: what the emulator writes in each form reads back to
// the entry's time, to the form's precision.
func TestEmulatorTimeForms(t *testing.T) {
	at := time.Date(2026, 11, 17, 9, 4, 5, 678e6, time.UTC)
	for form, want := range map[domoemu.TimeForm]string{
		domoemu.TimeDocs:        `"time":"2026-11-17 09:04:05 AM"`,
		domoemu.TimeRFC3339:     `"time":"2026-11-17T09:04:05.678Z"`,
		domoemu.TimeEpochMillis: `"time":1794906245678`,
	} {
		raw := domoemu.New(domoemu.Options{TimeForm: form, Zone: time.UTC}).JSON(domoemu.Entry{Time: at, ActionType: "VIEWED"})
		if !strings.Contains(string(raw), want) {
			t.Errorf("form %d: %s; want %s", form, raw, want)
		}
		if got := decodeEntry(raw, time.UTC).Time; !got.Equal(at.Truncate(precision(form))) {
			t.Errorf("form %d reads back as %v", form, got)
		}
	}
}

// TestProxyActor: the proxying user arrives as actorName (docs) or actorType
// (Rust SDK); either way the user stays the actor and the proxy is named.
func TestProxyActor(t *testing.T) {
	for _, key := range []string{"actorName", "actorType"} {
		raw := `{"actionType":"VIEWED","userName":"Ada Lovelace","userId":"1837401552","actorId":964382593,"` + key +
			`":"Grace Hopper","additionalComment":"Ada Lovelace viewed page Sales Pipeline.","time":"2026-11-17 09:04:05 AM"}`
		e := decodeEntry(json.RawMessage(raw), time.UTC)
		if e.Actor != "Ada Lovelace" || e.ActorID != "1837401552" || e.Summary != "Ada Lovelace viewed page Sales Pipeline. (via Grace Hopper)" {
			t.Errorf("%s: actor %q (%s), summary %q", key, e.Actor, e.ActorID, e.Summary)
		}
	}
	e := decodeEntry(json.RawMessage(`{"userName":"Ada","userId":"1","actorId":"77","eventText":"Viewed page"}`), time.UTC)
	if e.Summary != "Viewed page (via user 77)" {
		t.Errorf("proxy without a name: summary %q", e.Summary)
	}
	e = decodeEntry(json.RawMessage(`{"userName":"Ada","userId":"1","actorId":0,"actorType":"","additionalComment":"x"}`), time.UTC)
	if e.Summary != "x" {
		t.Errorf("no proxy: summary %q", e.Summary)
	}
}

// TestNoSuchUserHasNoActorID: failed logins for names that are no user
// carry userId 0; it is no one's id, so the actor is the name alone, and a
// pivot on root does not find adminROOT through their shared 0.
func TestNoSuchUserHasNoActorID(t *testing.T) {
	for _, raw := range []string{
		`{"actionType":"LOGIN_FAILED","userName":"root","userId":"0"}`,
		`{"actionType":"LOGIN_FAILED","userName":"root","userId":0}`,
	} {
		e := decodeEntry(json.RawMessage(raw), time.UTC)
		if e.Actor != "root" || e.ActorID != "" {
			t.Errorf("%s: actor %q id %q; want root and no id", raw, e.Actor, e.ActorID)
		}
	}
	if e := decodeEntry(json.RawMessage(`{"userName":"Ada","userId":"10"}`), time.UTC); e.ActorID != "10" {
		t.Errorf("userId 10 read as %q", e.ActorID)
	}
}

// TestDecodeOddEntries: an entry that cannot be read is kept, and says why;
// unknown fields stay in Raw and in text search.
func TestDecodeOddEntries(t *testing.T) {
	for _, tc := range []struct {
		raw, says string
	}{
		{`null`, "empty (null)"},
		{`"VIEWED"`, "JSON string, not an object"},
		{`{"userName":{"first":"Ada"},"actionType":"VIEWED"}`, "userName is an object"},
		{`{"objectId":[1,2],"actionType":"VIEWED"}`, "objectId is a list"},
	} {
		e := decodeEntries([]json.RawMessage{json.RawMessage(tc.raw)}, time.UTC)[0]
		if !strings.Contains(e.Summary, tc.says) || string(e.Raw) != tc.raw || e.ID == "" {
			t.Errorf("%s: %+v; want a summary saying %q, the raw entry and an id", tc.raw, e, tc.says)
		}
	}
	e := decodeEntry(json.RawMessage(`{"actionType":"LOGIN_FAILED","userId":42,"device":"mobile","geoLocation":"Reykjavík, IS"}`), time.UTC)
	if e.ActorID != "42" || e.Client != "mobile" || e.Outcome != model.OutcomeFailure || !e.Contains("reykjavík") {
		t.Errorf("odd entry: %+v", e)
	}
}

// TestIDs: an id is the same whatever the key order and spacing, differs
// for different entries, and numbers identical twins on a page.
func TestIDs(t *testing.T) {
	a := `{"actionType":"VIEWED","time":"2017-12-13 10:57:35 PM","userId":"1","n":1.50}`
	b := "{ \"n\": 1.50,\n \"userId\":\"1\", \"time\":\"2017-12-13 10:57:35 PM\", \"actionType\":\"VIEWED\" }"
	c := `{"actionType":"VIEWED","time":"2017-12-13 10:57:35 PM","userId":"1","n":1.5}`
	evs := decodeEntries([]json.RawMessage{json.RawMessage(a), json.RawMessage(b), json.RawMessage(c), json.RawMessage(a)}, time.UTC)
	if evs[0].ID != entryHash(json.RawMessage(a)) || evs[1].ID != evs[0].ID+"~2" || evs[3].ID != evs[0].ID+"~3" {
		t.Errorf("twins: ids %v", sourcetest.IDs(evs))
	}
	if evs[2].ID == evs[0].ID || strings.Contains(evs[2].ID, "~") {
		t.Errorf("1.5 and 1.50 are written differently, so are different entries: ids %v", sourcetest.IDs(evs))
	}
	if again := decodeEntries([]json.RawMessage{json.RawMessage(b)}, time.UTC); again[0].ID != evs[0].ID {
		t.Errorf("the same entry alone has id %s, on a page %s", again[0].ID, evs[0].ID)
	}
}

// TestCodec: entries read back from a file look as they did from the API.
func TestCodec(t *testing.T) {
	c := Codec()
	if c.Provider != "domo" || c.Page != nil {
		t.Errorf("codec %q, page %v", c.Provider, c.Page != nil)
	}
	em := domoemu.New(domoemu.Options{Events: 60, Seed: 4, Now: testNow})
	for i, e := range em.Entries() {
		raw := em.JSON(e)
		if !c.Detect(sourcetest.Keys(raw)) {
			t.Fatalf("entry %d not detected: %s", i, raw)
		}
		got, want := c.Entry(raw), eventsOf(em, []domoemu.Entry{e})[0]
		if got.ID != want.ID || !got.Time.Equal(want.Time) || got.Summary != want.Summary || got.Target != want.Target {
			t.Errorf("entry %d from a file: %+v\nfrom the API: %+v", i, got, want)
		}
	}
	for _, other := range []string{`{"id":1,"action_type":"user_login","flock_id":"x"}`, `{"time":"x","userName":"a"}`} {
		if c.Detect(sourcetest.Keys([]byte(other))) {
			t.Errorf("%s detected as Domo", other)
		}
	}
}
