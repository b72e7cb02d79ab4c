package canary

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestEmulatorErrors drives the client into each error the emulator makes.
func TestEmulatorErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("wrong token in the header", func(t *testing.T) {
		for _, status := range []int{0, 200, 403} {
			em := canaryemu.New(canaryemu.Options{Token: "another-token", Events: 3, ErrorStatus: status})
			srv := httptest.NewServer(em)
			t.Cleanup(srv.Close)
			src := New(Config{Common: transport.Common{BaseURL: srv.URL, HTTP: fastHTTP, Client: srv.Client(), Name: "prod"}, Token: testToken})
			_, err := src.Fetch(ctx, model.Query{}, "")
			want := status
			if want == 0 {
				want = http.StatusUnauthorized
			}
			checks.Error(t, err, sources.ErrUnauthorized, want, "Unauthorized", `"token" of source "prod"`, "Settings › API")
		}
	})
	t.Run("invalid cursor", func(t *testing.T) {
		for _, status := range []int{0, 200} {
			_, src := startEmulator(t, canaryemu.Options{Events: 3, ErrorStatus: status}, 10)
			_, err := src.Fetch(ctx, model.Query{}, "MDoxOjI=")
			want := status
			if want == 0 {
				want = http.StatusBadRequest
			}
			checks.Error(t, err, sources.ErrBadCursor, want, "Invalid cursor", "first page")
		}
	})
	t.Run("short rate limit is waited out", func(t *testing.T) {
		srv := sourcetest.Serve(t, canaryemu.New(canaryemu.Options{Token: testToken, Now: testNow, Events: 3, RateLimitEvery: 2, RetryAfter: time.Second}))
		src := New(Config{Common: transport.Common{BaseURL: srv.URL, HTTP: transport.Options{Backoff: time.Millisecond}}, Token: testToken})
		sourcetest.RequireRateLimitWaitedOut(t, src)
	})
	t.Run("rate limited", func(t *testing.T) {
		_, src := startEmulator(t, canaryemu.Options{Events: 3, RateLimitEvery: 2, RetryAfter: 3 * time.Second}, 10)
		if _, err := src.Fetch(ctx, model.Query{}, ""); err != nil {
			t.Fatalf("first request: %v", err)
		}
		_, err := src.Fetch(ctx, model.Query{}, "")
		e := checks.Error(t, err, sources.ErrRateLimited, http.StatusTooManyRequests, "Rate limit")
		if d, ok := sources.RetryAfter(err); !ok || d != 3*time.Second || e.RetryAfter != d {
			t.Errorf("RetryAfter = %v, %v; want 3s", d, ok)
		}
		if !sources.Transient(err) {
			t.Error("a rate limit is not transient")
		}
	})
	t.Run("refused parameters", func(t *testing.T) {
		em, src := startEmulator(t, canaryemu.Options{Events: 30}, 10)
		page, err := src.Fetch(ctx, model.Query{}, "")
		if err != nil {
			t.Fatal(err)
		}
		// Requests the client never makes, sent by hand to see that the
		// emulator refuses them and the client would read the refusal right.
		for _, tc := range []struct {
			query string
			kind  error
			says  string
		}{
			{"limit=5&cursor=" + page.Next, sources.ErrBadQuery, "limit cannot be used with a cursor"},
			{"after_id=3&cursor=" + page.Next, sources.ErrBadQuery, "after_id cannot be used with a cursor"},
			{"limit=0", sources.ErrBadQuery, "Parameter limit was invalid"},
			{"limit=ten", sources.ErrBadQuery, "Parameter limit was invalid"},
			{"start_date=17/04/2020", sources.ErrBadQuery, "Parameter start_date was invalid"},
			{"after_id=x", sources.ErrBadQuery, "Parameter after_id was invalid"},
			{"cursor=%25%25%25", sources.ErrBadCursor, "Invalid cursor"},
		} {
			u := *src.endpoint
			u.RawQuery = tc.query
			status, header, body, err := src.get(ctx, u.String())
			if err != nil {
				t.Fatal(err)
			}
			if status != http.StatusBadRequest || !strings.Contains(string(body), `"result":"error"`) {
				t.Errorf("%s: HTTP %d %s; want 400 and an error body", tc.query, status, body)
			}
			_, err = src.decodeResponse(status, header, body, strings.Contains(tc.query, "cursor"))
			checks.Error(t, err, tc.kind, http.StatusBadRequest, tc.says)
		}
		if n := len(em.Requests()); n != 8 {
			t.Errorf("%d requests, want 8", n)
		}
	})
}

