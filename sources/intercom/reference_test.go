package intercom

// The decoder as it was before pages were scanned instead of decoded again
// (json.Unmarshal for the page, each entry and its parts): the reference
// the fast one must agree with, field for field and message for message
// (see FuzzDecodeMatchesReference).

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// refEnvelope is a list or error response. Every part is kept raw and read
// leniently: the documented shapes disagree with each other in places.
type refEnvelope struct {
	Type         json.RawMessage `json:"type"`
	Pages        json.RawMessage `json:"pages"`
	ActivityLogs json.RawMessage `json:"activity_logs"`
	Errors       json.RawMessage `json:"errors"`
}

// refWireEntry is one activity_logs entry, each field raw so that a wrong type
// in one field costs that field only.
type refWireEntry struct {
	ID                  json.RawMessage `json:"id"`
	PerformedBy         json.RawMessage `json:"performed_by"`
	Metadata            json.RawMessage `json:"metadata"`
	CreatedAt           json.RawMessage `json:"created_at"`
	ActivityType        json.RawMessage `json:"activity_type"`
	ActivityDescription json.RawMessage `json:"activity_description"`
}

// refWireAdmin is performed_by. Older versions send a whole Admin object, of
// which name is the one other field worth reading.
type refWireAdmin struct {
	ID    json.RawMessage `json:"id"`
	Email json.RawMessage `json:"email"`
	Name  json.RawMessage `json:"name"`
	IP    json.RawMessage `json:"ip"`
}

// refDecodeResponse turns a status and body into a page or an error. A body
// of type error.list is an error whatever the status.
func (s *Source) refDecodeResponse(status int, header http.Header, body []byte, hadCursor bool) (response, error) {
	if status >= 300 && status < 400 {
		return response{}, s.newError(sources.ErrBadQuery, status, "the server redirected the request to another address",
			"set base_url to Intercom's API host itself, like "+DefaultBaseURL)
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return response{}, s.nonJSONError(status, header, "the server sent an empty response")
	}
	if trimmed[0] != '{' {
		return response{}, s.nonJSONError(status, header, s.http.NonJSON(trimmed, header.Get("Content-Type")))
	}
	var env refEnvelope
	if err := json.Unmarshal(trimmed, &env); err != nil {
		return response{}, s.nonJSONError(status, header, "the response is not valid JSON: "+clip(err.Error(), 120))
	}
	typ, _ := model.JSONText(env.Type)
	if typ == "error.list" || !model.IsJSONNull(env.Errors) || status < 200 || status > 299 {
		return response{}, s.apiError(status, header, decodeErrors(env.Errors), hadCursor)
	}
	if model.IsJSONNull(env.ActivityLogs) && typ != "activity_log.list" {
		return response{}, s.newError(sources.ErrMalformed, status, "the response is not an activity log list", malformedHint)
	}
	var resp response
	if !model.IsJSONNull(env.ActivityLogs) {
		var raws []json.RawMessage
		if err := json.Unmarshal(env.ActivityLogs, &raws); err != nil {
			return response{}, s.newError(sources.ErrMalformed, status, "the response's activity_logs is not a list", malformedHint)
		}
		resp.events = make([]model.Event, len(raws))
		for i, raw := range raws {
			resp.events[i] = refDecodeEntry(raw)
		}
	}
	if err := decodePages(env.Pages, &resp); err != nil {
		return response{}, s.newError(sources.ErrMalformed, status, err.Error(), malformedHint)
	}
	return resp, nil
}

