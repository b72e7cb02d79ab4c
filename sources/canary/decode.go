package canary

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// envelope is a fetch response. Every part is kept raw and read leniently:
// the API documents its fields by example only.
type envelope struct {
	Result     json.RawMessage `json:"result"`
	Message    json.RawMessage `json:"message"`
	AuditTrail json.RawMessage `json:"audit_trail"`
	Cursor     json.RawMessage `json:"cursor"`
	PageCount  json.RawMessage `json:"page_count"`
	PageNumber json.RawMessage `json:"page_number"`
}

// response is a decoded page, before trimming.
type response struct {
	events        []model.Event
	oldest        time.Time // of all entries; zero if none has a time
	next, prev    string
	number, total int
}

// wireEntry is one audit_trail entry, each field raw so that a wrong type in
// one field costs that field only.
type wireEntry struct {
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

// decodeResponse turns a status and body into a page or an error. Whether a
// response is an error is decided on both: the console may send
// {"result":"error"} with any status, 200 included.
func (s *Source) decodeResponse(status int, header http.Header, body []byte, hadCursor bool) (response, error) {
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
		return response{}, s.nonJSONError(status, header, describeNonJSON(trimmed, header.Get("Content-Type")))
	}
	// Validated once here; after that the envelope and the entries are only
	// scanned, which keeps a 1,000-entry page in a few milliseconds.
	if !json.Valid(trimmed) {
		var probe any
		err := json.Unmarshal(trimmed, &probe) // for the error's words
		return response{}, s.nonJSONError(status, header, "the response is not valid JSON: "+clip(err.Error(), 120))
	}
	var env envelope
	_ = model.ObjectMembers(trimmed, func(key string, v []byte) {
		switch key {
		case "result":
			env.Result = v
		case "message":
			env.Message = v
		case "audit_trail":
			env.AuditTrail = v
		case "cursor":
			env.Cursor = v
		case "page_count":
			env.PageCount = v
		case "page_number":
			env.PageNumber = v
		}
	})
	result, _ := model.JSONText(env.Result)
	if result == "error" || (result != "" && result != "success") || status < 200 || status > 299 {
		msg, _ := model.JSONText(env.Message)
		return response{}, s.apiError(status, header, msg, hadCursor)
	}
	var resp response
	if !isNull(env.AuditTrail) {
		resp.events = make([]model.Event, 0, 128)
		err := model.ArrayElements(env.AuditTrail, func(raw []byte) {
			e := decodeValidEntry(bytes.Clone(raw)) // a copy: Raw outlives the body
			if t := e.Time; !t.IsZero() && (resp.oldest.IsZero() || t.Before(resp.oldest)) {
				resp.oldest = t
			}
			resp.events = append(resp.events, e)
		})
		if err != nil {
			return response{}, s.newError(sources.ErrMalformed, status, "the response's audit_trail is not a list", malformedHint)
		}
	} else if result != "success" {
		return response{}, s.newError(sources.ErrMalformed, status, "the response has neither an audit_trail nor a result", malformedHint)
	}
	var err error
	if resp.next, resp.prev, err = decodeCursor(env.Cursor); err != nil {
		return response{}, s.newError(sources.ErrMalformed, status, err.Error(), malformedHint)
	}
	resp.number, resp.total = jsonInt(env.PageNumber), jsonInt(env.PageCount)
	return resp, nil
}

// decodeCursor reads {"next": ..., "prev": ...}, where null means none.
func decodeCursor(raw json.RawMessage) (next, prev string, err error) {
	if isNull(raw) {
		return "", "", nil
	}
	var c struct{ Next, Prev json.RawMessage }
	if err := json.Unmarshal(raw, &c); err != nil {
		return "", "", errors.New("the response's cursor is not an object")
	}
	for _, v := range [...]json.RawMessage{c.Next, c.Prev} {
		if t := bytes.TrimSpace(v); !isNull(t) && t[0] != '"' {
			return "", "", errors.New("the response's cursor.next or cursor.prev is not a string")
		}
	}
	next, _ = model.JSONText(c.Next)
	prev, _ = model.JSONText(c.Prev)
	return next, prev, nil
}

