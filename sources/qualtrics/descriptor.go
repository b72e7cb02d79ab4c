package qualtrics

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
)

// The members of an event trail reads, by their JSON names. Every value is
// kept raw so that a wrong type in one costs that field only.
const (
	eID = iota
	eTimestamp
	eDescriptor
	nElement
)

var elementFields = jsondoc.NewFields("id", "timestamp", "descriptor")

// The descriptor fields trail maps, for every activity type that has them.
// The same name may carry different types in different clients' schemas.
const (
	dUserID = iota
	dUsername
	dSessionID
	dIsSuccessful
	dFailureReason
	dIsProxyLogin
	dProduct
	dIPAddress
	dLocation
	dAuthentication
	dPlatform
	dTerminationTimestamp
	dAgentUserID
	dReason
	nDescriptor
)

var descriptorFields = jsondoc.NewFields("userId", "username", "sessionId", "isSuccessful", "failureReason", "isProxyLogin",
	"product", "ipAddress", "location", "authentication", "platform", "terminationTimestamp", "agentUserId", "reason")

// The fields read from a location, a platform and an authentication object:
// untagged in the structs they were once read into, so matched by these
// names with case ignored.
var (
	locationFields = jsondoc.NewFields("City", "Region", "CountryCode")
	platformFields = jsondoc.NewFields("UserAgent", "UserAgentVersion", "OperatingSystem", "OperatingSystemVersion")
	authFields     = jsondoc.NewFields("Method", "SecondFactor")
)

// descriptor is an event's descriptor fields, in the doc that holds them.
type descriptor struct {
	d *jsondoc.Doc
	f [nDescriptor]jsondoc.Value
}

func (d *descriptor) raw(i int) json.RawMessage { return d.d.Raw(d.f[i]) }

// scanner reads the events of a page one after another, reusing its buffer.
type scanner struct {
	text []byte // the texts of the event being read, end to end
}

// decodeElement maps one event of activity type typ onto an Event. It never
// fails: an event that cannot be read is kept with its raw bytes, and Summary
// says what was wrong. The descriptors of types trail does not know stay
// whole in Raw; their summary lists the descriptor's plain fields.
func decodeElement(raw json.RawMessage, typ string) model.Event {
	d := jsondoc.Get()
	defer jsondoc.Put(d)
	if model.IsJSONNull(raw) || !d.Parse(raw) {
		return unreadable(raw, typ)
	}
	var sc scanner
	return sc.read(d, d.Root(), raw, typ)
}

// unreadable is the event for raw, an element that is null, not JSON or not
// an object, of the activity type typ.
func unreadable(raw json.RawMessage, typ string) model.Event {
	e := model.Unreadable(raw, "event")
	e.Action = typ
	return e
}

// read is decodeElement for the event v of d, a valid document; raw is its
// bytes, kept in the event. The event's own texts (its id, actor, IP,
// location, and for a login its client and summary) are written end to end
// and made one string, of which each is a part: one allocation for all.
func (sc *scanner) read(d *jsondoc.Doc, v jsondoc.Value, raw json.RawMessage, typ string) model.Event {
	if d.Kind(v) != '{' {
		return unreadable(raw, typ)
	}
	e := model.Event{Raw: raw, Action: typ}
	var w [nElement]jsondoc.Value
	d.Fields(v, elementFields, w[:])
	var problems model.Problems
	b := sc.text[:0]
	appendText := func(name string, v json.RawMessage) int {
		t, err := jsondoc.Text(v)
		problems.Add(name, err)
		b = append(b, t...)
		return len(b)
	}
	text := func(name string, v json.RawMessage) string {
		s, err := jsonText(v)
		problems.Add(name, err)
		return s
	}
	idEnd := appendText("id", d.Raw(w[eID]))
	t, err := parseTime(d.Raw(w[eTimestamp]))
	problems.Add("timestamp:", err)
	e.Time = t
	ds := descriptor{d: d}
	if desc := w[eDescriptor]; !model.IsJSONNull(d.Raw(desc)) {
		if d.Kind(desc) == '{' {
			d.Fields(desc, descriptorFields, ds.f[:])
		} else {
			problems = append(problems, "descriptor is not an object")
		}
	}
	actorIDEnd := appendText("userId", ds.raw(dUserID))
	actorEnd := appendText("username", ds.raw(dUsername))
	ipEnd := appendText("ipAddress", ds.raw(dIPAddress))
	b = appendLocation(b, d, ds.f[dLocation])
	locationEnd := len(b)
	clientEnd := locationEnd
	lower := strings.ToLower(typ)
	if lower == "logins" {
		b, clientEnd = appendLogin(b, &e, &ds)
	}
	all := string(b)
	sc.text = b
	e.ID = all[:idEnd]
	e.ActorID = all[idEnd:actorIDEnd]
	e.Actor = all[actorIDEnd:actorEnd]
	if e.Actor == "" {
		e.Actor = e.ActorID
	}
	e.IP = all[actorEnd:ipEnd]
	e.Location = all[ipEnd:locationEnd]
	switch lower {
	case "logins":
		e.Client = all[locationEnd:clientEnd]
		e.Summary = all[clientEnd:]
	case "session_creations":
		e.Summary = withSession("Session started", text("sessionId", ds.raw(dSessionID)))
	case "session_terminations":
		e.Summary = withSession("Session ended", text("sessionId", ds.raw(dSessionID)))
		if end, err := model.ParseJSONTime(ds.raw(dTerminationTimestamp)); err == nil && !end.IsZero() {
			e.Summary += " at " + end.Format("2006-01-02 15:04:05 UTC")
		}
	case "password_resets":
		e.Summary = "Password reset"
		if r, _ := jsonText(ds.raw(dReason)); r != "" {
			e.Summary += ": " + r
		}
		if agent, _ := jsonText(ds.raw(dAgentUserID)); agent != "" && agent != e.ActorID {
			e.Summary += " (by " + agent + ")"
		}
	case "password_changes":
		e.Summary = "Password changed"
	default:
		e.Summary = plainFields(d, w[eDescriptor], 160)
	}
	e.Summary = problems.Summary("event", e.Summary)
	return e
}

