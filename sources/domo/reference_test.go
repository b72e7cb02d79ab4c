package domo

// The decoder as it was before pages were scanned instead of decoded again
// (json.Unmarshal for the page and each entry, encoding/json for the
// canonical form): the reference the fast one must agree with, byte for
// byte and message for message (see FuzzDecodeMatchesReference).

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// refWireEntry is wireEntry as it was.
type refWireEntry struct {
	ActionType        json.RawMessage `json:"actionType"`
	ActorID           json.RawMessage `json:"actorId"`
	ActorName         json.RawMessage `json:"actorName"`
	ActorType         json.RawMessage `json:"actorType"` // the Rust SDK's name for actorName
	AdditionalComment json.RawMessage `json:"additionalComment"`
	BrowserDetails    json.RawMessage `json:"browserDetails"`
	Device            json.RawMessage `json:"device"`
	EventText         json.RawMessage `json:"eventText"`
	IPAddress         json.RawMessage `json:"ipAddress"`
	ObjectID          json.RawMessage `json:"objectId"`
	ObjectName        json.RawMessage `json:"objectName"`
	ObjectType        json.RawMessage `json:"objectType"`
	Time              json.RawMessage `json:"time"`
	UserID            json.RawMessage `json:"userId"`
	UserName          json.RawMessage `json:"userName"`
}