// TestErrorBodies feeds the client each kind of failure a console, a proxy or
// the network can produce.
func TestErrorBodies(t *testing.T) {
	html502 := `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>` +
		`<hr><center>nginx/1.25.3</center>` + strings.Repeat("<!-- padding -->", 100) + `</body></html>`
	signIn := "<html><head>\n<TITLE>Sign in &amp; continue \x1b[2J</TITLE></head><body>form</body></html>"
	tests := []struct {
		name        string
		status      int
		ctype, body string
		header      map[string]string
		cursor      string
		kind        error
		says        []string
		not         []string
	}{
		{"invalid auth_token with 200", 200, "application/json", `{"result":"error","message":"Invalid auth_token"}`, nil, "", sources.ErrUnauthorized, []string{"Invalid auth_token", "(HTTP 200)"}, nil},
		{"401 without a body", 401, "", "", nil, "", sources.ErrUnauthorized, []string{"HTTP 401"}, nil},
		{"token echoed back", 401, "application/json", `{"result":"error","message":"Invalid auth_token ` + testToken + `"}`, nil, "", sources.ErrUnauthorized, []string{"[redacted]"}, nil},
		// The message is cut at 200 bytes and a page's title at 80: the token
		// is taken out first, so that the cut leaves no part of it.
		{"token echoed, then cut", 401, "application/json", `{"result":"error","message":"` + strings.Repeat("x", 190) + testToken + `"}`, nil, "", sources.ErrUnauthorized, []string{"[redacted]"}, []string{testToken[:8]}},
		{"token in a title, then cut", 502, "text/html", `<title>` + strings.Repeat("x", 70) + testToken + `</title>`, nil, "", sources.ErrUnavailable, []string{"[redacted]"}, []string{testToken[:8]}},
		{"403", 403, "application/json", `{"result":"error","message":"This key cannot do that"}`, nil, "", sources.ErrForbidden, []string{"This key cannot do that", "Read-Only"}, nil},
		{"429 with a date", 429, "application/json", `{"result":"error","message":"Slow down"}`, map[string]string{"Retry-After": testNow.Add(90 * time.Second).Format(http.TimeFormat)}, "", sources.ErrRateLimited, []string{"Slow down"}, nil},
		{"429 HTML", 429, "text/html", `<html><title>Too Many Requests</title></html>`, map[string]string{"Retry-After": "7"}, "", sources.ErrRateLimited, []string{"HTML page"}, nil},
		{"500 JSON", 500, "application/json", `{"result":"error","message":"Internal server error"}`, nil, "", sources.ErrUnavailable, []string{"Internal server error", "HTTP 500"}, nil},
		{"503 empty", 503, "", "", nil, "", sources.ErrUnavailable, []string{"empty response", "HTTP 503"}, nil},
		{"502 HTML from a proxy", 502, "text/html", html502, nil, "", sources.ErrUnavailable, []string{"the server sent an HTML page instead of JSON", `"502 Bad Gateway"`, "(HTTP 502)"}, []string{"nginx", "padding", "<"}},
		{"200 HTML sign-in page", 200, "text/html; charset=utf-8", signIn, nil, "", sources.ErrMalformed, []string{"HTML page", "Sign in & continue", "base_url"}, []string{"\x1b", "form"}},
		{"200 plain text", 200, "text/plain", "OK", nil, "", sources.ErrMalformed, []string{"text/plain instead of JSON"}, nil},
		{"truncated JSON", 200, "application/json", `{"audit_trail": [{"id": 1, "action_type": "user_lo`, nil, "", sources.ErrMalformed, []string{"not valid JSON: unexpected end"}, nil},
		{"invalid JSON", 200, "application/json", `{"audit_trail": [}`, nil, "", sources.ErrMalformed, []string{"not valid JSON"}, nil},
		{"empty 200", 200, "application/json", "", nil, "", sources.ErrMalformed, []string{"empty response"}, nil},
		{"JSON list", 200, "application/json", `[]`, nil, "", sources.ErrMalformed, []string{"JSON list"}, nil},
		{"audit_trail not a list", 200, "application/json", `{"result":"success","audit_trail":{"id":1}}`, nil, "", sources.ErrMalformed, []string{"audit_trail is not a list"}, nil},
		{"neither audit_trail nor result", 200, "application/json", `{"hello":"world"}`, nil, "", sources.ErrMalformed, []string{"neither"}, nil},
		{"cursor not text", 200, "application/json", `{"result":"success","audit_trail":[],"cursor":{"next":5}}`, nil, "", sources.ErrMalformed, []string{"cursor"}, nil},
		{"400 on a cursor", 400, "application/json", `{"result":"error","message":"Bad request"}`, nil, "MDoxOjE6MzoyOjI=", sources.ErrBadCursor, []string{"Bad request"}, nil},
		{"cursor expired with 200", 200, "application/json", `{"result":"error","message":"Cursor has expired"}`, nil, "MDoxOjE6MzoyOjI=", sources.ErrBadCursor, []string{"Cursor has expired"}, nil},
		{"400 without a cursor", 400, "application/json", `{"result":"error","message":"Parameter end_date was invalid."}`, nil, "", sources.ErrBadQuery, []string{"end_date", "filter"}, nil},
		{"result failure", 200, "application/json", `{"result":"failure"}`, nil, "", sources.ErrBadQuery, []string{"without a message"}, nil},
		{"404", 404, "application/json", `{"result":"error","message":"Not found"}`, nil, "", sources.ErrBadQuery, []string{"Not found", "base_url"}, nil},
		{"404 HTML", 404, "text/html", `<html><title>Not Found</title></html>`, nil, "", sources.ErrBadQuery, []string{"HTML page", "base_url"}, nil},
		{"redirect elsewhere", 302, "text/html", `<a href="x">Found</a>`, map[string]string{"Location": "http://localhost:1/login"}, "", sources.ErrBadQuery, []string{"redirected", "base_url"}, nil},
		{"hostile message", 500, "application/json", `{"result":"error","message":"boom\u001b]0;owned\u0007` + strings.Repeat("x", 500) + `"}`, nil, "", sources.ErrUnavailable, []string{`boom\x1b]0;owned\x07`, "…"}, []string{"\x1b", strings.Repeat("x", 300)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := startCanned(t, tt.status, tt.ctype, tt.body, tt.header)
			src.now = func() time.Time { return testNow }
			page, err := src.Fetch(context.Background(), model.Query{}, tt.cursor)
			checks.Refused(t, page, err, tt.kind, tt.status, tt.says, tt.not)
		})
	}
}

func TestRetryAfter(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"":  0,
		"3": 3 * time.Second, "0": 0, "-4": 0, "soon": 0,
		testNow.Add(time.Minute).Format(http.TimeFormat):  time.Minute,
		testNow.Add(-time.Minute).Format(http.TimeFormat): 0,
	} {
		if got := retryAfter(in, testNow); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}
