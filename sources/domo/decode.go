package domo

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
	"github.com/trail-dev/trail/sources"
)

// The fields of an entry trail reads, the documented ones, the texts
// first. Each is kept raw so that a wrong type in one field costs that field
// only; everything else is kept in the event's Raw.
const (
	fActionType = iota
	fActorID
	fActorName
	fActorType // the Rust SDK's name for actorName
	fAdditionalComment
	fBrowserDetails
	fDevice
	fEventText
	fIPAddress
	fObjectID
	fObjectName
	fObjectType
	fUserID
	fUserName
	nTexts
	fTime   = nTexts
	nFields = nTexts + 1
)

var entryFields = jsondoc.NewFields("actionType", "actorId", "actorName", "actorType", "additionalComment", "browserDetails",
	"device", "eventText", "ipAddress", "objectId", "objectName", "objectType", "userId", "userName", "time")

// decodePage turns a /v1/audit response into its entries or an error. The
// body of a page is a bare JSON list; anything else is an error, told from
// the status and, where there is one, Domo's error object. The list is
// checked as json.Unmarshal checks it, and its entries copied out of it.
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
	d := jsondoc.Get()
	defer jsondoc.Put(d)
	if !d.Parse(trimmed) {
		var raws []json.RawMessage
		err := json.Unmarshal(trimmed, &raws) // for the error's words
		return nil, s.newError(sources.ErrMalformed, status, "the response is not valid JSON: "+clip(err.Error(), 120), malformedHint)
	}
	return d.Clone(d.List(d.Root())), nil // Raw outlives the body
}

// decodeEntries maps a page's entries onto events with their ids, reading
// zone-less times in loc. Each entry is parsed once, for its fields and for
// its canonical form.
func decodeEntries(raws []json.RawMessage, loc *time.Location) []model.Event {
	evs := make([]model.Event, len(raws))
	copies := make(map[string]int, len(raws))
	r := newReader(loc)
	defer r.close()
	for i, raw := range raws {
		e, h := r.read(raw, true)
		e.ID = nextCopy(copies, h)
		evs[i] = e
	}
	return evs
}

// decodeEntry maps one entry onto an Event, without its id, reading a
// zone-less time in loc. It never fails: an entry that cannot be read is
// kept with its raw bytes, and Summary says what was wrong.
func decodeEntry(raw json.RawMessage, loc *time.Location) model.Event {
	r := newReader(loc)
	defer r.close()
	e, _ := r.read(raw, false)
	return e
}

// decodeEntryWithID is decodeEntry in the default zone with the entry's id:
// the hash of its canonical JSON, as entryHash gives it. (A file does not say
// which zone its Domo wrote times in.)
func decodeEntryWithID(raw json.RawMessage) model.Event {
	r := newReader(defaultZone)
	defer r.close()
	e, h := r.read(raw, true)
	e.ID = h
	return e
}

// reader reads entries one after another, reusing its buffers.
type reader struct {
	d       *jsondoc.Doc
	texts   jsondoc.Texts
	members []member  // the members of the objects appendObject is writing
	canon   []byte    // the entry's canonical JSON
	clock   zoneClock // reads zone-less times in the source's zone
}

// member is one member of a JSON object: its name, read as json.Unmarshal
// reads it, and its value.
type member struct {
	key   []byte
	value jsondoc.Value
}

func newReader(loc *time.Location) *reader {
	return &reader{d: jsondoc.Get(), clock: zoneClock{loc: loc}}
}

// close gives the reader's Doc back.
func (r *reader) close() { jsondoc.Put(r.d) }

// read maps one entry onto an Event, without its id, and with withHash
// also returns the hash entryHash gives it. An entry that is not an object
// goes the careful way of json.Unmarshal and entryHash, which say what it
// is.
func (r *reader) read(raw json.RawMessage, withHash bool) (model.Event, string) {
	d := r.d
	if model.IsJSONNull(raw) || !d.Parse(raw) || d.Kind(d.Root()) != '{' {
		if withHash {
			return model.Unreadable(raw, "entry"), entryHash(raw)
		}
		return model.Unreadable(raw, "entry"), ""
	}
	var f [nFields]jsondoc.Value
	d.Fields(d.Root(), entryFields, f[:])
	r.texts.Read(d, f[:nTexts])
	e := mapEntry(model.Event{Raw: raw}, d.Raw(f[fTime]), &r.clock, &r.texts)
	if !withHash {
		return e, ""
	}
	return e, r.hash(raw)
}

// mapEntry maps the fields of an entry onto e: its time (on clock if it has
// no zone), and the texts of the others, whose errors are reported where a
// field is used.
func mapEntry(e model.Event, rawTime json.RawMessage, clock *zoneClock, texts *jsondoc.Texts) model.Event {
	var problems model.Problems
	text := func(name string, i int) string {
		s, err := texts.Text(i)
		problems.Add(name, err)
		return s
	}
	t, err := clock.parse(rawTime)
	problems.Add("time:", err)
	e.Time = t
	e.Action = text("actionType", fActionType)
	e.Actor = text("userName", fUserName)
	e.ActorID = text("userId", fUserID)
	if e.ActorID == "0" {
		// No such user (a failed login's): an id no one has, and one that
		// many unrelated names share, so it must not stand for any of them.
		e.ActorID = ""
	}
	e.Target = target(text("objectType", fObjectType), text("objectName", fObjectName), text("objectId", fObjectID))
	e.Summary = text("additionalComment", fAdditionalComment)
	if e.Summary == "" {
		e.Summary = text("eventText", fEventText)
	}
	proxy := text("actorName", fActorName)
	if proxy == "" {
		proxy = text("actorType", fActorType)
	}
	if id := text("actorId", fActorID); id != "" && id != "0" && id != e.ActorID {
		// Someone acting for the user (an admin's "log in as"): worth seeing.
		if proxy == "" {
			proxy = "user " + id
		}
		e.Summary = strings.TrimSpace(e.Summary + " (via " + proxy + ")")
	}
	e.IP = text("ipAddress", fIPAddress)
	e.Client = text("browserDetails", fBrowserDetails)
	if e.Client == "" {
		e.Client = text("device", fDevice)
	}
	e.Outcome = model.OutcomeFromAction(e.Action)
	e.Summary = problems.Summary("entry", e.Summary)
	return e
}

// target describes the object acted on: PAGE "Intro to Domo" (663909457).
func target(typ, name, id string) string {
	if typ != "" && name != "" && id != "" {
		return typ + ` "` + name + `" (` + id + ")" // the usual case, in one allocation
	}
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
