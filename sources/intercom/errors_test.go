package intercom

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestEmulatorErrors drives the client into each error code the emulator
// sends, and checks that each tells the user what to do.
func TestEmulatorErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("unauthorized", func(t *testing.T) {
		em := intercomemu.New(intercomemu.Options{Token: "another-token", Events: 3, Now: testNow})
		srv := sourcetest.Serve(t, em)
		src := New(Config{Common: transport.Common{BaseURL: srv.URL, Client: srv.Client(), Name: "prod", Now: func() time.Time { return testNow }}, Token: testToken})
		_, err := src.Fetch(ctx, model.Query{}, "")
		checks.Error(t, err, sources.ErrUnauthorized, http.StatusUnauthorized,
			"unauthorized: Access Token Invalid", `"token" of source "prod"`, "Developer Hub", "https://api.eu.intercom.io")
		if h := em.Requests()[0]; h.Status != 401 {
			t.Errorf("status %d", h.Status)
		}
	})
	t.Run("parameter_not_found", func(t *testing.T) {
		for _, status := range []int{0, http.StatusBadRequest} {
			_, src := startEmulator(t, intercomemu.Options{Events: 3, MissingParamStatus: status}, 0)
			// A request the client never makes, sent by hand to see that the
			// emulator refuses it as the docs show and the client reads it.
			code, header, body, err := src.get(ctx, src.endpoint.String()+"?created_at_before=5")
			if err != nil {
				t.Fatal(err)
			}
			want := status
			if want == 0 {
				want = http.StatusNotFound
			}
			if code != want || !strings.Contains(string(body), `"request_id":null`) {
				t.Errorf("HTTP %d %s; want %d and a null request_id", code, body, want)
			}
			_, err = src.decodeResponse(code, header, body, false)
			checks.Error(t, err, sources.ErrBadQuery, want,
				"parameter_not_found: Please provide the following parameters: created_at_after", "base_url", "proxy")
		}
	})
	t.Run("api_plan_restricted", func(t *testing.T) {
		_, src := startEmulator(t, intercomemu.Options{Events: 3, PlanRestricted: true}, 0)
		_, err := src.Fetch(ctx, model.Query{}, "")
		checks.Error(t, err, sources.ErrForbidden, http.StatusForbidden,
			"api_plan_restricted: This feature is not yet available to your app", "plan", "workspace admin")
	})
	t.Run("rate_limit_exceeded", func(t *testing.T) {
		clock := sourcetest.NewClock(testNow)
		em, src := startEmulator(t, intercomemu.Options{Events: 3, RateLimit: 1, Clock: clock.Now}, 0)
		if _, err := src.Fetch(ctx, model.Query{}, ""); err != nil {
			t.Fatal(err)
		}
		// A second process, which knows nothing of the window used up, and
		// sits out no wait: the 429 comes straight back.
		other := New(Config{Common: transport.Common{BaseURL: src.base.String(), Now: src.now, HTTP: transport.Options{Backoff: time.Millisecond, MaxWait: time.Nanosecond}}, Token: testToken})
		_, err := other.Fetch(ctx, model.Query{}, "")
		e := checks.Error(t, err, sources.ErrRateLimited, http.StatusTooManyRequests, "Exceeded rate limit of 1 in 10_seconds")
		// testNow is 5 seconds into its 10-second window.
		if e.RetryAfter < 5*time.Second || e.RetryAfter > 6*time.Second || !sources.Transient(err) {
			t.Errorf("RetryAfter %v, transient %v; want the time to the reset", e.RetryAfter, sources.Transient(err))
		}
		if h := em.Requests()[1]; h.Status != 429 {
			t.Errorf("second request answered %d", h.Status)
		}
	})
	t.Run("intercom_version_invalid", func(t *testing.T) {
		_, src := startEmulator(t, intercomemu.Options{Events: 3}, 0)
		src.version = "2.99"
		_, err := src.Fetch(ctx, model.Query{}, "")
		checks.Error(t, err, sources.ErrBadQuery, http.StatusBadRequest, "intercom_version_invalid", "api_version", `"2.16"`)
	})
	t.Run("starting_after refused", func(t *testing.T) {
		_, src := startEmulator(t, intercomemu.Options{Events: 3}, 0)
		c := walkCursor{Since: testNow.Add(-time.Hour), Until: testNow, Page: 2, StartingAfter: "bm90IGEga2V5"}
		_, err := src.Fetch(ctx, model.Query{}, c.encode())
		checks.Error(t, err, sources.ErrBadCursor, http.StatusBadRequest, "starting_after is invalid", "first page")
	})
	t.Run("wrong path", func(t *testing.T) {
		em := intercomemu.New(intercomemu.Options{Token: testToken, Events: 3, Now: testNow})
		srv := sourcetest.Serve(t, em)
		src := New(Config{Common: transport.Common{BaseURL: srv.URL + "/v2", Client: srv.Client()}, Token: testToken})
		_, err := src.Fetch(ctx, model.Query{}, "")
		checks.Error(t, err, sources.ErrBadQuery, http.StatusNotFound, "not_found: Resource Not Found", "base_url", "without a path")
	})
	t.Run("refused parameters", func(t *testing.T) {
		_, src := startEmulator(t, intercomemu.Options{Events: 3}, 0)
		for q, says := range map[string]string{
			"created_at_after=yesterday":             "created_at_after must be a UNIX timestamp",
			"created_at_after=1&per_page=251":        "per_page must be between 1 and 250",
			"created_at_after=1&page=0":              "page must be a positive integer",
			"created_at_after=1&created_at_before=x": "created_at_before must be a UNIX timestamp",
		} {
			code, header, body, err := src.get(ctx, src.endpoint.String()+"?"+q)
			if err != nil {
				t.Fatal(err)
			}
			_, err = src.decodeResponse(code, header, body, false)
			checks.Error(t, err, sources.ErrBadQuery, http.StatusBadRequest, "parameter_invalid: "+says, "time range")
		}
	})
}