// refDecodeEntry maps one entry onto an Event. It never fails: an entry that
// cannot be read is kept with its raw bytes, and Summary says what was wrong.
func refDecodeEntry(raw json.RawMessage) model.Event {
	var w refWireEntry
	e, ok := sourcetest.RefUnmarshal(raw, "entry", &w)
	if !ok {
		return e
	}
	var r sourcetest.RefEntry
	text := r.Text
	e.ID = text("id", w.ID)
	t, err := model.ParseJSONTime(w.CreatedAt)
	r.Add("created_at:", err)
	e.Time = t
	e.Action = text("activity_type", w.ActivityType)
	e.Summary = text("activity_description", w.ActivityDescription)
	if !model.IsJSONNull(w.PerformedBy) {
		var by refWireAdmin
		if err := json.Unmarshal(w.PerformedBy, &by); err != nil {
			r.Note("performed_by is not an object")
		} else {
			e.ActorID = text("performed_by.id", by.ID)
			e.Actor = text("performed_by.email", by.Email)
			if name := text("performed_by.name", by.Name); e.Actor == "" {
				e.Actor = name
			}
			if e.Actor == "" {
				e.Actor = e.ActorID
			}
			e.IP = text("performed_by.ip", by.IP)
		}
	}
	if !model.IsJSONNull(w.Metadata) {
		md, err := refMembers(w.Metadata)
		if err != nil {
			r.Note("metadata is not an object")
		} else {
			e.Target = refTarget(md)
			e.Changes = refChanges(e.Action, md)
		}
	}
	e.Outcome = outcome(e.Action)
	e.Summary = r.Summary("entry", e.Summary)
	return e
}

// refMembers reads a JSON object keeping its keys' order, so refChanges appear in
// the order Intercom lists them.
func refMembers(raw json.RawMessage) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, member{key, v})
	}
	return out, nil
}

func refLookup(ms []member, key string) json.RawMessage {
	for _, m := range ms {
		if m.key == key {
			return m.value
		}
	}
	return nil
}

// refTarget names the object an entry is about, from the metadata keys that
// name one: the message, the team, or the kind of setting changed.
func refTarget(md []member) string {
	for _, k := range [...]string{"message", "team"} {
		obj, err := refMembers(refLookup(md, k))
		if err != nil {
			continue
		}
		for _, field := range [...]string{"title", "name"} {
			if s, err := model.JSONText(refLookup(obj, field)); err == nil && s != "" {
				return s
			}
		}
		if id, err := model.JSONText(refLookup(obj, "id")); err == nil && id != "" {
			return k + " " + id
		}
	}
	if s, err := model.JSONText(refLookup(md, "setting_type")); err == nil {
		return s
	}
	return ""
}

// refChanges lists the before → after values an entry reports: metadata's
// before/after pair (named after the activity, app_name for
// app_name_change), previous_state/new_state, and each setting in refChanges.
func refChanges(action string, md []member) []model.Change {
	var out []model.Change
	before, after := refLookup(md, "before"), refLookup(md, "after")
	if before != nil || after != nil {
		field := strings.TrimSuffix(action, "_change")
		if field == "" {
			field = "value"
		}
		out = append(out, model.Change{Field: field, Before: refRenderValue(before), After: refRenderValue(after)})
	}
	prev, next := refLookup(md, "previous_state"), refLookup(md, "new_state")
	if prev != nil || next != nil {
		out = append(out, model.Change{Field: "state", Before: refRenderValue(prev), After: refRenderValue(next)})
	}
	set, err := refMembers(refLookup(md, "changes"))
	if err != nil {
		return out
	}
	for _, m := range set {
		pair, err := refMembers(m.value)
		b, a := refLookup(pair, "before"), refLookup(pair, "after")
		if err != nil || (b == nil && a == nil) {
			// Not a {before, after} pair: the new value is all there is.
			out = append(out, model.Change{Field: m.key, After: refRenderValue(m.value)})
			continue
		}
		out = append(out, model.Change{Field: m.key, Before: refRenderValue(b), After: refRenderValue(a)})
	}
	return out
}

// refRenderValue shows a JSON value for the before → after view: a string as
// its text, anything else as compact JSON, absent as "". Terminal escapes
// are left to the UI, which sanitizes everything it draws.
func refRenderValue(raw json.RawMessage) string {
	v := bytes.TrimSpace(raw)
	if len(v) == 0 {
		return ""
	}
	if v[0] == '"' {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return clip(s, maxValue)
		}
	}
	var b bytes.Buffer
	if json.Compact(&b, v) != nil {
		return clip(string(v), maxValue)
	}
	return clip(b.String(), maxValue)
}