// refDecodePage turns a /v1/audit response into its entries or an error. The
// body of a page is a bare JSON list; anything else is an error, told from
// the status and, where there is one, Domo's error object.
func (s *Source) refDecodePage(status int, header http.Header, body []byte) ([]json.RawMessage, error) {
	if status >= 300 && status < 400 {
		return nil, s.newError(sources.ErrBadQuery, status, "the server redirected the request to another address",
			"set base_url to Domo's API address, "+DefaultBaseURL)
	}
	trimmed := bytes.TrimSpace(body)
	ok := status >= 200 && status <= 299
	switch {
	case len(trimmed) == 0:
		return nil, s.nonJSONError(status, header, "the server sent an empty response")
	case trimmed[0] == '{':
		var de domoError
		if err := json.Unmarshal(trimmed, &de); err != nil {
			return nil, s.nonJSONError(status, header, "the response is not valid JSON: "+clip(err.Error(), 120))
		}
		if ok && !de.isError() {
			return nil, s.newError(sources.ErrMalformed, status, "the response is a JSON object, not the list of entries", malformedHint)
		}
		return nil, s.apiError(status, header, de)
	case trimmed[0] != '[':
		return nil, s.nonJSONError(status, header, s.describeNonJSON(trimmed, header.Get("Content-Type")))
	case !ok:
		return nil, s.apiError(status, header, domoError{})
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(trimmed, &raws); err != nil {
		return nil, s.newError(sources.ErrMalformed, status, "the response is not valid JSON: "+clip(err.Error(), 120), malformedHint)
	}
	return raws, nil
}

// refDecodeEntries maps a page's entries onto events with their ids.
func refDecodeEntries(raws []json.RawMessage, loc *time.Location) []model.Event {
	evs := make([]model.Event, len(raws))
	for i, raw := range raws {
		evs[i] = refDecodeEntry(raw, loc)
	}
	refAssignIDs(evs)
	return evs
}

// refDecodeEntry maps one entry onto an Event, without its id. It never fails:
// an entry that cannot be read is kept with its raw bytes, and Summary says
// what was wrong.
func refDecodeEntry(raw json.RawMessage, loc *time.Location) model.Event {
	var w refWireEntry
	e, ok := sourcetest.RefUnmarshal(raw, "entry", &w)
	if !ok {
		return e
	}
	var r sourcetest.RefEntry
	text := r.Text
	t, err := refParseTime(w.Time, loc)
	r.Add("time:", err)
	e.Time = t
	e.Action = text("actionType", w.ActionType)
	e.Actor = text("userName", w.UserName)
	e.ActorID = text("userId", w.UserID)
	if e.ActorID == "0" {
		e.ActorID = ""
	}
	e.Target = refTarget(text("objectType", w.ObjectType), text("objectName", w.ObjectName), text("objectId", w.ObjectID))
	e.Summary = text("additionalComment", w.AdditionalComment)
	if e.Summary == "" {
		e.Summary = text("eventText", w.EventText)
	}
	proxy := text("actorName", w.ActorName)
	if proxy == "" {
		proxy = text("actorType", w.ActorType)
	}
	if id := text("actorId", w.ActorID); id != "" && id != "0" && id != e.ActorID {
		// Someone acting for the user (an admin's "log in as"): worth seeing.
		if proxy == "" {
			proxy = "user " + id
		}
		e.Summary = strings.TrimSpace(e.Summary + " (via " + proxy + ")")
	}
	e.IP = text("ipAddress", w.IPAddress)
	e.Client = text("browserDetails", w.BrowserDetails)
	if e.Client == "" {
		e.Client = text("device", w.Device)
	}
	e.Outcome = model.OutcomeFromAction(e.Action)
	e.Summary = r.Summary("entry", e.Summary)
	return e
}

// refParseTime is parseTime without its shortcuts: numbers as
// model.ParseJSONTime reads them, text through textTime in loc, and what
// neither reads as model.ParseJSONTime says.
func refParseTime(raw json.RawMessage, loc *time.Location) (time.Time, error) {
	var str string
	if json.Unmarshal(raw, &str) == nil {
		if _, err := strconv.ParseInt(str, 10, 64); err != nil || len(str) > 18 || strings.ContainsAny(str, "+-") {
			if t, ok := textTime(strings.TrimSpace(str), loc); ok {
				return t, nil
			}
		}
	}
	return model.ParseJSONTime(raw)
}

// refTarget describes the object acted on: PAGE "Intro to Domo" (663909457).
func refTarget(typ, name, id string) string {
	var parts []string
	if typ != "" {
		parts = append(parts, typ)
	}
	if name != "" {
		parts = append(parts, `"`+name+`"`)
	}
	if id != "" {
		parts = append(parts, "("+id+")")
	}
	return strings.Join(parts, " ")
}

// refAssignIDs gives each event of evs, in Domo's order, its id: the hash
// of its canonical form as encoding/json writes it (entryHash), which the
// scanner's hash, written straight from the parse, must match.
func refAssignIDs(evs []model.Event) {
	copies := make(map[string]int, len(evs))
	for i := range evs {
		h := entryHash(evs[i].Raw)
		copies[h]++
		if n := copies[h]; n > 1 {
			h += "~" + strconv.Itoa(n)
		}
		evs[i].ID = h
	}
}

// FuzzDecodeMatchesReference: the scanning decoder agrees with the reference
// on any response: the same error, or the same entries byte for byte and the
// same events field for field, ids and messages included; an entry read
// alone (decodeEntry, the codec's decodeEntryWithID) too, whatever its bytes.
// go test ./sources/domo -run '^$' -fuzz FuzzDecodeMatchesReference -fuzztime 1m
func FuzzDecodeMatchesReference(f *testing.F) {
	body := pageOf(domoemu.New(domoemu.Options{Events: 3, Seed: 2, Now: testNow}))
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, string(body)},
		{200, `[` + docsEntry + `]`},
		{200, ` [ ` + docsEntry + ` , ` + docsEntry + ` ] `},
		{200, `[null,1,"x",true,[],{},{"time":12,"userName":{}}]`},
		{200, `[{"time":"2017-12-13 12:00:00 AM"},{"time":"2017-02-29 10:57:35 PM"},{"time":"2016-02-29 00:57:35 PM"},{"time":"2017-12-13 13:57:35 PM"},{"time":"2017-12-13 10:57:35 pm"}]`},
		{200, `[{"time":1513205855000},{"time":"1513205855123"},{"time":-5},{"time":1.5e12},{"time":123456789012345678901}]`},
		{200, `[{"time":"2026-11-01 01:30:00 AM"},{"time":"2026-03-08 02:30:00 AM"},{"time":"2026-11-01 01:30:00 AM MST"},{"time":"2017-12-13 10:57:35 PM +0100"}]`},
		{200, `[{"userName":"Ada\"s","objectName":"a\\b","eventText":"\u00e9t\u00e9 \u2028","ipAddress":"\ud800"}]`},
		{200, "[{\"userName\":\"\xff\xfe\",\"objectName\":\"line\u2028sep\",\"z\":1,\"a\":2}]"},
		{200, `[{"b":1,"a":2,"b":3,"A":4},{"ACTIONTYPE":"x","actionType":"y","ActionType":"z"},{"userName":"u","uſerName":"long s","ipAddreſs":"1"},{"USERNAME":"U","objectId":"\u212a"}]`},
		{200, `[{"z":{"y":[3,{"b":1,"a":[]}],"x":null},"a":[{"d":1,"c":2}], "n": -0.50E+3}]`},
		{200, `[{"actionType":"VIEWED"}` + "\n" + `]`},
		{200, "[{\"actionType\":\"line\u2028sep\",\"time\":1},{\"actionType\":\"para\u2029sep\"},{\"actionType\":\"café <&>\x7f\"}]"},
		{200, `[1,`},
		{200, `[{"a":1}}`},
		{401, `{"status":401,"message":"x"}`},
		{200, `{"a":1}`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}
	s := New(Config{Common: transport.Common{BaseURL: DefaultBaseURL}, ClientID: testClientID, ClientSecret: testSecret})
	header := http.Header{"Retry-After": {"3"}}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		body = body[:len(body):len(body)]
		raws, err := s.decodePage(status, header, body)
		want, wantErr := s.refDecodePage(status, header, body)
		sourcetest.RequireSameError(t, body, err, wantErr)
		if len(raws) != len(want) {
			t.Fatalf("%q: %d entries, the reference %d", body, len(raws), len(want))
		}
		for i := range raws {
			if !bytes.Equal(raws[i], want[i]) {
				t.Fatalf("%q: entry %d is %q, the reference %q", body, i, raws[i], want[i])
			}
		}
		sourcetest.RequireSame(t, "events", body, decodeEntries(raws, defaultZone), refDecodeEntries(want, defaultZone))
		for _, raw := range append(raws, body) { // the body too: bytes of any shape
			sourcetest.RequireSame(t, "alone", raw, decodeEntry(raw, defaultZone), refDecodeEntry(raw, defaultZone))
			if got, want := decodeEntryWithID(raw).ID, entryHash(raw); got != want {
				t.Fatalf("%q alone: id %s, the reference %s", raw, got, want)
			}
		}
	})
}
