package qualtrics

// The decoder as it was before pages were scanned instead of decoded again
// (json.Unmarshal for the envelope, the result, the list, each event, its
// descriptor and the objects in that): the reference the fast one must agree
// with, field for field and message for message (see
// FuzzDecodeMatchesReference).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// refEnvelope is every v3 response: a result, and meta with the status, a
// request id, and perhaps a notice or an error. Parts are kept raw and read
// leniently.
type refEnvelope struct {
	Result json.RawMessage `json:"result"`
	Meta   json.RawMessage `json:"meta"`
}

// refList is a result holding elements and the next page, for both endpoints.
type refList struct {
	Elements json.RawMessage `json:"elements"`
	NextPage json.RawMessage `json:"nextPage"`
}

// refReadEnvelope checks a response and returns its result and notice, or the
// error it reports. Whether a response is an error is decided on both the
// status and meta.error.
func (s *Source) refReadEnvelope(resp *transport.Response, hadCursor bool) (refList, string, error) {
	if resp.Status >= 300 && resp.Status < 400 {
		return refList{}, "", s.redirectError(resp.Status)
	}
	body := bytes.TrimSpace(resp.Body)
	if len(body) == 0 {
		return refList{}, "", s.nonJSONError(resp.Status, resp.Header, "the server sent an empty response")
	}
	if body[0] != '{' {
		return refList{}, "", s.nonJSONError(resp.Status, resp.Header, s.http.NonJSON(body, resp.Header.Get("Content-Type")))
	}
	var env refEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return refList{}, "", s.nonJSONError(resp.Status, resp.Header, "the response is not valid JSON: "+clip(err.Error(), 120))
	}
	m, _ := readMeta(env.Meta)
	if m.hasError || resp.Status < 200 || resp.Status > 299 {
		return refList{}, "", s.apiError(resp.Status, resp.Header, m, hadCursor)
	}
	if refIsNull(env.Result) {
		return refList{}, "", s.newError(sources.ErrMalformed, resp.Status, "the response has no result", malformedHint)
	}
	var l refList
	if err := json.Unmarshal(env.Result, &l); err != nil {
		return refList{}, "", s.newError(sources.ErrMalformed, resp.Status, "the response's result is not an object", malformedHint)
	}
	return l, s.noticeText(m.notice), nil
}

// refDecodeLogs reads a /logs page of events of activity type typ.
func (s *Source) refDecodeLogs(resp *transport.Response, typ string, hadCursor bool) (logsPage, error) {
	l, notice, err := s.refReadEnvelope(resp, hadCursor)
	if err != nil {
		return logsPage{}, err
	}
	page := logsPage{notice: notice}
	var raws []json.RawMessage
	if !refIsNull(l.Elements) {
		if err := json.Unmarshal(l.Elements, &raws); err != nil {
			return logsPage{}, s.newError(sources.ErrMalformed, resp.Status, "the response's result.elements is not a list", malformedHint)
		}
	}
	page.events = make([]model.Event, len(raws))
	for i, raw := range raws {
		page.events[i] = refDecodeElement(raw, typ)
	}
	if page.next, err = refNextPage(l.NextPage); err != nil {
		return logsPage{}, s.newError(sources.ErrMalformed, resp.Status, err.Error(), malformedHint)
	}
	return page, nil
}

// refNextPage reads result.nextPage: text, or null or absent for the last page.
func refNextPage(raw json.RawMessage) (string, error) {
	if v := bytes.TrimSpace(raw); !refIsNull(v) && v[0] != '"' {
		return "", errors.New("the response's result.nextPage is neither text nor null")
	}
	next, err := model.JSONText(raw)
	if err != nil {
		return "", errors.New("the response's result.nextPage is not valid text")
	}
	return strings.TrimSpace(next), nil
}