// decodeEntry maps one entry onto an Event. It never fails: an entry that
// cannot be read is kept with its raw bytes, and Summary says what was wrong.
func decodeEntry(raw json.RawMessage) model.Event {
	if t := bytes.TrimSpace(raw); len(t) == 0 || !json.Valid(t) {
		return decodeCheckedEntry(raw, false)
	}
	return decodeCheckedEntry(raw, true)
}

// decodeValidEntry is decodeEntry for an entry of a page already validated.
func decodeValidEntry(raw json.RawMessage) model.Event { return decodeCheckedEntry(raw, true) }

// decodeCheckedEntry maps an entry; valid says raw is known to be valid JSON.
func decodeCheckedEntry(raw json.RawMessage, valid bool) model.Event {
	e := model.Event{Raw: raw}
	if isNull(raw) {
		e.Summary = "could not read this entry: it is empty (null)"
		return e
	}
	var w wireEntry
	if err := readEntry(raw, &w, valid); err != nil {
		e.Summary = "could not read this entry: " + describeDecodeError(err)
		return e
	}
	var problems []string
	text := func(name string, v json.RawMessage) string {
		s, err := model.JSONText(v)
		if err != nil {
			problems = append(problems, name+" "+err.Error())
		}
		return s
	}
	e.ID = text("id", w.ID)
	t, err := model.ParseJSONTime(w.Timestamp)
	if err != nil {
		problems = append(problems, "timestamp: "+err.Error())
	}
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
	if len(problems) > 0 {
		note := "could not read all of this entry (" + strings.Join(problems, "; ") + ")"
		if e.Summary != "" {
			note += ": " + e.Summary
		}
		e.Summary = note
	}
	return e
}

// readEntry picks the fields trail reads out of one entry. Entries come out
// of a page json.Unmarshal has already checked, so they are scanned, not
// decoded again: a thousand-entry page decodes in a few milliseconds. Text
// that is not valid JSON (a file's line) goes the careful way.
func readEntry(raw json.RawMessage, w *wireEntry, valid bool) error {
	if t := bytes.TrimSpace(raw); !valid || len(t) == 0 || t[0] != '{' {
		return json.Unmarshal(raw, w) // says what it is instead: a number, a string, broken
	}
	return model.ObjectMembers(raw, func(key string, v []byte) {
		// json.Unmarshal matched names ignoring case; so does this.
		if dst := w.field(key); dst != nil {
			*dst = v
		}
	})
}

// field returns the field of w that the key names, or nil: an exact match
// first, then one ignoring case, as json.Unmarshal does.
func (w *wireEntry) field(key string) *json.RawMessage {
	fields := [...]struct {
		name string
		dst  *json.RawMessage
	}{
		{"id", &w.ID}, {"action_type", &w.ActionType}, {"timestamp", &w.Timestamp}, {"user", &w.User},
		{"flock_id", &w.FlockID}, {"flock_name", &w.FlockName}, {"message", &w.Message},
		{"user_ip", &w.UserIP}, {"user_browser_agent", &w.UserBrowserAgent},
	}
	for _, f := range fields {
		if key == f.name {
			return f.dst
		}
	}
	for _, f := range fields {
		if strings.EqualFold(key, f.name) {
			return f.dst
		}
	}
	return nil
}

// jsonInt reads a page number or count sent as a number or numeric string;
// anything else is 0, which the contract reads as unknown.
func jsonInt(raw json.RawMessage) int {
	s, err := model.JSONText(raw)
	if err != nil {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n > 0 {
		return n
	}
	if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && f > 0 && f < 1<<31 && f == float64(int(f)) {
		return int(f)
	}
	return 0
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
