package qualtrics

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// An envelope is every v3 response: a result, and meta with the status, a
// request id, and perhaps a notice or an error. Parts are kept raw and read
// leniently.
const (
	envResult = iota
	envMeta
	nEnvelope
)

var envelopeFields = jsondoc.NewFields("result", "meta")

// A result holds elements and the next page, for both endpoints.
const (
	resElements = iota
	resNextPage
	nResult
)

var resultFields = jsondoc.NewFields("elements", "nextPage")

// list is a result's elements and next page.
type list struct {
	Elements json.RawMessage
	NextPage json.RawMessage
}

// logsPage is one decoded page of /logs, before trimming.
type logsPage struct {
	events []model.Event
	next   string
	notice string
}

// readEnvelope checks a response and returns its result and notice, or the
// error it reports.
func (s *Source) readEnvelope(resp *transport.Response, hadCursor bool) (list, string, error) {
	var d jsondoc.Doc
	res, notice, err := s.scanEnvelope(&d, resp, hadCursor)
	if err != nil {
		return list{}, "", err
	}
	return list{Elements: d.Raw(res[resElements]), NextPage: d.Raw(res[resNextPage])}, notice, nil
}

// scanEnvelope is readEnvelope reading the body into d: it returns the
// result's members and the notice, or the error the response reports.
// Whether a response is an error is decided on both the status and
// meta.error. The body is checked once, as json.Unmarshal checks it, and
// only scanned after that.
func (s *Source) scanEnvelope(d *jsondoc.Doc, resp *transport.Response, hadCursor bool) (res [nResult]jsondoc.Value, notice string, err error) {
	if resp.Status >= 300 && resp.Status < 400 {
		return res, "", s.redirectError(resp.Status)
	}
	if problem := s.http.ParseObject(d, resp.Body, resp.Header.Get("Content-Type")); problem != "" {
		return res, "", s.nonJSONError(resp.Status, resp.Header, problem)
	}
	var env [nEnvelope]jsondoc.Value
	d.Fields(d.Root(), envelopeFields, env[:])
	m, _ := readMeta(d.Raw(env[envMeta]))
	if m.hasError || resp.Status < 200 || resp.Status > 299 {
		return res, "", s.apiError(resp.Status, resp.Header, m, hadCursor)
	}
	result := env[envResult]
	if model.IsJSONNull(d.Raw(result)) {
		return res, "", s.newError(sources.ErrMalformed, resp.Status, "the response has no result", malformedHint)
	}
	if d.Kind(result) != '{' {
		return res, "", s.newError(sources.ErrMalformed, resp.Status, "the response's result is not an object", malformedHint)
	}
	d.Fields(result, resultFields, res[:])
	return res, s.noticeText(m.notice), nil
}

// decodeLogs reads a /logs page of events of activity type typ.
func (s *Source) decodeLogs(resp *transport.Response, typ string, hadCursor bool) (logsPage, error) {
	d := jsondoc.Get()
	defer jsondoc.Put(d)
	res, notice, err := s.scanEnvelope(d, resp, hadCursor)
	if err != nil {
		return logsPage{}, err
	}
	page := logsPage{notice: notice}
	elements := res[resElements]
	var vs []jsondoc.Value
	if !model.IsJSONNull(d.Raw(elements)) {
		if d.Kind(elements) != '[' {
			return logsPage{}, s.newError(sources.ErrMalformed, resp.Status, "the response's result.elements is not a list", malformedHint)
		}
		vs = d.List(elements)
	}
	if page.next, err = nextPage(d.Raw(res[resNextPage])); err != nil {
		return logsPage{}, s.newError(sources.ErrMalformed, resp.Status, err.Error(), malformedHint)
	}
	page.events = make([]model.Event, len(vs))
	raws := d.Clone(vs) // Raw outlives the body
	var sc scanner
	for i, v := range vs {
		page.events[i] = sc.read(d, v, raws[i], typ)
	}
	return page, nil
}

// nextPage reads result.nextPage: text, or null or absent for the last page.
func nextPage(raw json.RawMessage) (string, error) {
	if v := bytes.TrimSpace(raw); !model.IsJSONNull(v) && v[0] != '"' {
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
func (s *Source) noticeText(n string) string {
	n = strings.Join(strings.Fields(n), " ")
	if n == "" {
		return ""
	}
	text := "Qualtrics: " + s.http.Quote(n, 240)
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
func jsonText(raw json.RawMessage) (string, error) { return model.JSONText(raw) }

// jsonBool reads true or false, also when sent as text; ok is false for
// anything else.
func jsonBool(raw json.RawMessage) (v, ok bool) {
	switch string(raw) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
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
