package intercom

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// FuzzDecodeResponse feeds arbitrary responses to the page decoder and the
// paging that follows it: any status and body give a page or a
// *sources.Error with a kind, never a panic; every entry found is kept with
// its raw bytes; the token is never echoed (after the redaction Fetch
// applies); and a next-page cursor the source issues is one it accepts.
// go test ./sources/intercom -run '^$' -fuzz FuzzDecodeResponse -fuzztime 1m
func FuzzDecodeResponse(f *testing.F) {
	const token = "fz/Tok+en9Q=Wv"
	now := seedNow
	em := intercomemu.New(intercomemu.DemoOptions(now))
	entries := sourcetest.JoinJSON(f, em.Entries()[:4])
	page := func(pages string) string {
		return `{"type":"activity_log.list","activity_logs":[` + entries + `],"pages":` + pages + `}`
	}
	urlPage := page(`{"type":"pages","next":"https://api.intercom.io/admins/activity_logs?created_at_after=1&page=2&per_page=4","page":1,"per_page":4,"total_pages":5}`)
	errList := func(code, msg string) string {
		return `{"type":"error.list","request_id":"r1","errors":[{"code":"` + code + `","message":"` + msg + `"}]}`
	}
	for _, seed := range []struct {
		status      int
		contentType string
		body        string
	}{
		{200, "application/json", urlPage},
		{200, "application/json", page(`{"type":"pages","next":{"per_page":4,"starting_after":"WzE3NjMzOTE4NDUsIjEiXQ=="},"page":1,"per_page":4,"total_pages":5}`)},
		{200, "application/json", page(`{"next":"WzE3NjMzOTE4NDUsIjEiXQ=="}`)},
		{200, "application/json", page(`{"next":"/admins/activity_logs?page=2","page":"1","total_pages":3.0}`)},
		{200, "application/json", page(`null`)},
		{200, "application/json", `{"type":"activity_log.list","activity_logs":[]}`},
		{401, "application/json", errList("unauthorized", "Bearer "+token+" is not valid")},
		{401, "application/json", errList("token_not_found", "Token not found")},
		{403, "application/json", errList("api_plan_restricted", "Nope")},
		{404, "application/json", `{"type":"error.list","request_id":null,"errors":[{"code":"parameter_not_found","message":"Please provide the following parameters: created_at_after"}]}`},
		{400, "application/json", errList("parameter_invalid", "starting_after is invalid")},
		{429, "application/json", errList("rate_limit_exceeded", "Exceeded rate limit of 167 in 10_seconds")},
		{500, "application/json", errList("server_error", "boom\u001b]0;x\u0007")},
		{502, "text/html", `<html><head><title>502 Bad Gateway ` + token + `</title></head><body>nginx</body></html>`},
		{200, "text/html; charset=utf-8", "<html><TITLE>Sign in &amp; continue</TITLE></html>"},
		{200, "text/plain", "OK"},
		{200, "application/json", urlPage[:len(urlPage)/2]},
		{200, "application/json", ``},
		{200, "application/json", `[]`},
		{200, "application/json", `{"type":"activity_log.list","activity_logs":[null,1,"x",{"id":7,"created_at":"soon","performed_by":"x","metadata":[1],"activity_type":{}}],"pages":{"next":5}}`},
		{200, "application/json", `{"type":"activity_log.list","activity_logs":{"id":1},"pages":"2"}`},
		{200, "application/json", `{"type":"activity_log.list","activity_logs":[],"pages":{"next":{"starting_after":{},"per_page":"x"}}}`},
		{200, "application/json", `{"type":null,"activity_logs":null,"pages":null,"errors":null}`},
		{200, "application/json", `{"type":"activity_log.list","activity_logs":[{"id":"1","activity_description":"` + strings.Repeat("x", 5000) + `"}]}`},
		{302, "text/html", `<a href="x">Found</a>`},
	} {
		f.Add(seed.status, seed.contentType, []byte(seed.body), false)
	}
	s := New(Config{Common: transport.Common{BaseURL: DefaultBaseURL}, Token: token})
	prev := DefaultBaseURL + "/admins/activity_logs?created_at_after=1&created_at_before=2"
	window := walkCursor{Since: now.Add(-time.Hour), Until: now, Page: 1}
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte, hadCursor bool) {
		body = body[:len(body):len(body)] // reading past the end panics, as it would on a real body
		header := http.Header{"Content-Type": {contentType}, "X-Ratelimit-Reset": {"3"}}
		resp, err := s.decodeResponse(status, header, body, hadCursor)
		var next string
		if err == nil {
			next, err = s.nextCursor(window, resp, prev)
		}
		err = s.redact(err) // as Fetch does
		if sourcetest.RequireFuzzedError(t, err, token) {
			return
		}
		sourcetest.RequireRaw(t, resp.events)
		var env struct {
			ActivityLogs []json.RawMessage `json:"activity_logs"`
		}
		if json.Unmarshal(body, &env) == nil && len(env.ActivityLogs) != len(resp.events) {
			t.Fatalf("%d entries in the body, %d events", len(env.ActivityLogs), len(resp.events))
		}
		if next != "" {
			if _, err := parseCursor(next); err != nil {
				t.Fatalf("the source refuses its own cursor (%v): %+v", err, resp)
			}
		}
	})
}
