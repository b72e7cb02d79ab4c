package canary

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
	"github.com/trail-dev/trail/sources"
)

// The members of a fetch response trail reads. Every part is kept raw and
// read leniently: the API documents its fields by example only. They are
// found by their exact names, as sent or escaped, as they have been since
// pages were first scanned rather than decoded into a struct.
const (
	envResult = iota
	envMessage
	envAuditTrail
	envCursor
	envPageCount
	envPageNumber
	nEnvelope
)

var envelopeNames = [nEnvelope]string{"result", "message", "audit_trail", "cursor", "page_count", "page_number"}

// response is a decoded page, before trimming.
type response struct {
	events        []model.Event
	oldest        time.Time // of all entries; zero if none has a time
	next, prev    string
	number, total int
}

// The fields of an entry trail reads, the texts first. Each is kept raw so
// that a wrong type in one field costs that field only.
const (
	fID = iota
	fActionType
	fUser
	fFlockID
	fFlockName
	fMessage
	fUserIP
	fUserBrowserAgent
	nTexts
	fTimestamp = nTexts
	nFields    = nTexts + 1
)

var entryFields = jsondoc.NewFields("id", "action_type", "user", "flock_id", "flock_name", "message", "user_ip", "user_browser_agent", "timestamp")

// decodeResponse turns a status and body into a page or an error. Whether a
// response is an error is decided on both: the console may send
// {"result":"error"} with any status, 200 included. The body is checked
// once, as json.Unmarshal checks it, and only read after that: a
// 1,000-entry page takes a few milliseconds.
func (s *Source) decodeResponse(status int, header http.Header, body []byte, hadCursor bool) (response, error) {
	if status >= 300 && status < 400 {
		return response{}, s.newError(sources.ErrBadQuery, status,
			"the server redirected the request to another address",
			"set base_url to the console's own address, like https://EXAMPLE.canary.tools")
	}
	d := jsondoc.Get()
	defer jsondoc.Put(d)
	if problem := s.http.ParseObject(d, body, header.Get("Content-Type")); problem != "" {
		return response{}, s.nonJSONError(status, header, problem)
	}
	var env [nEnvelope]jsondoc.Value
	d.Members(d.Root(), func(name []byte, v jsondoc.Value) {
		if i := slices.Index(envelopeNames[:], string(jsondoc.Unescape(name))); i >= 0 {
			env[i] = v // the last of a repeated name wins, as in json.Unmarshal
		}
	})
	result, _ := model.JSONText(d.Raw(env[envResult]))
	if result == "error" || (result != "" && result != "success") || status < 200 || status > 299 {
		msg, _ := model.JSONText(d.Raw(env[envMessage]))
		return response{}, s.apiError(status, header, msg, hadCursor)
	}
	var resp response
	if list := env[envAuditTrail]; !model.IsJSONNull(d.Raw(list)) {
		if d.Kind(list) != '[' {
			return response{}, s.newError(sources.ErrMalformed, status, "the response's audit_trail is not a list", malformedHint)
		}
		var r reader
		resp.events = sources.ReadEntries(d, d.List(list), r.entry)
		for _, e := range resp.events {
			if t := e.Time; !t.IsZero() && (resp.oldest.IsZero() || t.Before(resp.oldest)) {
				resp.oldest = t
			}
		}
	} else if result != "success" {
		return response{}, s.newError(sources.ErrMalformed, status, "the response has neither an audit_trail nor a result", malformedHint)
	}
	var err error
	if resp.next, resp.prev, err = decodeCursor(d.Raw(env[envCursor])); err != nil {
		return response{}, s.newError(sources.ErrMalformed, status, err.Error(), malformedHint)
	}
	resp.number, resp.total = model.JSONInt(d.Raw(env[envPageNumber])), model.JSONInt(d.Raw(env[envPageCount]))
	return resp, nil
}

// decodeCursor reads {"next": ..., "prev": ...}, where null means none.
func decodeCursor(raw json.RawMessage) (next, prev string, err error) {
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

// decodeEntry maps one entry onto an Event. It never fails: an entry that
// cannot be read is kept with its raw bytes, and Summary says what was wrong.
func decodeEntry(raw json.RawMessage) model.Event { return sources.ReadEntry(raw, entryOf) }

// entryOf is decodeEntry for the entry v of d, already parsed; raw is its
// bytes.
func entryOf(d *jsondoc.Doc, v jsondoc.Value, raw json.RawMessage) model.Event {
	var r reader
	return r.entry(d, v, raw)
}

// reader reads the entries of a page one after another, reusing its buffer.
type reader struct {
	texts jsondoc.Texts
}

// entry is decodeEntry for the entry v of d, a valid document; raw is its
// bytes, kept in the event. The entry's texts are made one string, of which
// each is a part: one allocation for all.
func (r *reader) entry(d *jsondoc.Doc, v jsondoc.Value, raw json.RawMessage) model.Event {
	if d.Kind(v) != '{' {
		return model.Unreadable(raw, "entry")
	}
	e := model.Event{Raw: raw}
	var f [nFields]jsondoc.Value
	d.Fields(v, entryFields, f[:])
	r.texts.Read(d, f[:nTexts])
	var problems model.Problems
	text := func(name string, i int) string {
		s, err := r.texts.Text(i)
		problems.Add(name, err)
		return s
	}
	e.ID = text("id", fID)
	t, err := parseTime(d.Raw(f[fTimestamp]))
	problems.Add("timestamp:", err)
	e.Time = t
	e.Action = text("action_type", fActionType)
	e.Actor = text("user", fUser)
	e.Target = text("flock_id", fFlockID)
	if name := text("flock_name", fFlockName); e.Target == "" {
		e.Target = name
	}
	e.Summary = text("message", fMessage)
	e.IP = text("user_ip", fUserIP)
	e.Client = text("user_browser_agent", fUserBrowserAgent)
	e.Outcome = model.OutcomeFromAction(e.Action)
	e.Summary = problems.Summary("entry", e.Summary)
	return e
}

// parseTime is model.ParseJSONTime with a shortcut for the form Canary
// sends, "2020-04-17 11:58:10 UTC+0000", which ParseJSONTime reaches only
// after a layout that does not fit, at the cost of an error built and
// dropped.
func parseTime(raw json.RawMessage) (time.Time, error) {
	const zone = " UTC+0000\""
	if len(raw) == 30 && raw[0] == '"' && string(raw[20:]) == zone {
		if t, ok := model.ClockTime(raw[1:20], false); ok {
			return t, nil
		}
	}
	return model.ParseJSONTime(raw)
}
