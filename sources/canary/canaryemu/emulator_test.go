package canaryemu_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// The token the tests' emulators accept, and the end of their logs.
const testToken = "tok-7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e"

var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

func TestEmulatorAuthAndRoutes(t *testing.T) {
	em := canaryemu.New(canaryemu.Options{Token: testToken, Events: 150, Now: testNow})
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	hdr := map[string]string{"x-canary-auth-token": testToken}
	tests := []struct {
		name, method, path string
		header             map[string]string
		status             int
		result, message    string
	}{
		{"ping with lower-case header", "GET", "/api/v1/ping", hdr, 200, "success", ""},
		{"ping with auth_token", "GET", "/api/v1/ping?auth_token=" + testToken, nil, 200, "success", ""},
		{"fetch with auth_token", "GET", "/api/v1/audit_trail/fetch?auth_token=" + testToken, nil, 200, "success", ""},
		{"wrong header", "GET", "/api/v1/ping", map[string]string{"X-Canary-Auth-Token": "nope"}, 401, "error", "Unauthorized"},
		{"wrong header wins over right param", "GET", "/api/v1/ping?auth_token=" + testToken, map[string]string{"X-Canary-Auth-Token": "nope"}, 401, "error", "Unauthorized"},
		{"wrong auth_token", "GET", "/api/v1/audit_trail/fetch?auth_token=nope", nil, 401, "error", "Invalid auth_token"},
		{"no token", "GET", "/api/v1/audit_trail/fetch", nil, 401, "error", "Invalid auth_token"},
		{"unknown path", "GET", "/api/v1/audit_trail/purge", hdr, 404, "error", "Not found"},
		{"POST", "POST", "/api/v1/audit_trail/fetch", hdr, 405, "error", "Method not allowed"},
		{"default limit", "GET", "/api/v1/audit_trail/fetch", hdr, 200, "success", ""},
	}
	for _, tt := range tests {
		status, header, body := sourcetest.Call(t, srv, tt.method, tt.path, tt.header)
		if status != tt.status || body["result"] != tt.result || (tt.message != "" && body["message"] != tt.message) {
			t.Errorf("%s: HTTP %d %v; want %d, result %q, message %q", tt.name, status, body, tt.status, tt.result, tt.message)
		}
		if ct := header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", tt.name, ct)
		}
	}
	_, _, body := sourcetest.Call(t, srv, "GET", "/api/v1/audit_trail/fetch", hdr)
	if n := len(body["audit_trail"].([]any)); n != 100 || body["page_count"] != 2.0 {
		t.Errorf("without limit: %d entries, page_count %v; want the default 100 and 2 pages", n, body["page_count"])
	}
	if got := len(em.Requests()); got != len(tests)+1 {
		t.Errorf("Requests() holds %d, want %d", got, len(tests)+1)
	}
}

func TestEmulatorAllErrorsAs200(t *testing.T) {
	em := canaryemu.New(canaryemu.Options{Token: testToken, Events: 5, Now: testNow, ErrorStatus: 200, RateLimitEvery: 4})
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	for i, path := range []string{"/api/v1/ping", "/nowhere", "/api/v1/audit_trail/fetch?cursor=x&auth_token=" + testToken, "/api/v1/ping?auth_token=" + testToken} {
		status, header, body := sourcetest.Call(t, srv, "GET", path, nil)
		if status != 200 || body["result"] != "error" {
			t.Errorf("%s: HTTP %d %v; want 200 with an error body", path, status, body)
		}
		if i == 3 && (header.Get("Retry-After") != "2" || !strings.Contains(body["message"].(string), "Rate limit")) {
			t.Errorf("4th request: Retry-After %q, %v; want a rate limit", header.Get("Retry-After"), body)
		}
	}
}

func TestEmulatorFilters(t *testing.T) {
	em := canaryemu.New(canaryemu.Options{Token: testToken, Events: 400, Seed: 4, Now: testNow, AllowLimitWithCursor: true})
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	entries := em.Entries()
	get := func(q url.Values) map[string]any {
		q.Set("auth_token", testToken)
		status, _, body := sourcetest.Call(t, srv, "GET", "/api/v1/audit_trail/fetch?"+q.Encode(), nil)
		if status != 200 {
			t.Fatalf("%v: HTTP %d %v", q, status, body)
		}
		return body
	}
	after := entries[10].ID
	body := get(url.Values{"after_id": {strconv.FormatInt(after, 10)}, "limit": {"50"}})
	if trail := body["audit_trail"].([]any); len(trail) != 10 || trail[9].(map[string]any)["id"] != float64(after+1) {
		t.Errorf("after_id=%d gave %d entries; want the 10 newer ones", after, len(trail))
	}
	body = get(url.Values{"action_filter": {"flock_move"}, "search_term": {"LONDON"}, "limit": {"1000"}})
	for _, e := range body["audit_trail"].([]any) {
		m := e.(map[string]any)
		if m["action_type"] != "flock_move" || !strings.Contains(strings.ToLower(m["message"].(string)), "london") {
			t.Errorf("entry %v does not match action_filter=flock_move&search_term=LONDON", m)
		}
	}
	// Tolerated limit with a cursor: the cursor's page size wins.
	first := get(url.Values{"limit": {"3"}})
	next := first["cursor"].(map[string]any)["next"].(string)
	body = get(url.Values{"limit": {"50"}, "cursor": {next}})
	if n := len(body["audit_trail"].([]any)); n != 3 || body["page_number"] != 2.0 {
		t.Errorf("limit with cursor: %d entries on page %v; want 3 on page 2", n, body["page_number"])
	}
}

func TestEmulatorLatencyHonoursCancel(t *testing.T) {
	em := canaryemu.New(canaryemu.Options{Events: 1, Latency: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, "GET", "/api/v1/ping?auth_token="+canaryemu.DemoToken, nil)
	sourcetest.RequireCancelEndsWait(t, em, req)
}

func TestEntriesAreCopies(t *testing.T) {
	em := canaryemu.New(canaryemu.Options{Events: 20, Seed: 1, Now: testNow})
	a := em.Entries()
	a[0].User = "changed"
	if em.Entries()[0].User == "changed" {
		t.Error("Entries() returns the emulator's own storage")
	}
	explicit := canaryemu.New(canaryemu.Options{Entries: []canaryemu.Entry{{User: "new"}, {ID: 40, User: "given"}, {User: "old"}}}).Entries()
	if explicit[0].ID != 42 || explicit[0].User != "new" || explicit[1].ID != 41 || explicit[2].ID != 40 {
		t.Errorf("explicit entries numbered %+v; want 42 new, 41 old, 40 given", explicit)
	}
}
