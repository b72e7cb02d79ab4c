package domo

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// count tallies the emulator's requests by path and status-free kind.
func count(em *domoemu.Emulator, path string) int {
	n := 0
	for _, r := range em.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

func fetchOK(t *testing.T, src *Source) sources.Page {
	t.Helper()
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// TestTokenRefreshedBeforeExpiry: the token is cached, and replaced shortly
// before expires_in runs out, so Domo never sees an expired one.
func TestTokenRefreshedBeforeExpiry(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts domoemu.Options
	}{
		{"expires_in", domoemu.Options{TokenLifetime: 100 * time.Second}},
		{"jwt exp only", domoemu.Options{TokenLifetime: 100 * time.Second, JWT: true, OmitExpiresIn: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := sourcetest.NewClock(testNow)
			opts := tc.opts
			opts.Events, opts.Clock = 5, clock.Now
			em, src := startEmulator(t, opts, Config{Common: transport.Common{Now: clock.Now}})
			fetchOK(t, src)
			clock.Add(50 * time.Second)
			fetchOK(t, src)
			if n := em.TokensIssued(); n != 1 {
				t.Fatalf("%d tokens after 50s of a 100s token; want it cached", n)
			}
			clock.Add(41 * time.Second) // 9s left: inside the last tenth
			fetchOK(t, src)
			if n := em.TokensIssued(); n != 2 {
				t.Errorf("%d tokens with 9s left of 100s; want a fresh one", n)
			}
			if n := count(em, "/v1/audit"); n != 3 {
				t.Errorf("%d audit requests for 3 pages: a request was refused and retried", n)
			}
		})
	}
}

// TestTokenRefreshedOnUnauthorized: a token Domo stops accepting (revoked,
// or one whose life was not known) is replaced once, without an error.
func TestTokenRefreshedOnUnauthorized(t *testing.T) {
	clock := sourcetest.NewClock(testNow)
	em, src := startEmulator(t, domoemu.Options{Events: 5, OmitExpiresIn: true, TokenLifetime: time.Minute, Clock: clock.Now},
		Config{Common: transport.Common{Now: clock.Now}})
	fetchOK(t, src)
	em.RevokeTokens()
	fetchOK(t, src)
	clock.Add(2 * time.Minute) // expired, and the client could not know
	fetchOK(t, src)
	if n := em.TokensIssued(); n != 3 {
		t.Errorf("%d tokens; want one more after the revocation and one after the expiry", n)
	}
	var paths []string
	for _, r := range em.Requests() {
		paths = append(paths, r.Path)
	}
	want := "/oauth/token /v1/audit /v1/audit /oauth/token /v1/audit /v1/audit /oauth/token /v1/audit"
	if got := strings.Join(paths, " "); got != want {
		t.Errorf("requests %s\nwant     %s", got, want)
	}
}

// TestUnauthorizedTwice: when a fresh token is refused too, the error says
// what to check, and nothing secret.
func TestUnauthorizedTwice(t *testing.T) {
	var tokens, audits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			tokens++
			writeJSON(w, 200, map[string]any{"access_token": "tok-" + testSecret, "token_type": "Bearer", "expires_in": 3600, "scope": "data user"})
			return
		}
		audits++
		writeJSON(w, 401, map[string]any{"status": 401, "statusReason": "Internal Server Error", "path": "/v1/audit",
			"message": "com.domo.bedrock.service.exception.UnauthorizedException: Full authentication is required (token tok-" + testSecret + ")",
			"toe":     "O6Q67O9N7H-U3ALR-NVA7L"})
	}))
	t.Cleanup(srv.Close)
	src := New(Config{Common: transport.Common{BaseURL: srv.URL, HTTP: fastHTTP, Client: srv.Client(), Name: "prod"}, ClientID: testClientID, ClientSecret: testSecret})
	_, err := src.Fetch(context.Background(), model.Query{}, "")
	e := checks.Error(t, err, sources.ErrUnauthorized, 401, "Full authentication is required", "O6Q67O9N7H-U3ALR-NVA7L",
		"client_id and client_secret", `source "prod"`, "audit scope", `scopes "data user", without audit`)
	if strings.Contains(e.Message, "com.domo") {
		t.Errorf("message %q keeps the Java class name", e.Message)
	}
	checks.NoSecret(t, "error", err.Error(), "tok-"+testSecret)
	if tokens != 2 || audits != 2 {
		t.Errorf("%d token and %d audit requests; want one retry with a fresh token", tokens, audits)
	}
}

