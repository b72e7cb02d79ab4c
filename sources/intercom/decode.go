package intercom

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
	"github.com/trail-dev/trail/sources"
)

// The members of a list or error response trail reads. Every part is kept
// raw and read leniently: the documented shapes disagree with each other in
// places.
const (
	envType = iota
	envPages
	envActivityLogs
	envErrors
	nEnvelope
)

var envelopeFields = jsondoc.NewFields("type", "pages", "activity_logs", "errors")

// wirePages is the pages object. next is raw: a URL string, a
// {per_page, starting_after} object, or null.
type wirePages struct {
	Next       json.RawMessage `json:"next"`
	Page       json.RawMessage `json:"page"`
	PerPage    json.RawMessage `json:"per_page"`
	TotalPages json.RawMessage `json:"total_pages"`
}

// response is a decoded page, before trimming.
type response struct {
	events               []model.Event
	page, total, perPage int
	// nextURL or startingAfter (with nextPerPage) say how to get the next
	// page; both empty means there is none.
	nextURL, startingAfter string
	nextPerPage            int
}

// decodeResponse turns a status and body into a page or an error. A body
// of type error.list is an error whatever the status.
func (s *Source) decodeResponse(status int, header http.Header, body []byte, hadCursor bool) (response, error) {
	if status >= 300 && status < 400 {
		return response{}, s.newError(sources.ErrBadQuery, status, "the server redirected the request to another address",
			"set base_url to Intercom's API host itself, like "+DefaultBaseURL)
	}
	// Checked once here, as json.Unmarshal checks it; after that the
	// envelope, the entries and their fields are only read, which keeps a
	// 1,000-entry page in a few milliseconds.
	d := jsondoc.Get()
	defer jsondoc.Put(d)
	if problem := s.http.ParseObject(d, body, header.Get("Content-Type")); problem != "" {
		return response{}, s.nonJSONError(status, header, problem)
	}
	var env [nEnvelope]jsondoc.Value
	d.Fields(d.Root(), envelopeFields, env[:])
	typ, _ := model.JSONText(d.Raw(env[envType]))
	if errs := d.Raw(env[envErrors]); typ == "error.list" || !model.IsJSONNull(errs) || status < 200 || status > 299 {
		return response{}, s.apiError(status, header, decodeErrors(errs), hadCursor)
	}
	logs := env[envActivityLogs]
	if model.IsJSONNull(d.Raw(logs)) && typ != "activity_log.list" {
		return response{}, s.newError(sources.ErrMalformed, status, "the response is not an activity log list", malformedHint)
	}
	var resp response
	if !model.IsJSONNull(d.Raw(logs)) {
		if d.Kind(logs) != '[' {
			return response{}, s.newError(sources.ErrMalformed, status, "the response's activity_logs is not a list", malformedHint)
		}
		var r reader
		resp.events = sources.ReadEntries(d, d.List(logs), r.entry)
	}
	if err := decodePages(d.Raw(env[envPages]), &resp); err != nil {
		return response{}, s.newError(sources.ErrMalformed, status, err.Error(), malformedHint)
	}
	return resp, nil
}

// decodePages reads the pages object into resp. A missing, null or empty
// pages object means there are no more pages, as the older docs say.
func decodePages(raw json.RawMessage, resp *response) error {
	if model.IsJSONNull(raw) {
		return nil
	}
	var p wirePages
	if err := json.Unmarshal(raw, &p); err != nil {
		return errors.New("the response's pages is not an object")
	}
	resp.page, resp.total, resp.perPage = model.JSONInt(p.Page), model.JSONInt(p.TotalPages), model.JSONInt(p.PerPage)
	next := bytes.TrimSpace(p.Next)
	switch {
	case model.IsJSONNull(next):
	case next[0] == '"':
		link, _ := model.JSONText(next)
		link = strings.TrimSpace(link)
		if strings.HasPrefix(link, "http:") || strings.HasPrefix(link, "https:") || strings.HasPrefix(link, "/") {
			resp.nextURL = link
		} else {
			// Not a link: the only other thing it can be is the cursor the
			// spec puts in starting_after, so it is sent back as one.
			resp.startingAfter = link
		}
	case next[0] == '{':
		var n struct {
			StartingAfter json.RawMessage `json:"starting_after"`
			PerPage       json.RawMessage `json:"per_page"`
		}
		if err := json.Unmarshal(next, &n); err != nil {
			return errors.New("the response's pages.next is not readable")
		}
		after, err := model.JSONText(n.StartingAfter)
		if err != nil {
			return errors.New("the response's pages.next.starting_after is not text")
		}
		resp.startingAfter, resp.nextPerPage = after, model.JSONInt(n.PerPage)
	default:
		return errors.New("the response's pages.next is neither a link nor an object")
	}
	return nil
}

// wireError is one entry of an error.list.
type wireError struct {
	Code    json.RawMessage `json:"code"`
	Message json.RawMessage `json:"message"`
	Field   json.RawMessage `json:"field"`
}

// apiErr is an error.list entry as text.
type apiErr struct{ code, message, field string }

// decodeErrors reads an error.list's errors leniently: what cannot be read
// is left out, and the status alone then says what went wrong.
func decodeErrors(raw json.RawMessage) []apiErr {
	var list []wireError
	if model.IsJSONNull(raw) || json.Unmarshal(raw, &list) != nil {
		return nil
	}
	out := make([]apiErr, 0, len(list))
	for _, w := range list {
		code, _ := model.JSONText(w.Code)
		msg, _ := model.JSONText(w.Message)
		field, _ := model.JSONText(w.Field)
		out = append(out, apiErr{strings.TrimSpace(code), strings.TrimSpace(msg), strings.TrimSpace(field)})
	}
	return out
}
