package qualtricsemu_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// errorOf returns meta.error's message and code of an answer.
// testBrandID is the organizationId of the emulator's generated brand.
const testBrandID = "northwindresearch"

// The credentials the tests' emulators accept, and the end of their logs.
const (
	testToken    = "qtok-7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e"
	testClientID = "qcid-0b9e8d7c6b5a4f3e"
	testSecret   = "qsec-5d4c3b2a1f0e9d8c7b6a"
)

var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

// serve starts an emulator on loopback with the test credentials and clock.
func serve(t *testing.T, opts qualtricsemu.Options) (*qualtricsemu.Emulator, *httptest.Server) {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	if opts.ClientID == "" {
		opts.ClientID, opts.ClientSecret = testClientID, testSecret
	}
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	em := qualtricsemu.New(opts)
	return em, sourcetest.Serve(t, em)
}

func errorOf(v map[string]any) (string, string) {
	meta, _ := v["meta"].(map[string]any)
	e, _ := meta["error"].(map[string]any)
	msg, _ := e["errorMessage"].(string)
	code, _ := e["errorCode"].(string)
	return msg, code
}

// TestEmulatorRequests checks the emulator's answers to requests the client
// never makes, so tests of the client rest on a faithful emulator.
func TestEmulatorRequests(t *testing.T) {
	_, srv := serve(t, qualtricsemu.Options{Events: 300, Seed: 2, StrictFilters: true})
	auth := map[string]string{"X-API-TOKEN": testToken}
	tests := []struct {
		name, method, path string
		header             map[string]string
		status             int
		code, says         string
	}{
		{"no credentials", "GET", "/API/v3/logs?activityType=logins", nil, 401, "AUTH_1", "Missing"},
		{"unknown token", "GET", "/API/v3/logs?activityType=logins", map[string]string{"X-API-TOKEN": "nope"}, 401, "DCD_7", "Unrecognized X-API-TOKEN."},
		{"unknown bearer", "GET", "/API/v3/logs?activityType=logins", map[string]string{"Authorization": "Bearer nope"}, 401, "AUTH_1", "Invalid or expired"},
		{"no activityType", "GET", "/API/v3/logs", auth, 400, "QVal_1", "activityType"},
		{"unknown activityType", "GET", "/API/v3/logs?activityType=Logins", auth, 400, "QVal_1", "Unknown activityType"},
		{"bad pageSize", "GET", "/API/v3/logs?activityType=logins&pageSize=5000", auth, 400, "QVal_1", "pageSize"},
		{"bad order", "GET", "/API/v3/logs?activityType=logins&order=desc", auth, 400, "QVal_1", "asc or dsc"},
		{"bad startDate", "GET", "/API/v3/logs?activityType=logins&startDate=2026-11-10", auth, 400, "QVal_1", "startDate"},
		{"dates reversed", "GET", "/API/v3/logs?activityType=logins&startDate=2026-11-12T00:00:00Z&endDate=2026-11-11T00:00:00Z", auth, 400, "QVal_1", "before endDate"},
		{"unsupported filter", "GET", "/API/v3/logs?activityType=brands&userId=UR_1234567890", auth, 400, "QVal_1", "userId is not supported"},
		{"bad skipToken", "GET", "/API/v3/logs?activityType=logins&skipToken=abc", auth, 400, "QVal_1", "skipToken"},
		{"POST to logs", "POST", "/API/v3/logs?activityType=logins", auth, 405, "", "Method Not Allowed"},
		{"unknown path", "GET", "/API/v3/surveys", auth, 404, "", "Not Found"},
	}
	for _, tt := range tests {
		status, _, v := sourcetest.Call(t, srv, tt.method, tt.path, tt.header)
		msg, code := errorOf(v)
		meta, _ := v["meta"].(map[string]any)
		if status != tt.status || code != tt.code || !strings.Contains(msg, tt.says) || v["result"] != nil {
			t.Errorf("%s: %d %q %q; want %d %q and %q in the message, no result", tt.name, status, code, msg, tt.status, tt.code, tt.says)
		}
		if id, _ := meta["requestId"].(string); meta["httpStatus"] != fmt.Sprintf("%d - %s", status, http.StatusText(status)) || len(id) != 36 {
			t.Errorf("%s: meta %v", tt.name, meta)
		}
	}
}

// TestEmulatorWindowDefaults: without dates the last 7 days; with one date,
// 7 days from it; startDate inclusive, endDate exclusive.
func TestEmulatorWindowDefaults(t *testing.T) {
	em, srv := serve(t, qualtricsemu.Options{Events: 400, Seed: 9, Types: []string{"logins"}, Span: 20 * 24 * time.Hour})
	entries := em.Entries()
	count := func(query string) int {
		t.Helper()
		status, _, v := sourcetest.Call(t, srv, "GET", "/API/v3/logs?activityType=logins&pageSize=1000&"+query, map[string]string{"X-API-TOKEN": testToken})
		if status != 200 {
			t.Fatalf("%s: HTTP %d %v", query, status, v)
		}
		els, _ := v["result"].(map[string]any)["elements"].([]any)
		return len(els)
	}
	in := func(from, to time.Time) int {
		n := 0
		for _, e := range entries {
			if !e.Timestamp.Before(from) && e.Timestamp.Before(to) {
				n++
			}
		}
		return n
	}
	week := 7 * 24 * time.Hour
	mid := testNow.Add(-10 * 24 * time.Hour)
	at := entries[50].Timestamp
	iso := func(t time.Time) string { return url.QueryEscape(t.Format("2006-01-02T15:04:05.000Z")) }
	for query, want := range map[string]int{
		"":                      in(testNow.Add(-week), testNow),
		"startDate=" + iso(mid): in(mid, mid.Add(week)),
		"endDate=" + iso(mid):   in(mid.Add(-week), mid),
		"startDate=" + iso(at) + "&endDate=" + iso(at.Add(time.Millisecond)): 1,
		"startDate=" + iso(at.Add(-time.Hour)) + "&endDate=" + iso(at):       in(at.Add(-time.Hour), at),
	} {
		if got := count(query); got != want || want == 0 {
			t.Errorf("%q: %d events, want %d", query, got, want)
		}
	}
}

