package domo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// wireEntry is one activity log entry, each field raw so that a wrong type in
// one field costs that field only. The documented fields; everything else is
// kept in the event's Raw.
type wireEntry struct {
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

// decodePage turns a /v1/audit response into its entries or an error. The
// body of a page is a bare JSON list; anything else is an error, told from
// the status and, where there is one, Domo's error object.
func (s *Source) decodePage(status int, header http.Header, body []byte) ([]json.RawMessage, error) {
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

// decodeEntries maps a page's entries onto events with their ids.
func decodeEntries(raws []json.RawMessage) []model.Event {
	evs := make([]model.Event, len(raws))
	for i, raw := range raws {
		evs[i] = decodeEntry(raw)
	}
	assignIDs(evs)
	return evs
}

// decodeEntry maps one entry onto an Event, without its id. It never fails:
// an entry that cannot be read is kept with its raw bytes, and Summary says
// what was wrong.
func decodeEntry(raw json.RawMessage) model.Event {
	e := model.Event{Raw: raw}
	if isNull(raw) {
		e.Summary = "could not read this entry: it is empty (null)"
		return e
	}
	var w wireEntry
	if err := json.Unmarshal(raw, &w); err != nil {
		e.Summary = "could not read this entry: " + describeDecodeError(err)
		return e
	}
	var problems []string
	text := func(name string, v json.RawMessage) string {
		s, err := jsonText(v)
		if err != nil {
			problems = append(problems, name+" "+err.Error())
		}
		return s
	}
	t, err := model.ParseJSONTime(w.Time)
	if err != nil {
		problems = append(problems, "time: "+err.Error())
	}
	e.Time = t
	e.Action = text("actionType", w.ActionType)
	e.Actor = text("userName", w.UserName)
	e.ActorID = text("userId", w.UserID)
	e.Target = target(text("objectType", w.ObjectType), text("objectName", w.ObjectName), text("objectId", w.ObjectID))
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
	if len(problems) > 0 {
		note := "could not read all of this entry (" + strings.Join(problems, "; ") + ")"
		if e.Summary != "" {
			note += ": " + e.Summary
		}
		e.Summary = note
	}
	return e
}

// target describes the object acted on: PAGE "Intro to Domo" (663909457).
func target(typ, name, id string) string {
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

// jsonText reads a JSON value as text: a string as itself, a number or
// boolean as written, null or absent as "". Objects and arrays are errors.
func jsonText(raw json.RawMessage) (string, error) {
	v := bytes.TrimSpace(raw)
	if isNull(v) {
		return "", nil
	}
	switch v[0] {
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", errors.New("is not valid text")
		}
		return s, nil
	case '{':
		return "", errors.New("is an object, not text")
	case '[':
		return "", errors.New("is a list, not text")
	}
	return string(v), nil
}

func isNull(raw json.RawMessage) bool {
	v := bytes.TrimSpace(raw)
	return len(v) == 0 || string(v) == "null"
}

// describeDecodeError says why an entry is not an object, in words.
func describeDecodeError(err error) string {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		return fmt.Sprintf("it is a JSON %s, not an object", ute.Value)
	}
	return clip(err.Error(), 120)
}
