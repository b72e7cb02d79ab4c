package qualtrics

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/trail-dev/trail/model"
)

// wireElement is one event of /logs. Fields are raw so that a wrong type in
// one costs that field only.
type wireElement struct {
	ID         json.RawMessage `json:"id"`
	Timestamp  json.RawMessage `json:"timestamp"`
	Datacenter json.RawMessage `json:"datacenter"`
	Source     json.RawMessage `json:"source"`
	Descriptor json.RawMessage `json:"descriptor"`
}

// descriptor holds the descriptor fields trail maps, for every activity type
// that has them. The same name may carry different types in different
// clients' schemas, so every field is raw.
type descriptor struct {
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

// decodeElement maps one event of activity type typ onto an Event. It never
// fails: an event that cannot be read is kept with its raw bytes, and Summary
// says what was wrong. The descriptors of types trail does not know stay
// whole in Raw; their summary lists the descriptor's plain fields.
func decodeElement(raw json.RawMessage, typ string) model.Event {
	e := model.Event{Raw: raw, Action: typ}
	if isNull(raw) {
		e.Summary = "could not read this event: it is empty (null)"
		return e
	}
	var w wireElement
	if err := json.Unmarshal(raw, &w); err != nil {
		e.Summary = "could not read this event: " + describeDecodeError(err)
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
	e.ID = text("id", w.ID)
	t, err := model.ParseJSONTime(w.Timestamp)
	if err != nil {
		problems = append(problems, "timestamp: "+err.Error())
	}
	e.Time = t
	var d descriptor
	if !isNull(w.Descriptor) && json.Unmarshal(w.Descriptor, &d) != nil {
		problems = append(problems, "descriptor is not an object")
	}
	e.ActorID = text("userId", d.UserID)
	e.Actor = text("username", d.Username)
	if e.Actor == "" {
		e.Actor = e.ActorID
	}
	e.IP = text("ipAddress", d.IPAddress)
	e.Location = location(d.Location)
	switch strings.ToLower(typ) {
	case "logins":
		login(&e, &d)
	case "session_creations":
		e.Summary = withSession("Session started", text("sessionId", d.SessionID))
	case "session_terminations":
		e.Summary = withSession("Session ended", text("sessionId", d.SessionID))
		if end, err := model.ParseJSONTime(d.TerminationTimestamp); err == nil && !end.IsZero() {
			e.Summary += " at " + end.Format("2006-01-02 15:04:05 UTC")
		}
	case "password_resets":
		e.Summary = "Password reset"
		if r, _ := jsonText(d.Reason); r != "" {
			e.Summary += ": " + r
		}
		if agent, _ := jsonText(d.AgentUserID); agent != "" && agent != e.ActorID {
			e.Summary += " (by " + agent + ")"
		}
	case "password_changes":
		e.Summary = "Password changed"
	default:
		e.Summary = plainFields(w.Descriptor, 160)
	}
	if len(problems) > 0 {
		note := "could not read all of this event (" + strings.Join(problems, "; ") + ")"
		if e.Summary != "" {
			note += ": " + e.Summary
		}
		e.Summary = note
	}
	return e
}

// login fills what a logins descriptor says: the outcome, the platform, and
// a summary of how the user signed in or why they could not.
func login(e *model.Event, d *descriptor) {
	e.Client = platform(d.Platform)
	method := authMethod(d.Authentication)
	product, _ := jsonText(d.Product)
	ok, known := jsonBool(d.IsSuccessful)
	var b strings.Builder
	switch {
	case known && ok:
		e.Outcome = model.OutcomeSuccess
		b.WriteString("Logged in")
	case known:
		e.Outcome = model.OutcomeFailure
		b.WriteString("Login failed")
		if reason, _ := jsonText(d.FailureReason); reason != "" {
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
	if proxy, _ := jsonBool(d.IsProxyLogin); proxy {
		b.WriteString(", as a proxy login")
	}
	e.Summary = b.String()
}

func withSession(what, id string) string {
	if id == "" {
		return what
	}
	return what + ", session " + id
}

// location writes a location object as "Hoboken, NJ, US"; text is kept as it is.
func location(raw json.RawMessage) string {
	if s, err := jsonText(raw); err == nil {
		return s
	}
	var l struct{ City, Region, CountryCode json.RawMessage }
	if json.Unmarshal(raw, &l) != nil {
		return ""
	}
	return joinText(", ", l.City, l.Region, l.CountryCode)
}

// platform writes a platform object as "Chrome 86.0 on OS X 10.15.6".
func platform(raw json.RawMessage) string {
	if s, err := jsonText(raw); err == nil {
		return s
	}
	var p struct{ UserAgent, UserAgentVersion, OperatingSystem, OperatingSystemVersion json.RawMessage }
	if json.Unmarshal(raw, &p) != nil {
		return ""
	}
	agent := joinText(" ", p.UserAgent, p.UserAgentVersion)
	system := joinText(" ", p.OperatingSystem, p.OperatingSystemVersion)
	if agent != "" && system != "" {
		return agent + " on " + system
	}
	return agent + system
}

// authMethod writes an authentication object as "BASIC" or "SSO, second
// factor TOTP"; the field may also be plain text.
func authMethod(raw json.RawMessage) string {
	if s, err := jsonText(raw); err == nil {
		return s
	}
	var a struct{ Method, SecondFactor json.RawMessage }
	if json.Unmarshal(raw, &a) != nil {
		return ""
	}
	method, _ := jsonText(a.Method)
	if isNull(a.SecondFactor) {
		return method
	}
	second, err := jsonText(a.SecondFactor)
	if err != nil || second == "" {
		second = "used"
	}
	if second == "false" {
		return method
	}
	return strings.TrimPrefix(method+", second factor "+second, ", ")
}

// joinText joins the non-empty text values of vs with sep.
func joinText(sep string, vs ...json.RawMessage) string {
	var parts []string
	for _, v := range vs {
		if s, err := jsonText(v); err == nil && strings.TrimSpace(s) != "" {
			parts = append(parts, strings.TrimSpace(s))
		}
	}
	return strings.Join(parts, sep)
}

// plainFields lists an object's top-level text, number and boolean fields as
// "key=value", in the order sent, up to about n bytes: a summary of a
// descriptor trail knows nothing about. Fields the event already shows in
// its own columns are left out.
func plainFields(raw json.RawMessage, n int) string {
	shown := []string{"userId", "username", "ipAddress", "brandId"}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		s, _ := jsonText(raw)
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
		s, err := jsonText(v)
		if err != nil || isNull(v) || s == "" || slices.Contains(shown, name) {
			continue
		}
		part := name + "=" + s
		parts = append(parts, part)
		size += len(part) + 1
	}
	return clip(strings.Join(parts, " "), n)
}

// describeDecodeError says why an event is not an object, in words.
func describeDecodeError(err error) string {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		return fmt.Sprintf("it is a JSON %s, not an object", ute.Value)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "it is cut short"
	}
	return clip(err.Error(), 120)
}
