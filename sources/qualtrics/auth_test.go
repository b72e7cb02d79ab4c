package qualtrics

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestOAuthSignIn: one token for a whole walk, asked for with Basic auth,
// the client credentials grant and the activity-logs scope, then sent as a
// bearer token and nowhere else.
func TestOAuthSignIn(t *testing.T) {
	em, srv := serve(t, qualtricsemu.Options{Events: 200, Seed: 6})
	_, pages := sourcetest.WalkAll(t, client(srv, oauthConfig(10)), model.Query{})
	reqs := em.Requests()
	if em.TokensIssued() != 1 || len(reqs) != len(pages)+1 {
		t.Fatalf("%d tokens and %d requests for %d pages; want one token", em.TokensIssued(), len(reqs), len(pages))
	}
	tok := reqs[0]
	if tok.Method != http.MethodPost || tok.Path != "/oauth2/token" || tok.Form.Get("grant_type") != "client_credentials" || tok.Form.Get("scope") != scope {
		t.Errorf("token request %s %s %v", tok.Method, tok.Path, tok.Form)
	}
	if tok.Form.Has("client_secret") || tok.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Errorf("token request sends the secret in the form, or the wrong content type: %v", tok.Header)
	}
	r := &http.Request{Header: tok.Header}
	if id, secret, ok := r.BasicAuth(); !ok || id != testClientID || secret != testSecret {
		t.Errorf("token request's Basic auth: %q, ok %v", id, ok)
	}
	for i, r := range reqs[1:] {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer emu_") || r.Header.Get("X-API-TOKEN") != "" {
			t.Errorf("request %d: Authorization %q, X-API-TOKEN %q", i+1, r.Header.Get("Authorization"), r.Header.Get("X-API-TOKEN"))
		}
		if strings.Contains(r.RawQuery, "emu_") || strings.Contains(r.RawQuery, testSecret) {
			t.Errorf("request %d puts a secret in the URL", i+1)
		}
	}
}

// TestOAuthRefresh: a token is replaced a minute before it expires, and
// once when the API refuses it.
func TestOAuthRefresh(t *testing.T) {
	em, srv := serve(t, qualtricsemu.Options{Events: 30})
	now := testNow
	cfg := oauthConfig(10)
	cfg.Now = func() time.Time { return now }
	src := client(srv, cfg)
	fetch := func() {
		t.Helper()
		if _, err := src.Fetch(context.Background(), model.Query{}, ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		advance time.Duration
		revoke  bool
		tokens  int
	}{
		{0, false, 1},
		{58 * time.Minute, false, 1},              // still good
		{90 * time.Second, false, 2},              // 59:30 in: within a minute of the hour
		{10 * time.Minute, true, 3},               // refused: fetched again, tried once more
		{time.Minute, false, 3},                   // the new one is used
		{2*time.Hour + time.Nanosecond, false, 4}, // long expired
	} {
		now = now.Add(step.advance)
		if step.revoke {
			em.RevokeTokens()
		}
		before := len(em.Requests())
		fetch()
		if got := em.TokensIssued(); got != step.tokens {
			t.Errorf("after %v: %d tokens, want %d", step.advance, got, step.tokens)
		}
		if step.revoke && len(em.Requests())-before != 3 {
			t.Errorf("a refused token took %d requests; want the 401, a token, the retry", len(em.Requests())-before)
		}
	}
}

// TestOAuthOneTokenForConcurrentFetches: fetches that start together wait
// for one token rather than each asking for their own.
func TestOAuthOneTokenForConcurrentFetches(t *testing.T) {
	em, srv := serve(t, qualtricsemu.Options{Events: 30, Latency: 20 * time.Millisecond})
	src := client(srv, oauthConfig(10))
	sourcetest.RequireConcurrentFetches(t, src, 8)
	if n := em.TokensIssued(); n != 1 {
		t.Errorf("%d tokens for 8 concurrent fetches, want 1", n)
	}
}

// TestOAuthWaitHonoursContext: a fetch waiting for another's token gives up
// when its context ends.
func TestOAuthWaitHonoursContext(t *testing.T) {
	_, srv := serve(t, qualtricsemu.Options{Events: 5})
	src := client(srv, oauthConfig(10))
	src.oauth.lock <- struct{}{} // another fetch is getting a token
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := src.Fetch(ctx, model.Query{}, "")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Fetch while the token is being fetched = %v; want DeadlineExceeded", err)
	}
}