// TestErrorBodies feeds the client each kind of failure Intercom, a proxy or
// the network can produce.
func TestErrorBodies(t *testing.T) {
	html502 := `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>` +
		`<hr><center>nginx/1.25.3</center>` + strings.Repeat("<!-- padding -->", 100) + `</body></html>`
	signIn := "<html><head>\n<TITLE>Sign in &amp; continue \x1b[2J</TITLE></head><body>form</body></html>"
	errList := func(items string) string { return `{"type":"error.list","request_id":"abc","errors":[` + items + `]}` }
	tests := []struct {
		name        string
		status      int
		ctype, body string
		header      map[string]string
		kind        error
		says        []string
		not         []string
	}{
		{"token_not_found", 401, "application/json", errList(`{"code":"token_not_found","message":"Token not found"}`), nil, sources.ErrUnauthorized, []string{"token_not_found: Token not found", "token"}, nil},
		{"401 without a body", 401, "", "", nil, sources.ErrUnauthorized, []string{"HTTP 401", "empty"}, nil},
		{"token echoed back", 401, "application/json", errList(`{"code":"unauthorized","message":"Bearer ` + testToken + ` is not valid"}`), nil, sources.ErrUnauthorized, []string{"[redacted]"}, nil},
		{"error.list with 200", 200, "application/json", errList(`{"code":"api_plan_restricted","message":"Nope"}`), nil, sources.ErrForbidden, []string{"Nope", "HTTP 200", "plan"}, nil},
		{"several errors", 400, "application/json", errList(`{"code":"parameter_invalid","message":"a"},{"code":"parameter_invalid","message":"b","field":"x"}`), nil, sources.ErrBadQuery, []string{"parameter_invalid: a; parameter_invalid: b"}, nil},
		{"code only", 403, "application/json", errList(`{"code":"forbidden"}`), nil, sources.ErrForbidden, []string{"forbidden", "permissions"}, nil},
		{"no errors", 418, "application/json", `{"type":"error.list","errors":[]}`, nil, sources.ErrBadQuery, []string{"teapot"}, nil},
		{"429 HTML", 429, "text/html", `<html><title>Too Many Requests</title></html>`, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "100"}, sources.ErrRateLimited, []string{"HTML page"}, nil},
		{"429 from a proxy", 429, "application/json", errList(`{"code":"rate_limit_exceeded"}`), map[string]string{"Retry-After": "120"}, sources.ErrRateLimited, []string{"rate_limit_exceeded"}, nil},
		{"500 JSON", 500, "application/json", errList(`{"code":"server_error","message":"Server Error"}`), nil, sources.ErrUnavailable, []string{"server_error: Server Error", "HTTP 500", "intercomstatus"}, nil},
		{"503 empty", 503, "", "", nil, sources.ErrUnavailable, []string{"empty response", "HTTP 503"}, nil},
		{"502 HTML from a proxy", 502, "text/html", html502, nil, sources.ErrUnavailable, []string{"HTML page instead of JSON", `"502 Bad Gateway"`}, []string{"nginx", "padding", "<"}},
		{"200 HTML sign-in page", 200, "text/html; charset=utf-8", signIn, nil, sources.ErrMalformed, []string{"HTML page", "Sign in & continue", "base_url"}, []string{"\x1b", "form"}},
		{"200 plain text", 200, "text/plain", "OK", nil, sources.ErrMalformed, []string{"text/plain instead of JSON"}, nil},
		{"truncated JSON", 200, "application/json", `{"type":"activity_log.list","activity_logs":[{"id":"1","activity_ty`, nil, sources.ErrMalformed, []string{"not valid JSON: unexpected end"}, nil},
		{"empty 200", 200, "application/json", "", nil, sources.ErrMalformed, []string{"empty response"}, nil},
		{"JSON list", 200, "application/json", `[]`, nil, sources.ErrMalformed, []string{"JSON list"}, nil},
		{"activity_logs not a list", 200, "application/json", `{"type":"activity_log.list","activity_logs":{"id":1}}`, nil, sources.ErrMalformed, []string{"activity_logs is not a list"}, nil},
		{"another object", 200, "application/json", `{"type":"admin.list","admins":[]}`, nil, sources.ErrMalformed, []string{"not an activity log list"}, nil},
		{"pages not an object", 200, "application/json", `{"type":"activity_log.list","activity_logs":[],"pages":"2"}`, nil, sources.ErrMalformed, []string{"pages is not an object"}, nil},
		{"pages.next a number", 200, "application/json", `{"type":"activity_log.list","activity_logs":[],"pages":{"next":2}}`, nil, sources.ErrMalformed, []string{"neither a link nor an object"}, nil},
		{"pages.next a link without a host", 200, "application/json", `{"type":"activity_log.list","activity_logs":[],"pages":{"next":"https:"}}`, nil, sources.ErrMalformed, []string{"pages.next cannot be followed", "not a URL"}, nil},
		{"starting_after an object", 200, "application/json", `{"type":"activity_log.list","activity_logs":[],"pages":{"next":{"starting_after":{}}}}`, nil, sources.ErrMalformed, []string{"starting_after is not text"}, nil},
		{"404 HTML", 404, "text/html", `<html><title>Not Found</title></html>`, nil, sources.ErrBadQuery, []string{"HTML page", "base_url"}, nil},
		{"redirect elsewhere", 302, "text/html", `<a href="x">Found</a>`, map[string]string{"Location": "http://localhost:1/login"}, sources.ErrBadQuery, []string{"redirected", "base_url"}, nil},
		{"hostile message", 500, "application/json", errList(`{"code":"server_error","message":"boom\u001b]0;owned\u0007` + strings.Repeat("x", 500) + `"}`), nil, sources.ErrUnavailable, []string{`boom\x1b]0;owned\x07`, "…"}, []string{"\x1b", strings.Repeat("x", 300)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := startCanned(t, tt.status, tt.ctype, tt.body, tt.header)
			page, err := src.Fetch(context.Background(), model.Query{}, "")
			checks.Refused(t, page, err, tt.kind, tt.status, tt.says, tt.not)
		})
	}
}