// TestEmulatorPages: tokens end in "~~", URLs carry the original filters,
// order=asc reverses, the last page says null (or nothing).
func TestEmulatorPages(t *testing.T) {
	auth := map[string]string{"X-API-TOKEN": testToken}
	_, srv := serve(t, qualtricsemu.Options{Events: 100, Seed: 1, Types: []string{"logins"}, Span: 6 * 24 * time.Hour})
	_, _, v := sourcetest.Call(t, srv, "GET", "/API/v3/logs?activityType=logins&pageSize=60", auth)
	res := v["result"].(map[string]any)
	tok, _ := res["nextPage"].(string)
	if !strings.HasSuffix(tok, "~~") || len(tok) < 40 {
		t.Errorf("nextPage %q, want an opaque token ending in ~~", tok)
	}
	_, _, v = sourcetest.Call(t, srv, "GET", "/API/v3/logs?activityType=logins&pageSize=60&skipToken="+url.QueryEscape(tok), auth)
	if res := v["result"].(map[string]any); res["nextPage"] != nil || len(res["elements"].([]any)) != 40 {
		t.Errorf("second page: nextPage %v, %d elements", res["nextPage"], len(res["elements"].([]any)))
	}
	_, _, v = sourcetest.Call(t, srv, "GET", "/API/v3/logs?activityType=logins&pageSize=60&order=asc&skipToken="+url.QueryEscape(tok), auth)
	if msg, _ := errorOf(v); !strings.Contains(msg, "skipToken") {
		t.Errorf("a token with other filters: %v", v)
	}
	dsc, asc := firstID(t, srv, "order=dsc"), firstID(t, srv, "order=asc")
	if dsc == asc {
		t.Error("order=asc gives the same first event as dsc")
	}

	_, srv = serve(t, qualtricsemu.Options{Events: 100, Seed: 1, NextPage: qualtricsemu.NextPageURL, OmitLastNextPage: true, Types: []string{"logins"}, Span: 6 * 24 * time.Hour})
	_, _, v = sourcetest.Call(t, srv, "GET", "/API/v3/logs?activityType=logins&pageSize=60&organizationId="+testBrandID, auth)
	next, _ := v["result"].(map[string]any)["nextPage"].(string)
	u, err := url.Parse(next)
	if err != nil || u.Host != strings.TrimPrefix(srv.URL, "http://") || u.Path != "/API/v3/logs" ||
		u.Query().Get("organizationId") != testBrandID || u.Query().Get("pageSize") != "60" || u.Query().Get("skipToken") == "" {
		t.Errorf("nextPage URL %q; want this request's URL with a skipToken", next)
	}
	_, _, v = sourcetest.Call(t, srv, "GET", "/API/v3/logs?activityType=logins&pageSize=1000", auth)
	if _, has := v["result"].(map[string]any)["nextPage"]; has {
		t.Error("the last page has nextPage; OmitLastNextPage leaves it out")
	}
}

func firstID(t *testing.T, srv *httptest.Server, order string) string {
	t.Helper()
	_, _, v := sourcetest.Call(t, srv, "GET", "/API/v3/logs?activityType=logins&pageSize=1&"+order, map[string]string{"X-API-TOKEN": testToken})
	els := v["result"].(map[string]any)["elements"].([]any)
	return els[0].(map[string]any)["id"].(string)
}

// TestEmulatorTokenEndpoint: the client credentials grant and its refusals.
func TestEmulatorTokenEndpoint(t *testing.T) {
	em, srv := serve(t, qualtricsemu.Options{Events: 1, TokenLifetime: 90 * time.Second})
	post := func(id, secret, form string) (int, map[string]any) {
		req, _ := http.NewRequestWithContext(context.Background(), "POST", srv.URL+"/oauth2/token", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if id != "" {
			req.SetBasicAuth(id, secret)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&v)
		return resp.StatusCode, v
	}
	for _, tt := range []struct {
		id, secret, form string
		status           int
		errCode          string
	}{
		{testClientID, testSecret, "grant_type=client_credentials&scope=read:activity_logs", 200, ""},
		{"", "", "grant_type=client_credentials&client_id=" + testClientID + "&client_secret=" + testSecret, 200, ""},
		{testClientID, "wrong", "grant_type=client_credentials", 401, "invalid_client"},
		{testClientID, testSecret, "grant_type=password", 400, "unsupported_grant_type"},
		{testClientID, testSecret, "grant_type=client_credentials&scope=manage:all", 400, "invalid_scope"},
	} {
		status, v := post(tt.id, tt.secret, tt.form)
		if status != tt.status || (tt.errCode != "" && v["error"] != tt.errCode) {
			t.Errorf("%s: %d %v", tt.form, status, v)
		}
		if status == 200 && (v["token_type"] != "Bearer" || v["expires_in"] != float64(90) || !strings.HasPrefix(v["access_token"].(string), "emu_")) {
			t.Errorf("token answer %v", v)
		}
	}
	if em.TokensIssued() != 2 {
		t.Errorf("%d tokens issued, want 2", em.TokensIssued())
	}
}
