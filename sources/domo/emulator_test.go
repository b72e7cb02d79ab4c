package domo

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/domo/domoemu"
)

// serve sends one request straight to the emulator.
func serve(em *domoemu.Emulator, method, target, body string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	em.ServeHTTP(rec, req)
	return rec
}

// issue gets a token from the emulator and returns the Authorization header
// that uses it.
func issue(t *testing.T, em *domoemu.Emulator) map[string]string {
	t.Helper()
	rec := serve(em, http.MethodGet, "/oauth/token?grant_type=client_credentials&scope=audit", "",
		map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(domoemu.DemoClientID+":"+domoemu.DemoClientSecret))})
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &tok); err != nil || rec.Code != 200 {
		t.Fatalf("token: HTTP %d %s", rec.Code, rec.Body)
	}
	return map[string]string{"Authorization": "bearer " + tok.AccessToken}
}

func TestEmulatorTokenEndpoint(t *testing.T) {
	em := domoemu.New(domoemu.Options{Events: 1, Now: testNow, Clock: func() time.Time { return testNow }})
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(domoemu.DemoClientID+":"+domoemu.DemoClientSecret))
	form := map[string]string{"Authorization": basic, "Content-Type": "application/x-www-form-urlencoded"}
	for _, tc := range []struct {
		name, method, target, body string
		header                     map[string]string
		status                     int
		says                       string
	}{
		{"GET with a query, as the docs", http.MethodGet, "/oauth/token?grant_type=client_credentials&scope=audit", "", form, 200, `"scope":"audit"`},
		{"POST with a form, as pydomo", http.MethodPost, "/oauth/token", "grant_type=client_credentials&scope=audit%20data", form, 200, `"scope":"audit data"`},
		{"POST with a query", http.MethodPost, "/oauth/token?grant_type=client_credentials&scope=audit", "", form, 200, `"expires_in":3599`},
		{"no scope: all of the client's", http.MethodGet, "/oauth/token?grant_type=client_credentials", "", form, 200, `"scope":"audit data user"`},
		{"a scope the client lacks", http.MethodGet, "/oauth/token?grant_type=client_credentials&scope=audit%20buzz", "", form, 400, `"error":"invalid_scope"`},
		{"no grant", http.MethodGet, "/oauth/token?scope=audit", "", form, 400, `"error":"unsupported_grant_type"`},
		{"no credentials", http.MethodGet, "/oauth/token?grant_type=client_credentials", "", nil, 401, `"error":"invalid_client"`},
		{"wrong secret", http.MethodGet, "/oauth/token?grant_type=client_credentials", "",
			map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(domoemu.DemoClientID+":nope"))}, 401, "Bad client credentials"},
		{"DELETE", http.MethodDelete, "/oauth/token", "", form, 405, "not supported"},
	} {
		rec := serve(em, tc.method, tc.target, tc.body, tc.header)
		if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.says) {
			t.Errorf("%s: HTTP %d %s; want %d with %s", tc.name, rec.Code, rec.Body, tc.status, tc.says)
		}
	}
	// The documented shape, types and all.
	rec := serve(em, http.MethodGet, "/oauth/token?grant_type=client_credentials&scope=audit", "", form)
	var resp map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"access_token", "customer", "jti", "role", "scope", "token_type"} {
		if _, ok := resp[k].(string); !ok {
			t.Errorf("%s is %T, want a string", k, resp[k])
		}
	}
	for _, k := range []string{"expires_in", "userId"} {
		if _, ok := resp[k].(float64); !ok {
			t.Errorf("%s is %T, want a number", k, resp[k])
		}
	}
	if strings.Count(resp["access_token"].(string), ".") != 0 || resp["token_type"] != "bearer" {
		t.Errorf("token %v: want an opaque bearer token", resp)
	}
	jwt := domoemu.New(domoemu.Options{Events: 1, Now: testNow, JWT: true, Clock: func() time.Time { return testNow }})
	rec = serve(jwt, http.MethodGet, "/oauth/token?grant_type=client_credentials&scope=audit", "", form)
	var jr struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &jr)
	if exp := jwtExpiry(jr.AccessToken); !exp.Equal(testNow.Add(3599 * time.Second)) {
		t.Errorf("JWT exp %v, want an hour from the emulator's clock", exp)
	}
}

