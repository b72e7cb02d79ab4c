package domo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// The fields of an entry trail reads: the documented ones. Everything else
// is kept in the event's Raw.
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
	fTime
	fUserID
	fUserName
	nFields
)

// fieldNames are the fields' JSON names.
var fieldNames = [nFields]string{"actionType", "actorId", "actorName", "actorType", "additionalComment", "browserDetails",
	"device", "eventText", "ipAddress", "objectId", "objectName", "objectType", "time", "userId", "userName"}

// wireEntry is one activity log entry's fields, each raw so that a wrong
// type in one field costs that field only.
type wireEntry [nFields]json.RawMessage

// decodePage turns a /v1/audit response into its entries or an error. The
// body of a page is a bare JSON list; anything else is an error, told from
// the status and, where there is one, Domo's error object. Each entry is a
// copy of its bytes and known to be valid JSON, as decodeEntries needs.
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
	// Validated once here; after that the list and its entries are only
	// scanned, which keeps a 1,000-entry page in a few milliseconds.
	if !json.Valid(trimmed) {
		var raws []json.RawMessage
		err := json.Unmarshal(trimmed, &raws) // for the error's words
		return nil, s.newError(sources.ErrMalformed, status, "the response is not valid JSON: "+clip(err.Error(), 120), malformedHint)
	}
	raws := make([]json.RawMessage, 0, 64)
	if err := model.ArrayElements(trimmed, func(raw []byte) {
		raws = append(raws, bytes.Clone(raw)) // a copy each: Raw outlives the body
	}); err != nil {
		return nil, s.newError(sources.ErrMalformed, status, "the response is not a list of entries", malformedHint)
	}
	return raws, nil
}

// decodeEntries maps a page's entries onto events with their ids. The
// entries are those decodePage returns, each known to be valid JSON, so they
// are scanned, not decoded again: a 1,000-entry page takes a few
// milliseconds. decodeEntry is the careful way for bytes of unknown shape.
func decodeEntries(raws []json.RawMessage) []model.Event {
	evs := make([]model.Event, len(raws))
	copies := make(map[string]int, len(raws))
	var sc scanner
	for i, raw := range raws {
		e, h := sc.read(raw, true, true)
		e.ID = nextCopy(copies, h)
		evs[i] = e
	}
	return evs
}

// decodeEntry maps one entry onto an Event, without its id. It never fails:
// an entry that cannot be read is kept with its raw bytes, and Summary says
// what was wrong.
func decodeEntry(raw json.RawMessage) model.Event {
	var sc scanner
	e, _ := sc.read(raw, false, false)
	return e
}

// decodeEntryWithID is decodeEntry with the entry's id: the hash of its
// canonical JSON, as entryHash gives it.
func decodeEntryWithID(raw json.RawMessage) model.Event {
	var sc scanner
	e, h := sc.read(raw, false, true)
	e.ID = h
	return e
}

// scanner reads entries one after another, reusing its buffers.
type scanner struct {
	members []member // the entry's members, in the order sent, to sort
	sorted  []member // the same sorted by key, when they were not
	canon   []byte   // the entry's canonical JSON
	text    []byte   // the entry's strings end to end, made one string
}

// member is one key of a JSON object and its raw value.
type member struct {
	key   string
	value []byte
}

// read maps one entry onto an Event, without its id, and with withHash
// also returns the hash entryHash gives it. valid says raw is known to be
// valid JSON (an element of a page decodePage checked); anything else is
// checked here first. The entry's object is scanned once, for its fields and
// for its canonical form; what the scan does not cover (an entry that is not
// an object, a string that needs escaping in canonical JSON) goes the
// careful way of json.Unmarshal and entryHash, which say the same.
func (sc *scanner) read(raw json.RawMessage, valid, withHash bool) (model.Event, string) {
	hash := func() string {
		if withHash {
			return entryHash(raw)
		}
		return ""
	}
	e := model.Event{Raw: raw}
	if isNull(raw) {
		e.Summary = "could not read this entry: it is empty (null)"
		return e, hash()
	}
	if (!valid && !json.Valid(raw)) || bytes.TrimSpace(raw)[0] != '{' {
		// Broken, or a string, a number or a list: Unmarshal says which.
		var probe struct{}
		err := json.Unmarshal(raw, &probe)
		e.Summary = "could not read this entry: " + describeDecodeError(err)
		return e, hash()
	}
	var w wireEntry
	var shape objectShape
	_ = model.ObjectMembers(raw, func(key string, v []byte) {
		if i := fieldIndex(key); i >= 0 {
			w[i] = v // the last of a repeated key wins, as in json.Unmarshal
		}
		shape.add(key, v)
	})
	// Without a backslash, and in valid UTF-8, every string of the entry
	// reads as its bytes: the fields that are strings are copied out in one
	// string, of which each field's text is a part, one allocation for all.
	var texts [nFields]string
	var have uint32
	plain := bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw)
	if plain {
		have = sc.plainTexts(w[:], texts[:])
	}
	e = mapEntry(e, &w, &texts, have)
	if !withHash {
		return e, ""
	}
	if plain && shape.canonical(raw) {
		return e, hashID(raw) // as Domo sends them: nothing to rewrite
	}
	sc.members = sc.members[:0]
	_ = model.ObjectMembers(raw, func(key string, v []byte) {
		sc.members = append(sc.members, member{key, v})
	})
	canon, ok := appendCanonicalObject(sc.canon[:0], sc.members, &sc.sorted)
	sc.canon = canon
	if !ok {
		return e, entryHash(raw)
	}
	return e, hashID(canon)
}

