package qualtrics

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// envelope is every v3 response: a result, and meta with the status, a
// request id, and perhaps a notice or an error. Parts are kept raw and read
// leniently.
type envelope struct {
	Result json.RawMessage `json:"result"`
	Meta   json.RawMessage `json:"meta"`
}

// list is a result holding elements and the next page, for both endpoints.
type list struct {
	Elements json.RawMessage `json:"elements"`
	NextPage json.RawMessage `json:"nextPage"`
}

// logsPage is one decoded page of /logs, before trimming.
type logsPage struct {
	events []model.Event
	next   string
	notice string
}

// readEnvelope checks a response and returns its result and notice, or the
// error it reports. Whether a response is an error is decided on both the
// status and meta.error.
func (s *Source) readEnvelope(resp *transport.Response, hadCursor bool) (list, string, error) {
	if resp.Status >= 300 && resp.Status < 400 {
		return list{}, "", s.redirectError(resp.Status)
	}
	body := bytes.TrimSpace(resp.Body)
	if len(body) == 0 {
		return list{}, "", s.nonJSONError(resp.Status, resp.Header, "the server sent an empty response")
	}
	if body[0] != '{' {
		return list{}, "", s.nonJSONError(resp.Status, resp.Header, describeNonJSON(body, resp.Header.Get("Content-Type"), resp.Status))
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return list{}, "", s.nonJSONError(resp.Status, resp.Header, "the response is not valid JSON: "+clip(err.Error(), 120))
	}
	m, _ := readMeta(env.Meta)
	if m.hasError || resp.Status < 200 || resp.Status > 299 {
		return list{}, "", s.apiError(resp.Status, resp.Header, m, hadCursor)
	}
	if isNull(env.Result) {
		return list{}, "", s.newError(sources.ErrMalformed, resp.Status, "the response has no result", malformedHint)
	}
	var l list
	if err := json.Unmarshal(env.Result, &l); err != nil {
		return list{}, "", s.newError(sources.ErrMalformed, resp.Status, "the response's result is not an object", malformedHint)
	}
	return l, noticeText(m.notice), nil
}

// decodeLogs reads a /logs page of events of activity type typ.
func (s *Source) decodeLogs(resp *transport.Response, typ string, hadCursor bool) (logsPage, error) {
	l, notice, err := s.readEnvelope(resp, hadCursor)
	if err != nil {
		return logsPage{}, err
	}
	page := logsPage{notice: notice}
	var raws []json.RawMessage
	if !isNull(l.Elements) {
		if err := json.Unmarshal(l.Elements, &raws); err != nil {
			return logsPage{}, s.newError(sources.ErrMalformed, resp.Status, "the response's result.elements is not a list", malformedHint)
		}
	}
	page.events = make([]model.Event, len(raws))
	for i, raw := range raws {
		page.events[i] = decodeElement(raw, typ)
	}
	if page.next, err = nextPage(l.NextPage); err != nil {
		return logsPage{}, s.newError(sources.ErrMalformed, resp.Status, err.Error(), malformedHint)
	}
	return page, nil
}

// nextPage reads result.nextPage: text, or null or absent for the last page.
func nextPage(raw json.RawMessage) (string, error) {
	if v := bytes.TrimSpace(raw); !isNull(v) && v[0] != '"' {
		return "", errors.New("the response's result.nextPage is neither text nor null")
	}
	next, err := jsonText(raw)
	if err != nil {
		return "", errors.New("the response's result.nextPage is not valid text")
	}
	return strings.TrimSpace(next), nil
}

// noticeText is a meta.notice made safe and, where it names a better host
// ("Request proxied. For faster response times, use this host instead:
// fra1.qualtrics.com"), turned into the base_url to set.
func noticeText(n string) string {
	n = strings.Join(strings.Fields(n), " ")
	if n == "" {
		return ""
	}
	text := "Qualtrics: " + clip(model.Sanitize(n), 240)
	if host := suggestedHost(n); host != "" {
		text += " (set base_url = \"https://" + host + "/API/v3\")"
	}
	return text
}

// suggestedHost returns the host named after "use this host instead", if it
// is a plain host name.
func suggestedHost(notice string) string {
	const marker = "use this host instead"
	i, n := model.IndexFold(notice, marker)
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(notice[i+n:], ": ")
	if len(rest) > 8 && strings.EqualFold(rest[:8], "https://") {
		rest = rest[8:]
	}
	end := strings.IndexFunc(rest, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-')
	})
	if end >= 0 {
		rest = rest[:end]
	}
	host := strings.ToLower(strings.Trim(rest, ".-"))
	if !strings.Contains(host, ".") || len(host) > 253 {
		return ""
	}
	return host
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

// jsonInt reads a positive whole number sent as a number or numeric string;
// anything else is 0.
func jsonInt(raw json.RawMessage) int {
	s, err := jsonText(raw)
	if err != nil {
		return 0
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 1<<31 && f == float64(int(f)) {
		return int(f)
	}
	return 0
}

// jsonBool reads true or false, also when sent as text; ok is false for
// anything else.
func jsonBool(raw json.RawMessage) (v, ok bool) {
	s, err := jsonText(raw)
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

func isNull(raw json.RawMessage) bool {
	v := bytes.TrimSpace(raw)
	return len(v) == 0 || string(v) == "null"
}