// refJSONBool reads true or false, also when sent as text; ok is false for
// anything else.
func refJSONBool(raw json.RawMessage) (v, ok bool) {
	s, err := model.JSONText(raw)
	if err != nil {
		return false, false
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

func refIsNull(raw json.RawMessage) bool {
	v := bytes.TrimSpace(raw)
	return len(v) == 0 || string(v) == "null"
}

// refWireElement is one event of /logs. Fields are raw so that a wrong type in
// one costs that field only.
type refWireElement struct {
	ID         json.RawMessage `json:"id"`
	Timestamp  json.RawMessage `json:"timestamp"`
	Datacenter json.RawMessage `json:"datacenter"`
	Source     json.RawMessage `json:"source"`
	Descriptor json.RawMessage `json:"descriptor"`
}

// refDescriptor holds the descriptor fields trail maps, for every activity type
// that has them. The same name may carry different types in different
// clients' schemas, so every field is raw.
type refDescriptor struct {
	UserID               json.RawMessage `json:"userId"`
	Username             json.RawMessage `json:"username"`
	SessionID            json.RawMessage `json:"sessionId"`
	IsSuccessful         json.RawMessage `json:"isSuccessful"`
	FailureReason        json.RawMessage `json:"failureReason"`
	IsProxyLogin         json.RawMessage `json:"isProxyLogin"`
	Product              json.RawMessage `json:"product"`
	IPAddress            json.RawMessage `json:"ipAddress"`
	Location             json.RawMessage `json:"location"`
	Authentication       json.RawMessage `json:"authentication"`
	Platform             json.RawMessage `json:"platform"`
	TerminationTimestamp json.RawMessage `json:"terminationTimestamp"`
	AgentUserID          json.RawMessage `json:"agentUserId"`
	Reason               json.RawMessage `json:"reason"`
}

// refDecodeElement maps one event of activity type typ onto an Event. It never
// fails: an event that cannot be read is kept with its raw bytes, and Summary
// says what was wrong. The descriptors of types trail does not know stay
// whole in Raw; their summary lists the descriptor's plain fields.
func refDecodeElement(raw json.RawMessage, typ string) model.Event {
	e := model.Event{Raw: raw, Action: typ}
	if refIsNull(raw) {
		e.Summary = "could not read this event: it is empty (null)"
		return e
	}
	var w refWireElement
	if err := json.Unmarshal(raw, &w); err != nil {
		e.Summary = "could not read this event: " + refDescribeDecodeError(err)
		return e
	}
	var r sourcetest.RefEntry
	text := r.Text
	e.ID = text("id", w.ID)
	t, err := model.ParseJSONTime(w.Timestamp)
	r.Add("timestamp:", err)
	e.Time = t
	var d refDescriptor
	if !refIsNull(w.Descriptor) && json.Unmarshal(w.Descriptor, &d) != nil {
		r.Note("descriptor is not an object")
	}
	e.ActorID = text("userId", d.UserID)
	e.Actor = text("username", d.Username)
	if e.Actor == "" {
		e.Actor = e.ActorID
	}
	e.IP = text("ipAddress", d.IPAddress)
	e.Location = refLocation(d.Location)
	switch strings.ToLower(typ) {
	case "logins":
		refLogin(&e, &d)
	case "session_creations":
		e.Summary = refWithSession("Session started", text("sessionId", d.SessionID))
	case "session_terminations":
		e.Summary = refWithSession("Session ended", text("sessionId", d.SessionID))
		if end, err := model.ParseJSONTime(d.TerminationTimestamp); err == nil && !end.IsZero() {
			e.Summary += " at " + end.Format("2006-01-02 15:04:05 UTC")
		}
	case "password_resets":
		e.Summary = "Password reset"
		if r, _ := model.JSONText(d.Reason); r != "" {
			e.Summary += ": " + r
		}
		if agent, _ := model.JSONText(d.AgentUserID); agent != "" && agent != e.ActorID {
			e.Summary += " (by " + agent + ")"
		}
	case "password_changes":
		e.Summary = "Password changed"
	default:
		e.Summary = refPlainFields(w.Descriptor, 160)
	}
	e.Summary = r.Summary("event", e.Summary)
	return e
}

// refLogin fills what a logins descriptor says: the outcome, the platform, and
// a summary of how the user signed in or why they could not.
func refLogin(e *model.Event, d *refDescriptor) {
	e.Client = refPlatform(d.Platform)
	method := refAuthMethod(d.Authentication)
	product, _ := model.JSONText(d.Product)
	ok, known := refJSONBool(d.IsSuccessful)
	var b strings.Builder
	switch {
	case known && ok:
		e.Outcome = model.OutcomeSuccess
		b.WriteString("Logged in")
	case known:
		e.Outcome = model.OutcomeFailure
		b.WriteString("Login failed")
		if reason, _ := model.JSONText(d.FailureReason); reason != "" {
			b.WriteString(": " + reason)
		}
	default:
		b.WriteString("Login")
	}
	if product != "" && (!known || ok) {
		b.WriteString(" to " + product)
	}
	if method != "" {
		b.WriteString(" (" + method + ")")
	}
	if proxy, _ := refJSONBool(d.IsProxyLogin); proxy {
		b.WriteString(", as a proxy login")
	}
	e.Summary = b.String()
}

func refWithSession(what, id string) string {
	if id == "" {
		return what
	}
	return what + ", session " + id
}

// refLocation writes a location object as "Hoboken, NJ, US"; text is kept as it is.
func refLocation(raw json.RawMessage) string {
	if s, err := model.JSONText(raw); err == nil {
		return s
	}
	var l struct{ City, Region, CountryCode json.RawMessage }
	if json.Unmarshal(raw, &l) != nil {
		return ""
	}
	return refJoinText(", ", l.City, l.Region, l.CountryCode)
}

// refPlatform writes a platform object as "Chrome 86.0 on OS X 10.15.6".
func refPlatform(raw json.RawMessage) string {
	if s, err := model.JSONText(raw); err == nil {
		return s
	}
	var p struct{ UserAgent, UserAgentVersion, OperatingSystem, OperatingSystemVersion json.RawMessage }
	if json.Unmarshal(raw, &p) != nil {
		return ""
	}
	agent := refJoinText(" ", p.UserAgent, p.UserAgentVersion)
	system := refJoinText(" ", p.OperatingSystem, p.OperatingSystemVersion)
	if agent != "" && system != "" {
		return agent + " on " + system
	}
	return agent + system
}

// refAuthMethod writes an authentication object as "BASIC" or "SSO, second
// factor TOTP"; the field may also be plain text.
func refAuthMethod(raw json.RawMessage) string {
	if s, err := model.JSONText(raw); err == nil {
		return s
	}
	var a struct{ Method, SecondFactor json.RawMessage }
	if json.Unmarshal(raw, &a) != nil {
		return ""
	}
	method, _ := model.JSONText(a.Method)
	if refIsNull(a.SecondFactor) {
		return method
	}
	second, err := model.JSONText(a.SecondFactor)
	if err != nil || second == "" {
		second = "used"
	}
	if second == "false" {
		return method
	}
	return strings.TrimPrefix(method+", second factor "+second, ", ")
}

// refJoinText joins the non-empty text values of vs with sep.
func refJoinText(sep string, vs ...json.RawMessage) string {
	var parts []string
	for _, v := range vs {
		if s, err := model.JSONText(v); err == nil && strings.TrimSpace(s) != "" {
			parts = append(parts, strings.TrimSpace(s))
		}
	}
	return strings.Join(parts, sep)
}

// refPlainFields lists an object's top-level text, number and boolean fields as
// "key=value", in the order sent, up to about n bytes: a summary of a
// descriptor trail knows nothing about. Fields the event already shows in
// its own columns are left out.
func refPlainFields(raw json.RawMessage, n int) string {
	shown := []string{"userId", "username", "ipAddress", "brandId"}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		s, _ := model.JSONText(raw)
		return clip(s, n)
	}
	var parts []string
	size := 0
	for dec.More() && size < n {
		key, err := dec.Token()
		if err != nil {
			break
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			break
		}
		name := fmt.Sprint(key)
		s, err := model.JSONText(v)
		if err != nil || refIsNull(v) || s == "" || slices.Contains(shown, name) {
			continue
		}
		part := name + "=" + s
		parts = append(parts, part)
		size += len(part) + 1
	}
	return clip(strings.Join(parts, " "), n)
}

// refDescribeDecodeError says why an event is not an object, in words.
func refDescribeDecodeError(err error) string {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		return fmt.Sprintf("it is a JSON %s, not an object", ute.Value)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "it is cut short"
	}
	return clip(err.Error(), 120)
}

