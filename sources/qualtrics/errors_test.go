package qualtrics

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestEmulatorErrors drives the client into each error the emulator makes,
// with each error code it sends.
func TestEmulatorErrors(t *testing.T) {
	ctx := context.Background()
	fetch := func(opts qualtricsemu.Options, cfg Config, q model.Query) error {
		_, srv := serve(t, opts)
		_, err := client(srv, cfg).Fetch(ctx, q, "")
		return err
	}
	t.Run("unknown API token: DCD_7", func(t *testing.T) {
		err := fetch(qualtricsemu.Options{Token: "another-token", Events: 5}, Config{}, model.Query{})
		e := checks.Error(t, err, sources.ErrUnauthorized, 401, "Unrecognized X-API-TOKEN. (DCD_7)", "not known in the data center base_url names (127.0.0.1")
		if !strings.Contains(e.Hint, "Account Settings › Qualtrics IDs") || !strings.Contains(e.Hint, "check the token") {
			t.Errorf("hint %q: want where to find the data center, then the token", e.Hint)
		}
	})
	t.Run("OAuth on the wrong data center: DCD_7", func(t *testing.T) {
		err := fetch(qualtricsemu.Options{Events: 5, ProxiedTo: "fra1.qualtrics.com"}, oauthConfig(10), model.Query{})
		e := checks.Error(t, err, sources.ErrUnauthorized, 401, "fra1.qualtrics.com", "(DCD_7)", "data center")
		if !strings.Contains(e.Hint, "OAuth tokens work only in their own data center") {
			t.Errorf("hint %q does not explain OAuth and data centers", e.Hint)
		}
	})
	t.Run("refused bearer token: AUTH_1 after one retry", func(t *testing.T) {
		em, srv := serve(t, qualtricsemu.Options{Events: 5, TokenLifetime: time.Nanosecond})
		_, err := client(srv, oauthConfig(10)).Fetch(ctx, model.Query{}, "")
		checks.Error(t, err, sources.ErrUnauthorized, 401, "Invalid or expired access token. (AUTH_1)", "client_id and client_secret")
		if n := em.TokensIssued(); n != 2 {
			t.Errorf("%d tokens fetched; want the first and one more after the 401", n)
		}
	})
	t.Run("API token may not read the logs: 403", func(t *testing.T) {
		err := fetch(qualtricsemu.Options{Events: 5, Deny: true}, Config{}, model.Query{})
		checks.Error(t, err, sources.ErrForbidden, 403, "permission", "Brand Administrator")
	})
	t.Run("OAuth client without the scope: 403", func(t *testing.T) {
		err := fetch(qualtricsemu.Options{Events: 5, Deny: true}, oauthConfig(10), model.Query{})
		checks.Error(t, err, sources.ErrForbidden, 403, "missing the following required scopes: read:activity_logs", "needs the scope")
	})
	t.Run("wrong client secret", func(t *testing.T) {
		err := fetch(qualtricsemu.Options{Events: 5, ClientID: testClientID, ClientSecret: "other"}, oauthConfig(10), model.Query{})
		checks.Error(t, err, sources.ErrUnauthorized, 401, "getting an OAuth token", "Client authentication failed (invalid_client)", "client_id and client_secret")
	})
	t.Run("scope not allowed", func(t *testing.T) {
		err := fetch(qualtricsemu.Options{Events: 5, Scopes: []string{"read:surveys"}}, oauthConfig(10), model.Query{})
		checks.Error(t, err, sources.ErrForbidden, 400, "invalid_scope", "give the OAuth client")
	})
	t.Run("short rate limit is waited out", func(t *testing.T) {
		_, srv := serve(t, qualtricsemu.Options{Events: 3, RateLimitEvery: 2, RetryAfter: time.Second})
		src := client(srv, Config{Common: transport.Common{HTTP: transport.Options{Backoff: time.Millisecond}}})
		sourcetest.RequireRateLimitWaitedOut(t, src)
	})
	t.Run("rate limited: 429 with Retry-After", func(t *testing.T) {
		_, srv := serve(t, qualtricsemu.Options{Events: 5, RateLimitEvery: 2, RetryAfter: 3 * time.Second})
		src := client(srv, Config{})
		if _, err := src.Fetch(ctx, model.Query{}, ""); err != nil {
			t.Fatal(err)
		}
		_, err := src.Fetch(ctx, model.Query{}, "")
		e := checks.Error(t, err, sources.ErrRateLimited, 429, "Too many requests")
		if d, ok := sources.RetryAfter(err); !ok || d != 3*time.Second || e.RetryAfter != d || !sources.Transient(err) {
			t.Errorf("RetryAfter = %v, %v; want 3s and a transient error", d, ok)
		}
	})
	t.Run("server error: 503 envelope", func(t *testing.T) {
		err := fetch(qualtricsemu.Options{Events: 5, FailEvery: 1}, Config{}, model.Query{})
		checks.Error(t, err, sources.ErrUnavailable, 503, "Internal server error", "try again")
	})
	t.Run("gateway error: 502 HTML", func(t *testing.T) {
		err := fetch(qualtricsemu.Options{Events: 5, FailEvery: 1, FailStatus: 502, FailHTML: true}, Config{}, model.Query{})
		checks.Error(t, err, sources.ErrUnavailable, 502, `HTML page instead of JSON (titled "502 Bad Gateway")`)
	})
	t.Run("unknown activity type: QVal_1", func(t *testing.T) {
		err := fetch(qualtricsemu.Options{Events: 5}, Config{}, model.Query{Action: "no_such_type"})
		checks.Error(t, err, sources.ErrBadQuery, 400, "Unknown activityType: 'no_such_type'. (QVal_1)", "choose an activity type")
	})
	t.Run("stale skipToken: QVal_1 on a cursor", func(t *testing.T) {
		_, src := startEmulator(t, qualtricsemu.Options{Events: 100, Seed: 1}, 10)
		page, err := src.Fetch(ctx, model.Query{}, "")
		if err != nil {
			t.Fatal(err)
		}
		// A token as the emulator makes them (base64url JSON, "~" for
		// padding), for other filters, forged by hand.
		w, err := src.decodeCursor(page.Next, "logins", model.Query{})
		if err != nil {
			t.Fatal(err)
		}
		w.Skip = forgeSkipToken(t, 10, w.Start, w.End, "0000000000000000")
		target, _ := src.pageURL(w)
		resp, err := src.get(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		_, err = src.decodeLogs(resp, "logins", true)
		checks.Error(t, err, sources.ErrBadCursor, 400, "Invalid skipToken", "first page")
	})
}

// TestErrorBodies feeds the client each kind of failure the API, a proxy or
// a sign-in page can produce.
func TestErrorBodies(t *testing.T) {
	env := func(status, code, msg string) string {
		return `{"meta":{"httpStatus":"` + status + `","error":{"errorMessage":"` + msg + `","errorCode":"` + code + `"},"requestId":"r-1"}}`
	}
	html502 := `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>`
	signIn := "<html><head>\n<TITLE>Qualtrics &amp; Sign in \x1b[2J</TITLE></head><body>form</body></html>"
	tests := []struct {
		name        string
		status      int
		ctype, body string
		header      map[string]string
		cursor      bool
		kind        error
		says, not   []string
	}{
		{"401 DCD_7", 401, "application/json", env("401 - Unauthorized", "DCD_7", "Unrecognized X-API-TOKEN."), nil, false, sources.ErrUnauthorized, []string{"DCD_7", "data center"}, nil},
		{"401 AUTH_1", 401, "application/json", env("401 - Unauthorized", "AUTH_1", "Invalid API Token"), nil, false, sources.ErrUnauthorized, []string{"Invalid API Token (AUTH_1)", "Qualtrics IDs › API"}, nil},
		{"error in a 200", 200, "application/json", env("401 - Unauthorized", "AUTH_1", "Invalid API Token"), nil, false, sources.ErrUnauthorized, []string{"(HTTP 200)"}, nil},
		{"error in a 200, no status", 200, "application/json", `{"meta":{"error":{"errorMessage":"Bad parameter"}}}`, nil, false, sources.ErrBadQuery, []string{"Bad parameter"}, nil},
		{"error as text", 400, "application/json", `{"meta":{"error":"Bad parameter"}}`, nil, false, sources.ErrBadQuery, []string{"Bad parameter"}, nil},
		{"401 without a body", 401, "", "", nil, false, sources.ErrUnauthorized, []string{"empty response", "HTTP 401"}, nil},
		{"token echoed back", 401, "application/json", env("401 - Unauthorized", "AUTH_1", "Invalid API Token "+testToken), nil, false, sources.ErrUnauthorized, []string{"[redacted]"}, nil},
		// The message is cut at 200 bytes and a page's title at 80: the token
		// is taken out first, so that the cut leaves no part of it.
		{"token echoed, then cut", 401, "application/json", env("401 - Unauthorized", "AUTH_1", strings.Repeat("x", 190)+testToken), nil, false, sources.ErrUnauthorized, []string{"[redacted]"}, []string{testToken[:8]}},
		{"token in a title, then cut", 502, "text/html", "<title>" + strings.Repeat("x", 70) + testToken + "</title>", nil, false, sources.ErrUnavailable, []string{"[redacted]"}, []string{testToken[:8]}},
		{"403", 403, "application/json", env("403 - Forbidden", "", "Not allowed"), nil, false, sources.ErrForbidden, []string{"Not allowed", "Brand Administrator"}, []string{"()"}},
		{"429 with a date", 429, "application/json", env("429 - Too Many Requests", "", "Slow down"), map[string]string{"Retry-After": testNow.Add(90 * time.Second).Format(http.TimeFormat)}, false, sources.ErrRateLimited, []string{"Slow down"}, nil},
		{"429 HTML", 429, "text/html", `<html><title>Too Many Requests</title></html>`, map[string]string{"Retry-After": "7"}, false, sources.ErrRateLimited, []string{"HTML page"}, nil},
		{"500 envelope", 500, "application/json", env("500 - Internal Server Error", "", "Internal error"), nil, false, sources.ErrUnavailable, []string{"Internal error", "HTTP 500"}, nil},
		{"504 empty", 504, "", "", nil, false, sources.ErrUnavailable, []string{"empty response", "HTTP 504"}, nil},
		{"502 HTML from a proxy", 502, "text/html", html502, nil, false, sources.ErrUnavailable, []string{`(titled "502 Bad Gateway")`}, []string{"nginx", "<"}},
		{"200 HTML sign-in page", 200, "text/html", signIn, nil, false, sources.ErrMalformed, []string{"HTML page", "Qualtrics & Sign in", "base_url"}, []string{"\x1b", "form"}},
		{"200 plain text", 200, "text/plain", "OK", nil, false, sources.ErrMalformed, []string{"text/plain instead of JSON"}, nil},
		{"truncated JSON", 200, "application/json", `{"result":{"elements":[{"id":"0ce7`, nil, false, sources.ErrMalformed, []string{"not valid JSON"}, nil},
		{"JSON list", 200, "application/json", `[]`, nil, false, sources.ErrMalformed, []string{"JSON list"}, nil},
		{"no result", 200, "application/json", `{"meta":{"httpStatus":"200 - OK"}}`, nil, false, sources.ErrMalformed, []string{"no result"}, nil},
		{"result not an object", 200, "application/json", `{"result":[1]}`, nil, false, sources.ErrMalformed, []string{"result is not an object"}, nil},
		{"elements not a list", 200, "application/json", `{"result":{"elements":{"id":"x"}}}`, nil, false, sources.ErrMalformed, []string{"elements is not a list"}, nil},
		{"nextPage a number", 200, "application/json", `{"result":{"elements":[],"nextPage":5}}`, nil, false, sources.ErrMalformed, []string{"nextPage"}, nil},
		{"nextPage a broken URL", 200, "application/json", `{"result":{"elements":[],"nextPage":"https://[::1"}}`, nil, false, sources.ErrMalformed, []string{"nextPage"}, nil},
		{"400 on a cursor", 400, "application/json", env("400 - Bad Request", "QVal_1", "Invalid skipToken"), nil, true, sources.ErrBadCursor, []string{"Invalid skipToken", "first page"}, nil},
		{"400 without a cursor", 400, "application/json", env("400 - Bad Request", "QVal_1", "Invalid parameter endDate"), nil, false, sources.ErrBadQuery, []string{"endDate", "filter"}, nil},
		{"404", 404, "application/json", env("404 - Not Found", "", "Not Found"), nil, false, sources.ErrBadQuery, []string{"Not Found", "/API/v3"}, nil},
		{"404 HTML", 404, "text/html", `<html><title>Not Found</title></html>`, nil, false, sources.ErrBadQuery, []string{"HTML page", "/API/v3"}, nil},
		{"redirect elsewhere", 302, "text/html", `<a href="x">Found</a>`, map[string]string{"Location": "http://localhost:1/login"}, false, sources.ErrBadQuery, []string{"redirected", "base_url"}, nil},
		{"hostile message", 500, "application/json", env("500 - Internal Server Error", "X\\u001b[2J", "boom\\u001b]0;owned\\u0007"+strings.Repeat("x", 500)), nil, false, sources.ErrUnavailable, []string{`boom\x1b]0;owned\x07`, "…", `X\x1b[2J`}, []string{"\x1b", strings.Repeat("x", 300)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, _ := startCanned(t, tt.status, tt.ctype, tt.body, tt.header)
			cursor := ""
			if tt.cursor {
				w := walk{Type: "logins", Start: 1, End: 2, Skip: "tok~~", Page: 2}
				var err error
				if cursor, _, err = src.advance(walk{Type: "logins", Start: 1, End: 2, Page: 1}, w.Skip, 200); err != nil {
					t.Fatal(err)
				}
			}
			page, err := src.Fetch(context.Background(), model.Query{}, cursor)
			checks.Refused(t, page, err, tt.kind, tt.status, tt.says, tt.not)
		})
	}
}

// TestNotices: meta.notice reaches the page, made safe, with the base_url to
// set when it names a better host.
func TestNotices(t *testing.T) {
	_, src := startEmulator(t, qualtricsemu.Options{Events: 30, Types: []string{"logins"}, Span: 24 * time.Hour, ProxiedTo: "fra1.qualtrics.com"}, 10)
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
	want := `Qualtrics: Request proxied. For faster response times, use this host instead: fra1.qualtrics.com (set base_url = "https://fra1.qualtrics.com/API/v3")`
	if page.Notice != want || len(page.Events) != 10 {
		t.Errorf("notice %q with %d events;\nwant %q", page.Notice, len(page.Events), want)
	}
	_, src = startEmulator(t, qualtricsemu.Options{Events: 30, Notice: "Maintenance\x1b]0;x\x07 tonight"}, 10)
	if page, err = src.Fetch(context.Background(), model.Query{}, ""); err != nil || page.Notice != `Qualtrics: Maintenance\x1b]0;x\x07 tonight` {
		t.Errorf("notice %q, %v", page.Notice, err)
	}
	for in, want := range map[string]string{
		"use this host instead: https://yul1.qualtrics.com/API/v3": "yul1.qualtrics.com",
		"Use this host instead:ca1.qualtrics.com.":                 "ca1.qualtrics.com",
		"use this host instead: nowhere":                           "",
		"nothing to see":                                           "",
	} {
		if got := suggestedHost(in); got != want {
			t.Errorf("suggestedHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"": 0, "3": 3 * time.Second, "0": 0, "-4": 0, "soon": 0, "999999": 0,
		testNow.Add(time.Minute).Format(http.TimeFormat):  time.Minute,
		testNow.Add(-time.Minute).Format(http.TimeFormat): 0,
	} {
		if got := retryAfter(in, testNow); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

// forgeSkipToken writes a skipToken in the emulator's form: its JSON
// ({"o","s","e","f"}), space-padded to a multiple of three bytes plus one,
// as base64url with "~" for padding.
func forgeSkipToken(t *testing.T, offset int, start, end int64, filters string) string {
	t.Helper()
	b, err := json.Marshal(struct {
		Offset int    `json:"o"`
		Start  int64  `json:"s"`
		End    int64  `json:"e"`
		Query  string `json:"f"`
	}{offset, start, end, filters})
	if err != nil {
		t.Fatal(err)
	}
	for len(b)%3 != 1 {
		b = append(b, ' ')
	}
	return strings.ReplaceAll(base64.URLEncoding.EncodeToString(b), "=", "~")
}