// plainTexts copies the strings among vs end to end and sets texts[i] to
// the text of vs[i] for each, as parts of one string: one allocation for
// them all. Each string must read as its bytes (no backslash, valid UTF-8).
// Bit i of the result says vs[i] is a string.
func (sc *scanner) plainTexts(vs []json.RawMessage, texts []string) (have uint32) {
	var ends [32]int
	sc.text = sc.text[:0]
	for i, v := range vs {
		if len(v) >= 2 && v[0] == '"' {
			sc.text = append(sc.text, v[1:len(v)-1]...)
			have |= 1 << i
		}
		ends[i] = len(sc.text)
	}
	all, start := string(sc.text), 0
	for i := range vs {
		texts[i], start = all[start:ends[i]], ends[i]
	}
	return have
}

// fieldIndex is the field json.Unmarshal would store the member key in:
// the one of its exact name, else of its name with case ignored; -1 for
// none.
func fieldIndex(key string) int {
	switch key {
	case "actionType":
		return fActionType
	case "actorId":
		return fActorID
	case "actorName":
		return fActorName
	case "actorType":
		return fActorType
	case "additionalComment":
		return fAdditionalComment
	case "browserDetails":
		return fBrowserDetails
	case "device":
		return fDevice
	case "eventText":
		return fEventText
	case "ipAddress":
		return fIPAddress
	case "objectId":
		return fObjectID
	case "objectName":
		return fObjectName
	case "objectType":
		return fObjectType
	case "time":
		return fTime
	case "userId":
		return fUserID
	case "userName":
		return fUserName
	}
	return foldedIndex(key, fieldNames[:])
}

// foldedIndex is the index of the name of names that key equals with case
// ignored (strings.EqualFold, as json.Unmarshal compares them), or -1. Only
// a non-ASCII key can differ in length from an ASCII name it folds to (the
// Kelvin sign, the long s), so an ASCII key is compared with names of its
// length only.
func foldedIndex(key string, names []string) int {
	ascii := true
	for i := 0; i < len(key); i++ {
		if key[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	for i, name := range names {
		if (!ascii || len(name) == len(key)) && strings.EqualFold(key, name) {
			return i
		}
	}
	return -1
}

// mapEntry maps the fields of an entry onto e; texts[i] is field i's text
// already read where bit i of have is set.
func mapEntry(e model.Event, w *wireEntry, texts *[nFields]string, have uint32) model.Event {
	var problems []string
	text := func(name string, i int) string {
		if have&(1<<i) != 0 {
			return texts[i]
		}
		s, err := model.JSONText(w[i])
		if err != nil {
			problems = append(problems, name+" "+err.Error())
		}
		return s
	}
	t, err := parseTime(w[fTime])
	if err != nil {
		problems = append(problems, "time: "+err.Error())
	}
	e.Time = t
	e.Action = text("actionType", fActionType)
	e.Actor = text("userName", fUserName)
	e.ActorID = text("userId", fUserID)
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

// parseTime is model.ParseJSONTime with shortcuts for the forms Domo sends
// most: epoch milliseconds, as a number or as text, and the docs'
// "2017-12-13 10:57:35 PM", which ParseJSONTime reaches only after six
// layouts that do not fit.
func parseTime(raw json.RawMessage) (time.Time, error) {
	if n, ok := digits(raw); ok {
		return model.FromUnixInt(n), nil
	}
	if len(raw) > 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
		if n, ok := digits(raw[1 : len(raw)-1]); ok {
			return model.FromUnixInt(n), nil // the same sent as text
		}
	}
	if len(raw) == 24 && raw[0] == '"' && raw[23] == '"' {
		if t, ok := docsTime(raw[1:23]); ok {
			return t, nil
		}
	}
	return model.ParseJSONTime(raw)
}

// digits reads a number of up to 18 digits, which cannot overflow int64.
func digits(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// docsTime reads "2006-01-02 03:04:05 PM" as time.Parse reads it with the
// layout "2006-01-02 3:04:05 PM", in UTC; false for anything else, which
// ParseJSONTime then reads or explains.
func docsTime(b []byte) (time.Time, bool) {
	if len(b) != 22 || b[4] != '-' || b[7] != '-' || b[10] != ' ' || b[13] != ':' || b[16] != ':' || b[19] != ' ' || b[21] != 'M' {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day, hour, minute, sec := num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 12 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	if day > 28 && day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false // the 30th of February: time.Parse refuses it
	}
	switch b[20] {
	case 'A':
		hour %= 12 // 12 AM is midnight
	case 'P':
		hour = hour%12 + 12 // 12 PM is noon
	default:
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC), true
}