// TestTokenRequest checks what goes to the token endpoint: Basic auth, the
// grant and the audit scope in a POST form, nothing in the URL; and that a
// server that takes only GET gets GET from then on.
func TestTokenRequest(t *testing.T) {
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(testClientID+":"+testSecret))
	t.Run("post", func(t *testing.T) {
		em, src := startEmulator(t, domoemu.Options{Events: 3, TokenType: "Bearer"}, Config{})
		fetchOK(t, src)
		r := em.Requests()[0]
		if r.Method != http.MethodPost || r.RawQuery != "" || r.Form.Get("grant_type") != "client_credentials" || r.Form.Get("scope") != "audit" {
			t.Errorf("token request %s ?%q form %v", r.Method, r.RawQuery, r.Form)
		}
		if r.Header.Get("Authorization") != basic || r.Header.Get("Accept") != "application/json" {
			t.Errorf("token request headers %v", r.Header)
		}
		a := em.Requests()[1]
		if !strings.HasPrefix(a.Header.Get("Authorization"), "Bearer ") || strings.Contains(a.RawQuery, testSecret) {
			t.Errorf("audit request Authorization %q, query %q", a.Header.Get("Authorization"), a.RawQuery)
		}
	})
	t.Run("get only", func(t *testing.T) {
		em, src := startEmulator(t, domoemu.Options{Events: 3, TokenGETOnly: true}, Config{})
		fetchOK(t, src)
		em.RevokeTokens()
		fetchOK(t, src)
		var methods []string
		for _, r := range em.Requests() {
			if r.Path == "/oauth/token" {
				methods = append(methods, r.Method)
				if r.Method == http.MethodGet && (r.Query.Get("grant_type") != "client_credentials" || r.Query.Get("scope") != "audit") {
					t.Errorf("GET token request query %q", r.RawQuery)
				}
			}
		}
		if got := strings.Join(methods, " "); got != "POST GET GET" {
			t.Errorf("token requests %s; want POST, refused, then GET only", got)
		}
	})
}

// TestBearerEitherCase: the emulator takes "bearer" as the docs write it and
// "Bearer" as the newer docs do.
func TestBearerEitherCase(t *testing.T) {
	em, src := startEmulator(t, domoemu.Options{Events: 3}, Config{})
	tok, err := src.token(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"bearer", "Bearer", "BEARER"} {
		req := httptest.NewRequest(http.MethodGet, "/v1/audit?start=0", nil)
		req.Header.Set("Authorization", scheme+" "+tok.value)
		rec := httptest.NewRecorder()
		em.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: HTTP %d %s", scheme, rec.Code, rec.Body)
		}
	}
}

