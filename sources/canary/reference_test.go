package canary

// The decoder as it was before pages were parsed once into a jsondoc.Doc,
// written with encoding/json alone (json.Unmarshal for the page, the
// envelope's members, each entry and the cursor): the reference the fast one
// must agree with, field for field and message for message (see
// FuzzDecodeMatchesReference).

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// refWireEntry is one audit_trail entry, each field raw so that a wrong type
// in one field costs that field only.
type refWireEntry struct {
	ID               json.RawMessage `json:"id"`
	ActionType       json.RawMessage `json:"action_type"`
	Timestamp        json.RawMessage `json:"timestamp"`
	User             json.RawMessage `json:"user"`
	FlockID          json.RawMessage `json:"flock_id"`
	FlockName        json.RawMessage `json:"flock_name"`
	Message          json.RawMessage `json:"message"`
	UserIP           json.RawMessage `json:"user_ip"`
	UserBrowserAgent json.RawMessage `json:"user_browser_agent"`
}

// refDecodeResponse turns a status and body into a page or an error. The
// envelope's members are found by their exact names (a map, not a struct
// whose fields json.Unmarshal would match with case ignored), as the
// decoder has found them since it first scanned pages.
func (s *Source) refDecodeResponse(status int, header http.Header, body []byte, hadCursor bool) (response, error) {
	if status >= 300 && status < 400 {
		return response{}, s.newError(sources.ErrBadQuery, status,
			"the server redirected the request to another address",
			"set base_url to the console's own address, like https://EXAMPLE.canary.tools")
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return response{}, s.nonJSONError(status, header, "the server sent an empty response")
	}
	if trimmed[0] != '{' {
		return response{}, s.nonJSONError(status, header, s.http.NonJSON(trimmed, header.Get("Content-Type")))
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &env); err != nil {
		return response{}, s.nonJSONError(status, header, "the response is not valid JSON: "+model.Clip(err.Error(), 120))
	}
	result, _ := model.JSONText(env["result"])
	if result == "error" || (result != "" && result != "success") || status < 200 || status > 299 {
		msg, _ := model.JSONText(env["message"])
		return response{}, s.apiError(status, header, msg, hadCursor)
	}
	var resp response
	if !model.IsJSONNull(env["audit_trail"]) {
		var raws []json.RawMessage
		if err := json.Unmarshal(env["audit_trail"], &raws); err != nil {
			return response{}, s.newError(sources.ErrMalformed, status, "the response's audit_trail is not a list", malformedHint)
		}
		resp.events = make([]model.Event, len(raws))
		for i, raw := range raws {
			resp.events[i] = refDecodeEntry(raw)
			if t := resp.events[i].Time; !t.IsZero() && (resp.oldest.IsZero() || t.Before(resp.oldest)) {
				resp.oldest = t
			}
		}
	} else if result != "success" {
		return response{}, s.newError(sources.ErrMalformed, status, "the response has neither an audit_trail nor a result", malformedHint)
	}
	var err error
	if resp.next, resp.prev, err = refDecodeCursor(env["cursor"]); err != nil {
		return response{}, s.newError(sources.ErrMalformed, status, err.Error(), malformedHint)
	}
	resp.number, resp.total = model.JSONInt(env["page_number"]), model.JSONInt(env["page_count"])
	return resp, nil
}

// refDecodeCursor reads {"next": ..., "prev": ...}, where null means none.
func refDecodeCursor(raw json.RawMessage) (next, prev string, err error) {
	if model.IsJSONNull(raw) {
		return "", "", nil
	}
	var c struct{ Next, Prev json.RawMessage }
	if err := json.Unmarshal(raw, &c); err != nil {
		return "", "", errors.New("the response's cursor is not an object")
	}
	for _, v := range [...]json.RawMessage{c.Next, c.Prev} {
		if t := bytes.TrimSpace(v); !model.IsJSONNull(t) && t[0] != '"' {
			return "", "", errors.New("the response's cursor.next or cursor.prev is not a string")
		}
	}
	next, _ = model.JSONText(c.Next)
	prev, _ = model.JSONText(c.Prev)
	return next, prev, nil
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
	t, err := model.ParseJSONTime(w.Timestamp)
	r.Add("timestamp:", err)
	e.Time = t
	e.Action = text("action_type", w.ActionType)
	e.Actor = text("user", w.User)
	e.Target = text("flock_id", w.FlockID)
	if name := text("flock_name", w.FlockName); e.Target == "" {
		e.Target = name
	}
	e.Summary = text("message", w.Message)
	e.IP = text("user_ip", w.UserIP)
	e.Client = text("user_browser_agent", w.UserBrowserAgent)
	e.Outcome = model.OutcomeFromAction(e.Action)
	e.Summary = r.Summary("entry", e.Summary)
	return e
}

