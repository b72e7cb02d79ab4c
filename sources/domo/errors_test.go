package domo

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/domo/domoemu"
)

// TestEmulatorErrors drives the client into each error the emulator makes
// on /v1/audit, in Domo's documented shapes.
func TestEmulatorErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("html 406", func(t *testing.T) {
		_, src := startEmulator(t, domoemu.Options{Events: 3, Always406: true}, Config{})
		_, err := src.Fetch(ctx, model.Query{}, "")
		checks.Error(t, err, sources.ErrBadQuery, http.StatusNotAcceptable,
			`HTML page instead of JSON (titled "HTTP Status 406 – Not Acceptable")`, "would not answer in JSON", "base_url")
		if strings.Contains(err.Error(), "Tomcat") || strings.Contains(err.Error(), "<") {
			t.Errorf("error %q quotes the page", err)
		}
	})
	t.Run("rate limited", func(t *testing.T) {
		_, src := startEmulator(t, domoemu.Options{Events: 3, RateLimitEvery: 2, RetryAfter: 3 * time.Second}, Config{})
		if _, err := src.Fetch(ctx, model.Query{}, ""); err != nil {
			t.Fatal(err)
		}
		_, err := src.Fetch(ctx, model.Query{}, "")
		checks.Error(t, err, sources.ErrRateLimited, http.StatusTooManyRequests, "Rate limit exceeded")
		if d, ok := sources.RetryAfter(err); !ok || d != 3*time.Second {
			t.Errorf("RetryAfter = %v, %v; want 3s", d, ok)
		}
	})
	t.Run("refused parameters", func(t *testing.T) {
		em, src := startEmulator(t, domoemu.Options{Events: 30, RejectOverLimit: true}, Config{})
		tok, err := src.token(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		// Requests the client never makes, sent by hand to see that the
		// emulator refuses them as Domo would and the client reads the refusal.
		for _, tc := range []struct {
			query string
			says  string
		}{
			{"end=1513231200000", "Required long parameter 'start' is not present"},
			{"start=yesterday", `For input string: "yesterday"`},
			{"start=1513230600000&limit=5000", "limit must be at most 1000"},
			{"start=1513230600000&limit=0", "Invalid value for parameter 'limit'"},
			{"start=1513230600000&offset=-1", "Invalid value for parameter 'offset'"},
			{"start=1513231200000&end=1513230600000", "end must not be before start"},
		} {
			u := *src.audit
			u.RawQuery = tc.query
			status, header, body, err := src.get(ctx, u.String(), tok.value)
			if err != nil {
				t.Fatal(err)
			}
			if status != http.StatusBadRequest || !strings.Contains(string(body), `"toe":`) {
				t.Errorf("%s: HTTP %d %s; want 400 in Domo's error shape", tc.query, status, body)
			}
			_, err = src.decodePage(status, header, body)
			checks.Error(t, err, sources.ErrBadQuery, http.StatusBadRequest, tc.says, "Domo trace id", "check the filter")
		}
		if n := count(em, "/v1/audit"); n != 6 {
			t.Errorf("%d audit requests, want 6", n)
		}
	})
}