// FuzzDecodeMatchesReference: the scanning decoder agrees with the reference
// on any response: the same error, or the same page, events field for field
// and messages included; an event read alone (decodeElement, the codec's
// Entry) too, whatever its bytes and activity type; and readEnvelope, for
// the activity types' list, gives the same result.
// go test ./sources/qualtrics -run '^$' -fuzz FuzzDecodeMatchesReference -fuzztime 1m
func FuzzDecodeMatchesReference(f *testing.F) {
	em := qualtricsemu.New(qualtricsemu.Options{Now: seedNow, Events: 6, Seed: 3})
	var raws [][]byte
	for _, e := range em.Entries() {
		raw, _ := e.MarshalJSON()
		raws = append(raws, raw)
	}
	page := func(elements string) string {
		return `{"result":{"elements":[` + elements + `],"nextPage":null},"meta":{"httpStatus":"200 - OK"}}`
	}
	el := func(d string) string {
		return `{"id":"e1","timestamp":"2026-11-17T10:00:00.000Z","datacenter":"IAD1","source":"x","descriptor":` + d + `}`
	}
	for _, seed := range []struct {
		status int
		typ    string
		body   string
	}{
		{200, "logins", page(string(bytes.Join(raws, []byte(","))))},
		{200, "session_terminations", page(string(bytes.Join(raws, []byte(" ,\n ")))) + "\n"},
		{200, "logins", page(seedElement)},
		{200, "logins", page(el(`{"userId":null,"username":"admin","isSuccessful":false,"failureReason":"Invalid username or password","ipAddress":"192.0.2.77","authentication":{"method":"BASIC"}}`))},
		{200, "Logins", page(el(`{"userId":"UR_1","isSuccessful":"true","location":"Provo, UT","platform":"Chrome on Mac","authentication":"SSO"}`))},
		{200, "logins", page(el(`{"username":"a@b","isSuccessful":true,"isProxyLogin":"TRUE","product":"XM","authentication":{"method":"BASIC","secondFactor":"TOTP"},"platform":{"userAgent":"Edge"}}`))},
		{200, "logins", page(el(`{"isSuccessful":1,"authentication":{"secondFactor":false},"platform":[1],"location":{"CITY":"a","ReGiOn":" b ","countrycode":7,"city":"c"}}`))},
		{200, "logins", page(el(`{"authentication":{"method":null,"secondFactor":{}},"platform":{"userAgent":"","operatingSystem":"Linux"},"location":[]}`))},
		{200, "session_creations", page(el(`{"userId":"UR_1","sessionId":"s-1","ipAddress":"203.0.113.7","location":{"city":"Dublin","countryCode":"IE"}}`))},
		{200, "session_terminations", page(el(`{"userId":"UR_1","sessionId":"s-1","terminationTimestamp":1795000000000}`))},
		{200, "password_resets", page(el(`{"userId":"UR_1","agentUserId":"UR_2","reason":"Reset by admin","validationRules":{"minPasswordLength":12}}`))},
		{200, "password_changes", page(el(`{"userId":"UR_1"}`))},
		{200, "response_exports", page(el(`{"userId":"UR_1","surveyId":"SV_1","format":"csv","nested":{"a":1},"empty":null,"recordCount":12,"bra\u006edId":"x","\u00e9":"\ud83d\ude00"}`))},
		{200, "brands", page(el(`["x"]`) + "," + el(`"text"`) + "," + el(`12.5e3`))},
		{200, "logins", page(`null,1,"x",true,[],{},{"id":7,"timestamp":"soon","descriptor":5}`)},
		{200, "logins", page(`{"ID":"a","Id":"b","TIMESTAMP":1605294820,"Descriptor":{"USERID":"u","userid":"v","ſessionId":"s","\u0075sername":"n","ipaddreſſ":"i"},"id":"c"}`)},
		{200, "logins", page(`{"id":"\u0031\"","timestamp":"2026-11-17 10:00:00 UTC","descriptor":{"username":"caf\u00e9 \ud800","location":{"city":"\u2028"},"platform":{"userAgent":"\t x \n"}}}`)},
		{200, "logins", "{\"result\":{\"elements\":[{\"id\":\"\xff\",\"descriptor\":{\"product\":\"t\xfe\",\"\xffusername\":\"x\"}}]}}"},
		{200, "logins", `{"result":{"elements":[{"timestamp":1e400},{"timestamp":-5},{"timestamp":"  "},{"timestamp":[]}],"nextPage":"  abc~~ "},"meta":null}`},
		{200, "logins", `{"result":{"elements":{}},"meta":{"notice":"use this host instead: fra1.qualtrics.com"}}`},
		{200, "logins", `{"result":{"elements":null,"nextPage":5}}`},
		{200, "logins", `{"result":{"elements":[],"nextPage":{}},"RESULT":{"elements":[{}]}}`},
		{200, "logins", `{"result":[1],"meta":{}}`},
		{200, "logins", `{"result":null}`},
		{200, "logins", `{"meta":{"error":"boom"}}`},
		{500, "logins", `{"meta":{"httpStatus":"500 - Internal Server Error","error":{"errorMessage":"x","errorCode":"Y"}}}`},
		{401, "logins", `{"meta":{"httpStatus":"401 - Unauthorized","error":{"errorMessage":"Unrecognized X-API-TOKEN.","errorCode":"DCD_7"}}}`},
		{302, "logins", `{}`},
		{200, "logins", `{"result":{"elements":[1,`},
		{200, "logins", `{"result":{"elements":[01]}}`},
		{200, "logins", `[]`},
		{200, "logins", ` `},
		{200, "logins", "{\"result\":\"\x01\"}"},
		{200, "logins", strings.Repeat("[", 20) + strings.Repeat("]", 20)},
	} {
		f.Add(seed.status, seed.typ, []byte(seed.body), false)
	}
	s := New(Config{Common: transport.Common{BaseURL: "https://iad1.qualtrics.com/API/v3"}, Token: "t"})
	header := http.Header{"Content-Type": {"application/json"}, "Retry-After": {"3"}}
	f.Fuzz(func(t *testing.T, status int, typ string, body []byte, hadCursor bool) {
		body = body[:len(body):len(body)]
		resp := &transport.Response{Status: status, Header: header, Body: body}
		got, err := s.decodeLogs(resp, typ, hadCursor)
		want, wantErr := s.refDecodeLogs(resp, typ, hadCursor)
		sourcetest.RequireSameError(t, body, err, wantErr)
		if !reflect.DeepEqual(got, want) {
			for i := range min(len(got.events), len(want.events)) {
				if !reflect.DeepEqual(got.events[i], want.events[i]) {
					t.Fatalf("%q: event %d\n%+v\nthe reference\n%+v", body, i, got.events[i], want.events[i])
				}
			}
			t.Fatalf("%q: page\n%+v\nthe reference\n%+v", body, got, want)
		}
		sourcetest.RequireAloneAlike(t, body, got.events,
			func(raw json.RawMessage) model.Event { return decodeElement(raw, typ) },
			func(raw json.RawMessage) model.Event { return refDecodeElement(raw, typ) })
		l, notice, err := s.readEnvelope(resp, hadCursor)
		refL, refNotice, refErr := s.refReadEnvelope(resp, hadCursor)
		if !reflect.DeepEqual(err, refErr) || notice != refNotice ||
			string(l.Elements) != string(refL.Elements) || string(l.NextPage) != string(refL.NextPage) {
			t.Fatalf("%q: envelope %q %q %q %v, the reference %q %q %q %v", body,
				l.Elements, l.NextPage, notice, err, refL.Elements, refL.NextPage, refNotice, refErr)
		}
	})
}