// appendLogin appends what a logins descriptor says to b: the platform, and
// after it, at client, a summary of how the user signed in or why they
// could not; it sets the outcome.
func appendLogin(b []byte, e *model.Event, d *descriptor) (_ []byte, client int) {
	b = appendPlatform(b, d.d, d.f[dPlatform])
	client = len(b)
	var buf [64]byte
	method := appendAuthMethod(buf[:0], d.d, d.f[dAuthentication])
	product, _ := jsondoc.Text(d.raw(dProduct))
	ok, known := jsonBool(d.raw(dIsSuccessful))
	switch {
	case known && ok:
		e.Outcome = model.OutcomeSuccess
		b = append(b, "Logged in"...)
	case known:
		e.Outcome = model.OutcomeFailure
		b = append(b, "Login failed"...)
		if reason, _ := jsondoc.Text(d.raw(dFailureReason)); len(reason) > 0 {
			b = append(append(b, ": "...), reason...)
		}
	default:
		b = append(b, "Login"...)
	}
	if len(product) > 0 && (!known || ok) {
		b = append(append(b, " to "...), product...)
	}
	if len(method) > 0 {
		b = append(append(append(b, " ("...), method...), ')')
	}
	if proxy, _ := jsonBool(d.raw(dIsProxyLogin)); proxy {
		b = append(b, ", as a proxy login"...)
	}
	return b, client
}

// parseTime is model.ParseJSONTime with a shortcut for the form Qualtrics
// sends, RFC 3339 in UTC ("2020-11-13T19:13:40.793Z"): that is read from
// the bytes, without a copy to a string, by time.Time.UnmarshalText, which
// takes the same path for it as the time.Parse that ParseJSONTime comes to.
// Anything else, or a date out of range, goes to ParseJSONTime.
func parseTime(raw json.RawMessage) (time.Time, error) {
	if len(raw) > 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && isUTCRFC3339(raw[1:len(raw)-1]) {
		var t time.Time
		if t.UnmarshalText(raw[1:len(raw)-1]) == nil {
			return t.UTC(), nil
		}
	}
	return model.ParseJSONTime(raw)
}