// TestErrorBodies feeds the client each kind of failure Domo, a proxy or the
// network can produce on /v1/audit.
func TestErrorBodies(t *testing.T) {
	domo := func(status int, reason, msg string) string {
		return `{"status":` + strconv.Itoa(status) + `,"statusReason":"` + reason + `","path":"/v1/audit","message":"` + msg + `","toe":"O6Q67O9N7H-U3ALR-NVA7L"}`
	}
	long := strings.Repeat("x", 190) + testSecret + strings.Repeat("y", 100)
	tests := []struct {
		name        string
		status      int
		ctype, body string
		header      map[string]string
		kind        error
		says        []string
		not         []string
	}{
		{"403 in Domo's shape", 403, "application/json", domo(403, "Forbidden", "com.domo.bedrock.service.exception.ForbiddenException: Access is denied"), nil,
			sources.ErrForbidden, []string{"Access is denied", "(Domo trace id O6Q67O9N7H-U3ALR-NVA7L)", "audit scope", "Manage Clients"}, []string{"com.domo"}},
		{"400 for a missing start", 400, "application/json", domo(400, "Bad Request", "Required long parameter 'start' is not present"), nil,
			sources.ErrBadQuery, []string{"'start' is not present", "time range"}, nil},
		{"400 about the user", 400, "application/json", domo(400, "Bad Request", "Invalid user id"), nil,
			sources.ErrBadQuery, []string{"Invalid user id", "numeric user id"}, nil},
		{"error in a 200", 200, "application/json", domo(500, "Internal Server Error", "Something broke"), nil,
			sources.ErrUnavailable, []string{"Something broke", "HTTP 200"}, nil},
		{"object that is not an error", 200, "application/json", `{"entries":[]}`, nil,
			sources.ErrMalformed, []string{"JSON object, not the list"}, nil},
		{"404", 404, "application/json", domo(404, "Not Found", "No message available"), nil,
			sources.ErrBadQuery, []string{"No message available", "without /v1"}, nil},
		{"429 with a date", 429, "application/json", domo(429, "Too Many Requests", "Slow down"), map[string]string{"Retry-After": testNow.Add(90 * time.Second).Format(http.TimeFormat)},
			sources.ErrRateLimited, []string{"Slow down"}, nil},
		{"502 HTML from a proxy", 502, "text/html", `<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>`, nil,
			sources.ErrUnavailable, []string{`"502 Bad Gateway"`, "HTTP 502"}, []string{"nginx"}},
		{"503 empty", 503, "", "", nil, sources.ErrUnavailable, []string{"empty response"}, nil},
		{"200 HTML sign-in", 200, "text/html", "<html><TITLE>Sign in \x1b[2J</TITLE><body>form</body></html>", nil,
			sources.ErrMalformed, []string{"HTML page", `Sign in \x1b[2J`, "base_url"}, []string{"\x1b", "form"}},
		{"truncated list", 200, "application/json", `[{"actionType":"VIEWED","time":"2017-12-13 10:5`, nil,
			sources.ErrMalformed, []string{"not valid JSON"}, nil},
		{"list on a 500", 500, "application/json", `[]`, nil, sources.ErrUnavailable, []string{"HTTP 500"}, nil},
		{"redirect elsewhere", 302, "text/html", `<a href="x">Found</a>`, map[string]string{"Location": "http://localhost:1/login"},
			sources.ErrBadQuery, []string{"redirected", "base_url"}, nil},
		{"secret echoed, then cut", 500, "application/json", domo(500, "Internal Server Error", long), nil,
			sources.ErrUnavailable, []string{"[redacted]", "…"}, []string{testSecret[:20]}},
		{"hostile message", 500, "application/json", domo(500, "x", `boom\u001b]0;owned\u0007`), nil,
			sources.ErrUnavailable, []string{`boom\x1b]0;owned\x07`}, []string{"\x1b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := startCanned(t, tt.status, tt.ctype, tt.body, tt.header)
			page, err := src.Fetch(context.Background(), model.Query{}, "")
			checks.Refused(t, page, err, tt.kind, tt.status, tt.says, tt.not)
			checks.NoSecret(t, "error", err.Error(), testSecret+"-tok")
		})
	}
}

// TestBadCursors: cursors that are garbage, tampered with, or made for
// another query are refused as bad cursors, without a request.
func TestBadCursors(t *testing.T) {
	em, src := startEmulator(t, domoemu.Options{Events: 30}, Config{PageSize: 5})
	q := model.Query{Since: testNow.Add(-72 * time.Hour)}
	page, err := src.Fetch(context.Background(), q, "")
	if err != nil || page.Next == "" {
		t.Fatalf("first page: next %q, %v", page.Next, err)
	}
	before := len(em.Requests())
	tampered := []byte(page.Next)
	tampered[len(tampered)-3] ^= 1
	for _, tc := range []struct {
		cursor string
		q      model.Query
		says   string
	}{
		{"not a cursor", q, "not one this source made"},
		{cursorPrefix + "%%%", q, "not one this source made"},
		{string(tampered), q, "not one this source made"},
		{page.Next[:len(page.Next)-6], q, "not one this source made"},
		{page.Next, model.Query{Since: testNow.Add(-24 * time.Hour)}, "another filter"},
		{page.Next, model.Query{Since: q.Since, Actor: "1619916076"}, "another filter"},
	} {
		_, err := src.Fetch(context.Background(), tc.q, tc.cursor)
		checks.Error(t, err, sources.ErrBadCursor, 0, tc.says, "first page")
	}
	if n := len(em.Requests()); n != before {
		t.Errorf("bad cursors made %d requests", n-before)
	}
	// Client-side parts of the query may change: the cursor still serves.
	if _, err := src.Fetch(context.Background(), model.Query{Since: q.Since, Action: "VIEWED", Text: "page"}, page.Next); err != nil {
		t.Errorf("cursor with another action and text: %v", err)
	}
}