// TestTokenErrors drives the token endpoint into each failure.
func TestTokenErrors(t *testing.T) {
	for _, shape := range []domoemu.TokenErrors{domoemu.TokenErrorsOAuth, domoemu.TokenErrorsDomo, domoemu.TokenErrorsText} {
		_, src := startEmulator(t, domoemu.Options{Events: 3, TokenErrors: shape}, Config{ClientID: testClientID, ClientSecret: testSecret + "-wrong"})
		_, err := src.Fetch(context.Background(), model.Query{}, "")
		checks.Error(t, err, sources.ErrUnauthorized, 401, "Domo refused to issue an access token", "Bad client credentials",
			"client_id and client_secret", "Manage Clients")
		checks.NoSecret(t, "error", err.Error(), testSecret+"-wrong")
	}
	_, src := startEmulator(t, domoemu.Options{Events: 3, ClientScopes: []string{"data", "user"}}, Config{})
	_, err := src.Fetch(context.Background(), model.Query{}, "")
	checks.Error(t, err, sources.ErrForbidden, 400, "Invalid scope: audit", "needs the audit scope", "tick Audit")

	_, src = startEmulator(t, domoemu.Options{Events: 3, ClientScopes: []string{"data", "user"}, NarrowScopes: true}, Config{})
	_, err = src.Fetch(context.Background(), model.Query{}, "")
	checks.Error(t, err, sources.ErrForbidden, 403, "Insufficient scope", "needs the audit scope", "has no scopes at all")

	_, src = startEmulator(t, domoemu.Options{Events: 3, TokenType: "mac"}, Config{})
	_, err = src.Fetch(context.Background(), model.Query{}, "")
	checks.Error(t, err, sources.ErrMalformed, 200, `token of type "mac"`)

	for _, tc := range []struct {
		name, ctype, body string
		status            int
		kind              error
		says              []string
	}{
		{"404", "application/json", `{"status":404,"statusReason":"Not Found","message":"No message available"}`, 404, sources.ErrBadQuery, []string{"No message available", "base_url", "/oauth/token"}},
		{"500", "text/plain", "boom", 500, sources.ErrUnavailable, []string{"text/plain", "try again"}},
		{"html sign-in", "text/html", "<html><title>Sign in</title><body>" + testSecret + "</body></html>", 200, sources.ErrMalformed, []string{`"Sign in"`}},
		{"no access_token", "application/json", `{"token_type":"bearer","expires_in":3599}`, 200, sources.ErrMalformed, []string{"no access_token"}},
		{"oauth 400", "application/json", `{"error":"unsupported_grant_type","error_description":"Unsupported grant type"}`, 400, sources.ErrBadQuery, []string{"Unsupported grant type"}},
		{"echoed secret", "application/json", `{"error":"invalid_client","error_description":"bad secret ` + testSecret + ` for ` + testClientID + `"}`, 401, sources.ErrUnauthorized, []string{"[redacted]"}},
		{"rate limited", "application/json", `{"status":429,"message":"Too many token requests"}`, 429, sources.ErrRateLimited, []string{"Too many token requests"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.ctype)
				w.Header().Set("Retry-After", "5")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}))
			t.Cleanup(srv.Close)
			src := New(Config{Common: transport.Common{BaseURL: srv.URL, HTTP: fastHTTP, Client: srv.Client()}, ClientID: testClientID, ClientSecret: testSecret})
			_, err := src.Fetch(context.Background(), model.Query{}, "")
			checks.Error(t, err, tc.kind, tc.status, tc.says...)
		})
	}
}

// TestOneTokenForConcurrentFetches: fetches that start together share one
// token request, and one waiting for it gives up with its own context.
func TestOneTokenForConcurrentFetches(t *testing.T) {
	em, src := startEmulator(t, domoemu.Options{Events: 30, Latency: 50 * time.Millisecond}, Config{PageSize: 5})
	sourcetest.RequireConcurrentFetches(t, src, 8)
	if n := em.TokensIssued(); n != 1 {
		t.Errorf("%d tokens for 8 concurrent fetches; want 1", n)
	}

	slow, slowSrc := startEmulator(t, domoemu.Options{Events: 3, Latency: 2 * time.Second}, Config{})
	go func() { _, _ = slowSrc.Fetch(context.Background(), model.Query{}, "") }()
	for count(slow, "/oauth/token") == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := slowSrc.Fetch(ctx, model.Query{}, "")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Errorf("waiting for another fetch's token: %v after %v; want the deadline, promptly", err, time.Since(start))
	}
}