// FuzzDecodeMatchesReference: the scanning decoder agrees with the reference
// on any response: the same error, or the same page, events field for field
// and messages included; an entry read alone (decodeEntry, the codec's
// Entry) too, whatever its bytes.
// go test ./sources/intercom -run '^$' -fuzz FuzzDecodeMatchesReference -fuzztime 1m
func FuzzDecodeMatchesReference(f *testing.F) {
	em := intercomemu.New(intercomemu.DemoOptions(seedNow))
	page := `{"type":"activity_log.list","activity_logs":[` + sourcetest.JoinJSON(f, em.Entries()[:6]) +
		`],"pages":{"type":"pages","next":null,"page":1,"per_page":6,"total_pages":1}}`
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, page},
		{200, `{"type":"activity_log.list","activity_logs":[` + docsAppName + `,` + docsMessage + `]}`},
		{200, `{"type":"activity_log.list","activity_logs":[null,1,"x",true,[],{},{"id":7,"created_at":"soon","performed_by":"x","metadata":[1],"activity_type":{}}],"pages":{"next":5}}`},
		{200, `{"TYPE":"activity_log.list","activity_logs":null,"Activity_Logs":[{"ID":"a","Performed_By":{"EMAIL":"e","ſ":1,"Id":"2","id":"3"},"created_AT":"1734537253","activity_type":"x","ID":"b","iD":"c"}]}`},
		{200, `{"type":"activity_log.list","activity_logs":[{"id":"a","id":"b","metadata":{"x":1},"metadata":{"before":"p","after":"q"},"metadata":{"setting_type":"s","before":1,"before":2}}]}`},
		{200, `{"type":"activity_log.list","activity_logs":[{"id":"\u0031","activity_description":"caf\u00e9 \"quoted\"","performed_by":{"email":"a\\b","name":"\ud800"},"metadata":{"before":"\u2028","after":{"x" : [1, 2]},"changes":{"k":{"before":1},"j":"v","k":{"after":2}}}}]}`},
		{200, "{\"type\":\"activity_log.list\",\"activity_logs\":[{\"id\":\"\xff\",\"activity_type\":\"t\xfe\",\"metadata\":{\"message\":{\"title\":\"\",\"name\":\"n\",\"id\":3},\"team\":{\"id\":\"x\"}}}]}"},
		{200, `{"type":"activity_log.list","activity_logs":[{"created_at":1.5e9},{"created_at":-5},{"created_at":"2024-12-18T15:54:13Z"},{"created_at":123456789012345678901},{"created_at":" 1734537253"}]}`},
		{200, `{"type":"activity_log.list","activity_logs":[{"metadata":{"before":null,"after":5,"previous_state":true,"new_state":[ 1 ],"setting_type":7}}]}`},
		{200, `{"type":"activity_log.list","activity_logs":{"id":1},"pages":"2"}`},
		{200, `{"type":"activity_log.list","activity_logs":[],"pages":{"next":{"starting_after":{},"per_page":"x"}}}`},
		{200, `{"type":"activity_log.list","activity_logs":[1,`},
		{401, `{"type":"error.list","errors":[{"code":"unauthorized","message":"x"}]}`},
		{200, `{"type":"error.list","errors":[{"code":"a","message":"b"}], "errors": null}`},
		{200, `[]`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}
	s := New(Config{Common: transport.Common{BaseURL: DefaultBaseURL}, Token: "t"})
	header := http.Header{"Content-Type": {"application/json"}, "X-Ratelimit-Reset": {"3"}}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		body = body[:len(body):len(body)]
		resp, err := s.decodeResponse(status, header, body, false)
		want, wantErr := s.refDecodeResponse(status, header, body, false)
		sourcetest.RequireSameError(t, body, err, wantErr)
		sourcetest.RequireSame(t, "page", body, resp, want)
		sourcetest.RequireAloneAlike(t, body, resp.events, decodeEntry, refDecodeEntry)
		if got, want := renderValue(body), refRenderValue(body); got != want {
			t.Fatalf("renderValue(%q) = %q, the reference %q", body, got, want)
		}
	})
}