func TestEmulatorAudit(t *testing.T) {
	em := domoemu.New(domoemu.Options{Events: 300, Seed: 3, Now: testNow})
	auth := issue(t, em)
	all := em.Entries()
	var get func(query string, header map[string]string) ([]map[string]any, int)
	on := func(em *domoemu.Emulator) {
		get = func(query string, header map[string]string) ([]map[string]any, int) {
			t.Helper()
			rec := serve(em, http.MethodGet, "/v1/audit?"+query, "", header)
			var out []map[string]any
			if rec.Code == 200 {
				if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
					t.Fatalf("%s: %v", query, err)
				}
			}
			return out, rec.Code
		}
	}
	on(em)
	start := strconv.FormatInt(testNow.Add(-30*24*time.Hour).UnixMilli(), 10)
	if page, code := get("start="+start, auth); code != 200 || len(page) != 50 {
		t.Errorf("default limit: HTTP %d, %d entries; want 50", code, len(page))
	}
	if page, _ := get("start="+start+"&limit=5000", auth); len(page) != 300 {
		t.Errorf("limit 5000 gave %d of 300; want it taken as 1000", len(page))
	}
	if page, _ := get("start="+start+"&limit=10&offset=295", auth); len(page) != 5 {
		t.Errorf("offset 295 gave %d entries; want the last 5", len(page))
	}
	if _, code := get("start="+start, nil); code != 401 {
		t.Errorf("no token: HTTP %d", code)
	}
	if _, code := get("start="+start, map[string]string{"Authorization": auth["Authorization"], "Accept": "text/html"}); code != 406 {
		t.Errorf("Accept text/html: HTTP %d, want 406", code)
	}
	user := all[10].UserID
	page, _ := get("start="+start+"&limit=1000&user="+user, auth)
	for _, e := range page {
		if e["userId"] != user {
			t.Fatalf("user filter let through %v", e["userId"])
		}
	}
	if len(page) == 0 {
		t.Error("user filter found nothing")
	}
	// The window: start <= time <= end, or < end when exclusive.
	at := all[100].Time
	for _, exclusive := range []bool{false, true} {
		em := domoemu.New(domoemu.Options{Events: 300, Seed: 3, Now: testNow, ExclusiveEnd: exclusive})
		on(em)
		page, _ := get("start="+strconv.FormatInt(at.UnixMilli(), 10)+"&end="+strconv.FormatInt(at.UnixMilli(), 10), issue(t, em))
		if want := !exclusive; (len(page) > 0) != want {
			t.Errorf("exclusive %v: %d entries at exactly start = end", exclusive, len(page))
		}
	}
}

// TestEmulatorOrderAndAdd: entries come newest first unless told otherwise,
// and AddPerRequest puts new ones at the head before every request but the
// first.
func TestEmulatorOrderAndAdd(t *testing.T) {
	for _, order := range []domoemu.Order{domoemu.NewestFirst, domoemu.OldestFirst} {
		em := domoemu.New(domoemu.Options{Events: 50, Seed: 1, Now: testNow, Order: order, AddPerRequest: 4})
		auth := issue(t, em)
		entries := em.Entries()
		sorted := slices.IsSortedFunc(entries, func(a, b domoemu.Entry) int { return b.Time.Compare(a.Time) })
		if order == domoemu.OldestFirst {
			sorted = slices.IsSortedFunc(entries, func(a, b domoemu.Entry) int { return a.Time.Compare(b.Time) })
		}
		if !sorted {
			t.Errorf("order %d: entries out of order", order)
		}
		for range 3 {
			serve(em, http.MethodGet, "/v1/audit?start=0", "", auth)
		}
		now := em.Entries()
		if len(now) != 58 {
			t.Errorf("order %d: %d entries after 3 requests; want 8 added", order, len(now))
		}
		head := now[0]
		if order == domoemu.OldestFirst {
			head = now[len(now)-1]
		}
		if !head.Time.After(entries[0].Time) && !head.Time.After(entries[len(entries)-1].Time) {
			t.Errorf("order %d: newest %v is not after the old log", order, head.Time)
		}
	}
}

// TestGeneratedLog: the generated log looks like a Domo instance and holds
// what the UI and the walk need exercising.
func TestGeneratedLog(t *testing.T) {
	a, b := domoemu.New(domoemu.Options{Events: 400, Seed: 9, Now: testNow}).Entries(), domoemu.New(domoemu.Options{Events: 400, Seed: 9, Now: testNow}).Entries()
	if len(a) != 400 || !slices.EqualFunc(a, b, func(x, y domoemu.Entry) bool {
		return x.Time.Equal(y.Time) && x.AdditionalComment == y.AdditionalComment
	}) {
		t.Fatal("the same seed gave different logs")
	}
	em := domoemu.New(domoemu.Options{Events: 400, Seed: 9, Now: testNow})
	evs := eventsOf(em, em.Entries())
	var hostile, failed, locked, proxied, extra, sameSecond int
	actions := map[string]int{}
	seen := map[string]bool{}
	for i, e := range evs {
		actions[e.Action]++
		if !model.IsClean(e.Actor) || !model.IsClean(e.Client) || !model.IsClean(e.Summary) {
			hostile++
		}
		if e.Outcome == model.OutcomeFailure {
			failed++
		}
		if e.Action == "LOCKED_OUT" {
			locked++
		}
		if strings.Contains(e.Summary, "(via ") {
			proxied++
		}
		if strings.Contains(string(e.Raw), "authenticationMethod") {
			extra++
		}
		if i > 0 && e.Time.Equal(evs[i-1].Time) {
			sameSecond++
		}
		if seen[e.ID] {
			t.Errorf("id %s twice", e.ID)
		}
		seen[e.ID] = true
		if e.Time.After(testNow) || e.Time.Before(testNow.Add(-15*24*time.Hour)) {
			t.Errorf("entry at %v, outside the two weeks before now", e.Time)
		}
	}
	if actions["VIEWED"] < 100 || len(actions) < 10 {
		t.Errorf("actions %v: want mostly views and a good mix", actions)
	}
	if hostile < 6 || failed < 20 || locked != 1 || proxied == 0 || extra == 0 || sameSecond < 20 {
		t.Errorf("hostile %d, failed %d, locked %d, proxied %d, with extra fields %d, sharing a second %d",
			hostile, failed, locked, proxied, extra, sameSecond)
	}
	twins := 0
	for _, e := range evs {
		if strings.HasSuffix(e.ID, "~2") {
			twins++
		}
	}
	if twins == 0 {
		t.Error("no identical twins in the log")
	}
	if _, err := url.Parse(DefaultBaseURL); err != nil {
		t.Fatal(err)
	}
}