// FuzzDecodeMatchesReference: the fast decoder agrees with the reference on
// any response: the same error, or the same page, events field for field
// and messages included; an entry read alone (decodeEntry, the codec's
// Entry) too, whatever its bytes.
// go test ./sources/canary -run '^$' -fuzz FuzzDecodeMatchesReference -fuzztime 1m
func FuzzDecodeMatchesReference(f *testing.F) {
	em := canaryemu.New(canaryemu.DemoOptions(seedNow))
	page := mustJSON(map[string]any{"audit_trail": em.Entries()[:4], "cursor": map[string]any{"next": "MDo2OTo1OjM6MjoxNQ==", "prev": nil},
		"page_count": 3, "page_number": 1, "result": "success"})
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, string(page)},
		{200, `{"audit_trail":[` + docEntry + `],"result":"success"}`},
		{200, ` { "result" : "success" , "audit_trail" : [ ` + docEntry + ` , null ] , "cursor" : { "next" : null , "prev" : "cA==" } } `},
		{200, `{"audit_trail":[null,1,"x",true,[],{},{"id":7,"timestamp":"soon","user":{},"message":[1],"flock_id":""}],"cursor":{"next":5}}`},
		{200, `{"Result":"error","AUDIT_TRAIL":[{"ID":"a","Action_Type":"x_failure","id":"b","ſ":1,"uſer":"long s","USER_IP":"1"}],"res\u0075lt":"success","audit_trail":[{"flock_id":null,"flock_name":"n","flock_name":"m"}]}`},
		{200, `{"audit_trail":[{"id":"\u0031","message":"caf\u00e9 \"quoted\"","user":"a\\b","user_ip":"\ud800","user_browser_agent":"\u2028"}]}`},
		{200, "{\"audit_trail\":[{\"id\":\"\xff\",\"action_type\":\"t\xfe\",\"user\":\"ok\"}],\"result\":\"success\"}"},
		{200, `{"audit_trail":[{"timestamp":"2020-04-02 13:14:49 UTC+0000"},{"timestamp":1585833289},{"timestamp":"2020-04-02T13:14:49Z"},{"timestamp":-5},{"timestamp":1.5e12},{"timestamp":123456789012345678901},{"timestamp":" 1585833289"},{"timestamp":"2020-02-30 13:14:49 UTC+0000"}]}`},
		{200, `{"audit_trail":[],"page_number":"2","page_count":2.0,"cursor":{"Next":"a","prev":"b","NEXT":"c"}}`},
		{200, `{"audit_trail":{"id":1},"result":"success"}`},
		{200, `{"result":"success","cursor":[],"page_number":-1,"page_count":1e400}`},
		{200, `{"result":"success","cursor":{"next":{}}}`},
		{200, `{"result":"maybe"}`},
		{200, `{"message":"no result"}`},
		{200, `{"audit_trail":[1,`},
		{401, `{"result":"error","message":"Unauthorized"}`},
		{200, `{"result":"error","message":{"x":1}}`},
		{200, `[]`},
	} {
		f.Add(seed.status, []byte(seed.body), false)
	}
	s := New(Config{Common: transport.Common{BaseURL: "https://EXAMPLE.canary.tools"}, Token: testToken})
	header := http.Header{"Content-Type": {"application/json"}, "Retry-After": {"3"}}
	f.Fuzz(func(t *testing.T, status int, body []byte, hadCursor bool) {
		body = body[:len(body):len(body)]
		resp, err := s.decodeResponse(status, header, body, hadCursor)
		want, wantErr := s.refDecodeResponse(status, header, body, hadCursor)
		sourcetest.RequireSameError(t, body, err, wantErr)
		sourcetest.RequireSame(t, "page", body, resp, want)
		sourcetest.RequireAloneAlike(t, body, resp.events, decodeEntry, refDecodeEntry)
	})
}