// TestOAuthRetriesOnce: an API that refuses every token gets one retry.
func TestOAuthRetriesOnce(t *testing.T) {
	var tokens, logs atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth2/token" {
			fmt.Fprintf(w, `{"access_token":"at-%d","token_type":"bearer","expires_in":"3600"}`, tokens.Add(1))
			return
		}
		logs.Add(1)
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"meta":{"httpStatus":"401 - Unauthorized","error":{"errorMessage":"Bad token %s","errorCode":"AUTH_1"}}}`, r.Header.Get("Authorization"))
	}))
	t.Cleanup(srv.Close)
	_, err := client(srv, oauthConfig(10)).Fetch(context.Background(), model.Query{}, "")
	checks.Error(t, err, sources.ErrUnauthorized, 401, "Bad token Bearer [redacted]")
	if tokens.Load() != 2 || logs.Load() != 2 {
		t.Errorf("%d tokens and %d requests; want 2 and 2", tokens.Load(), logs.Load())
	}
	if strings.Contains(err.Error(), "at-1") || strings.Contains(err.Error(), "at-2") {
		t.Errorf("error %q holds an access token", err)
	}
}

// TestTokenEndpointAnswers: what the token endpoint may say, and how it is read.
func TestTokenEndpointAnswers(t *testing.T) {
	tests := []struct {
		name, body string
		status     int
		kind       error
		says       string
	}{
		{"invalid_client", `{"error":"invalid_client","error_description":"Bad client ` + testSecret + `"}`, 401, sources.ErrUnauthorized, "Bad client [redacted] (invalid_client)"},
		{"unsupported grant", `{"error":"unsupported_grant_type"}`, 400, sources.ErrUnauthorized, "client credentials grant"},
		{"invalid scope", `{"error":"invalid_scope"}`, 400, sources.ErrForbidden, "read:activity_logs"},
		{"envelope DCD_7", `{"meta":{"httpStatus":"401 - Unauthorized","error":{"errorMessage":"Wrong datacenter","errorCode":"DCD_7"}}}`, 401, sources.ErrUnauthorized, "DCD_7"},
		{"HTML", `<html><title>Maintenance</title></html>`, 503, sources.ErrUnavailable, `"Maintenance"`},
		{"no access_token", `{"token_type":"bearer"}`, 200, sources.ErrMalformed, "no access_token"},
		{"not bearer", `{"access_token":"x","token_type":"mac"}`, 200, sources.ErrMalformed, `"mac"`},
		{"429", `{"error":"slow_down"}`, 429, sources.ErrRateLimited, "slow_down"},
		{"empty 200", ``, 200, sources.ErrMalformed, "empty response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := startCanned(t, tt.status, "application/json", tt.body, nil)
			_, err := client(srv, oauthConfig(10)).Fetch(context.Background(), model.Query{}, "")
			checks.Error(t, err, tt.kind, tt.status, tt.says)
		})
	}
}

func TestTokenURL(t *testing.T) {
	for base, want := range map[string]string{
		"https://iad1.qualtrics.com/API/v3":      "https://iad1.qualtrics.com/oauth2/token",
		"https://iad1.qualtrics.com":             "https://iad1.qualtrics.com/oauth2/token",
		"https://iad1.qualtrics.com/api/v3/":     "https://iad1.qualtrics.com/oauth2/token",
		"https://proxy.example/qualtrics/API/v3": "https://proxy.example/qualtrics/oauth2/token",
		"http://127.0.0.1:8080/custom":           "http://127.0.0.1:8080/custom/oauth2/token",
	} {
		if got := New(Config{Common: transport.Common{BaseURL: base}}).tokenURL(); got != want {
			t.Errorf("tokenURL of %s = %s, want %s", base, got, want)
		}
	}
}