// isUTCRFC3339 says whether b has the form 2006-01-02T15:04:05Z, with or
// without a fraction of a second, whatever the digits.
func isUTCRFC3339(b []byte) bool {
	const form = "0000-00-00T00:00:00"
	if len(b) < len(form)+1 || b[len(b)-1] != 'Z' {
		return false
	}
	for i := 0; i < len(form); i++ {
		if form[i] == '0' && !isDigit(b[i]) || form[i] != '0' && b[i] != form[i] {
			return false
		}
	}
	frac := b[len(form) : len(b)-1]
	if len(frac) == 0 {
		return true
	}
	if len(frac) < 2 || frac[0] != '.' {
		return false
	}
	for _, c := range frac[1:] {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func withSession(what, id string) string {
	if id == "" {
		return what
	}
	return what + ", session " + id
}

// appendLocation appends a location object as "Hoboken, NJ, US"; text is
// kept as it is, and a list is nothing.
func appendLocation(b []byte, d *jsondoc.Doc, v jsondoc.Value) []byte {
	switch d.Kind(v) {
	case '{':
		var l [3]jsondoc.Value
		d.Fields(v, locationFields, l[:])
		return appendJoin(b, ", ", d.Raw(l[0]), d.Raw(l[1]), d.Raw(l[2]))
	case '[':
		return b
	}
	t, _ := jsondoc.Text(d.Raw(v)) // text, a number or a boolean: valid, so no error
	return append(b, t...)
}

// appendNotObject appends what stands for v where an object was expected:
// nothing for a list, the text of anything else.
func appendNotObject(b []byte, d *jsondoc.Doc, v jsondoc.Value) []byte {
	if d.Kind(v) == '[' {
		return b
	}
	t, _ := jsondoc.Text(d.Raw(v))
	return append(b, t...)
}

// appendPlatform appends a platform object as "Chrome 86.0 on OS X 10.15.6".
func appendPlatform(b []byte, d *jsondoc.Doc, v jsondoc.Value) []byte {
	if d.Kind(v) != '{' {
		return appendNotObject(b, d, v)
	}
	var p [4]jsondoc.Value
	d.Fields(v, platformFields, p[:])
	start := len(b)
	b = appendJoin(b, " ", d.Raw(p[0]), d.Raw(p[1]))
	agentEnd := len(b)
	b = append(b, " on "...)
	system := len(b)
	b = appendJoin(b, " ", d.Raw(p[2]), d.Raw(p[3]))
	if agentEnd == start || len(b) == system { // " on " only between the two
		b = append(b[:agentEnd], b[system:]...)
	}
	return b
}

// appendAuthMethod appends an authentication object as "BASIC" or "SSO,
// second factor TOTP"; the field may also be plain text.
func appendAuthMethod(b []byte, d *jsondoc.Doc, v jsondoc.Value) []byte {
	if d.Kind(v) != '{' {
		return appendNotObject(b, d, v)
	}
	var a [2]jsondoc.Value
	d.Fields(v, authFields, a[:])
	method, _ := jsondoc.Text(d.Raw(a[0]))
	if model.IsJSONNull(d.Raw(a[1])) {
		return append(b, method...)
	}
	second, err := jsondoc.Text(d.Raw(a[1]))
	if err != nil || len(second) == 0 {
		second = []byte("used")
	}
	if string(second) == "false" {
		return append(b, method...)
	}
	start := len(b)
	b = append(append(append(b, method...), ", second factor "...), second...)
	if bytes.HasPrefix(b[start:], []byte(", ")) {
		b = append(b[:start], b[start+2:]...)
	}
	return b
}

// appendJoin appends the non-empty text values of vs, trimmed, with sep
// between them.
func appendJoin(b []byte, sep string, vs ...json.RawMessage) []byte {
	start := len(b)
	for _, v := range vs {
		t, err := jsondoc.Text(v)
		if t = bytes.TrimSpace(t); err != nil || len(t) == 0 {
			continue
		}
		if len(b) > start {
			b = append(b, sep...)
		}
		b = append(b, t...)
	}
	return b
}

// plainFields lists the top-level text, number and boolean fields of the
// object v as "key=value", in the order sent, up to about n bytes: a summary
// of a descriptor trail knows nothing about. Fields the event already shows
// in its own columns are left out. A value that is not an object is shown
// as text, if it is some.
func plainFields(d *jsondoc.Doc, v jsondoc.Value, n int) string {
	if d.Kind(v) != '{' {
		s, _ := jsonText(d.Raw(v))
		return clip(s, n)
	}
	shown := []string{"userId", "username", "ipAddress", "brandId"}
	var parts []string
	size := 0
	d.Members(v, func(key []byte, m jsondoc.Value) {
		if size >= n {
			return
		}
		raw := d.Raw(m)
		s, err := jsonText(raw)
		if err != nil || model.IsJSONNull(raw) || s == "" {
			return
		}
		name := string(jsondoc.Unescape(key))
		if slices.Contains(shown, name) {
			return
		}
		part := name + "=" + s
		parts = append(parts, part)
		size += len(part) + 1
	})
	return clip(strings.Join(parts, " "), n)
}
