package intercomemu_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

func firstCode(body map[string]any) string {
	errs, _ := body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	code, _ := errs[0].(map[string]any)["code"].(string)
	return code
}

// The token the tests' emulators accept (Intercom's tokens are base64), and
// the end of their logs.
const testToken = "dG9rOjhmM2E5YzJlNWIxZDRmNmE4YzBlMmI0ZDZmOGExYzNlOjE6MA=="

var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

func TestEmulatorRoutesAndErrors(t *testing.T) {
	clock := sourcetest.NewClock(testNow.Add(3 * time.Second))
	em := intercomemu.New(intercomemu.Options{Token: testToken, Events: 30, Now: testNow, Clock: clock.Now})
	srv := sourcetest.Serve(t, em)
	auth := map[string]string{"Authorization": "Bearer " + testToken, "Intercom-Version": "2.16"}
	with := func(k, v string) map[string]string {
		h := map[string]string{"Authorization": auth["Authorization"], k: v}
		return h
	}
	list := "/admins/activity_logs?created_at_after=0"
	tests := []struct {
		name, method, path string
		header             map[string]string
		status             int
		code               string
		limited            bool // carries the rate-limit headers
	}{
		{"list", "GET", list, auth, 200, "", true},
		{"lower-case scheme, no version", "GET", list, map[string]string{"Authorization": "bearer " + testToken}, 200, "", true},
		{"Unstable", "GET", list, with("Intercom-Version", "Unstable"), 200, "", true},
		{"no token", "GET", list, nil, 401, "unauthorized", false},
		{"wrong token", "GET", list, with("Authorization", "Bearer nope"), 401, "unauthorized", false},
		{"basic auth", "GET", list, with("Authorization", "Basic "+testToken), 401, "unauthorized", false},
		{"bad version", "GET", list, with("Intercom-Version", "3.0"), 400, "intercom_version_invalid", true},
		{"missing created_at_after", "GET", "/admins/activity_logs", auth, 404, "parameter_not_found", true},
		{"bad per_page", "GET", list + "&per_page=0", auth, 400, "parameter_invalid", true},
		{"bad starting_after", "GET", list + "&starting_after=WzEsMl0=", auth, 400, "parameter_invalid", true},
		{"unknown path", "GET", "/admins", auth, 404, "not_found", true},
		{"POST", "POST", list, auth, 405, "method_not_allowed", true},
	}
	for _, tt := range tests {
		status, header, body := sourcetest.Call(t, srv, tt.method, tt.path, tt.header)
		if status != tt.status || firstCode(body) != tt.code {
			t.Errorf("%s: HTTP %d code %q; want %d %q", tt.name, status, firstCode(body), tt.status, tt.code)
		}
		if tt.code != "" && body["type"] != "error.list" {
			t.Errorf("%s: body type %v", tt.name, body["type"])
		}
		if got := header.Get("X-RateLimit-Remaining") != ""; got != tt.limited {
			t.Errorf("%s: rate-limit headers present %v, want %v", tt.name, got, tt.limited)
		}
		if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: Content-Type %q", tt.name, ct)
		}
	}
	reqs := em.Requests()
	if len(reqs) != len(tests) || reqs[0].Header.Get("Intercom-Version") != "2.16" || reqs[3].Status != 401 {
		t.Errorf("request log: %d entries, first version %q", len(reqs), reqs[0].Header.Get("Intercom-Version"))
	}
}

// TestEmulatorRateWindows: ten-second windows, counted per authorized
// request, with the reset at the window's end and a 429 past the limit.
func TestEmulatorRateWindows(t *testing.T) {
	clock := sourcetest.NewClock(testNow.Truncate(10 * time.Second).Add(4 * time.Second))
	em := intercomemu.New(intercomemu.Options{Token: testToken, Events: 5, Now: testNow, Clock: clock.Now, RateLimit: 3})
	srv := sourcetest.Serve(t, em)
	auth := map[string]string{"Authorization": "Bearer " + testToken}
	reset := strconv.FormatInt(testNow.Truncate(10*time.Second).Add(10*time.Second).Unix(), 10)
	for i, want := range []string{"2", "1", "0", "0"} {
		status, h, body := sourcetest.Call(t, srv, "GET", "/admins/activity_logs?created_at_after=0", auth)
		if h.Get("X-RateLimit-Limit") != "3" || h.Get("X-RateLimit-Remaining") != want || h.Get("X-RateLimit-Reset") != reset {
			t.Errorf("request %d: limit %s remaining %s reset %s; want 3, %s, %s", i+1,
				h.Get("X-RateLimit-Limit"), h.Get("X-RateLimit-Remaining"), h.Get("X-RateLimit-Reset"), want, reset)
		}
		if h.Get("Date") != clock.Now().Format(http.TimeFormat) {
			t.Errorf("Date %q is not the emulator's clock", h.Get("Date"))
		}
		if i == 3 {
			msg := body["errors"].([]any)[0].(map[string]any)["message"]
			if status != 429 || firstCode(body) != "rate_limit_exceeded" || msg != "Exceeded rate limit of 3 in 10_seconds" {
				t.Errorf("4th request: HTTP %d %v; want 429 rate_limit_exceeded", status, body)
			}
		}
	}
	// A wrong token is not counted.
	sourcetest.Call(t, srv, "GET", "/admins/activity_logs?created_at_after=0", map[string]string{"Authorization": "Bearer x"})
	clock.Add(6 * time.Second)
	status, h, _ := sourcetest.Call(t, srv, "GET", "/admins/activity_logs?created_at_after=0", auth)
	if status != 200 || h.Get("X-RateLimit-Remaining") != "2" {
		t.Errorf("in the next window: HTTP %d, remaining %s; want 200 and 2", status, h.Get("X-RateLimit-Remaining"))
	}
}

func TestEmulatorPages(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts intercomemu.Options
	}{
		{"url", intercomemu.Options{}},
		{"starting_after, pages left out at the end", intercomemu.Options{Next: intercomemu.NextStartingAfter, OmitPagesAtEnd: true}},
	} {
		opts := tt.opts
		opts.Token, opts.Events, opts.Now = testToken, 45, testNow
		em := intercomemu.New(opts)
		srv := sourcetest.Serve(t, em)
		auth := map[string]string{"Authorization": "Bearer " + testToken}
		path := "/admins/activity_logs?created_at_after=1&created_at_before=" + strconv.FormatInt(testNow.Unix()+1, 10)
		var seen int
		for page := 1; ; page++ {
			status, _, body := sourcetest.Call(t, srv, "GET", path, auth)
			if status != 200 || body["type"] != "activity_log.list" {
				t.Fatalf("%s page %d: HTTP %d %v", tt.name, page, status, body)
			}
			seen += len(body["activity_logs"].([]any))
			pages, ok := body["pages"].(map[string]any)
			if page == 3 {
				if ok == opts.OmitPagesAtEnd || (ok && pages["next"] != nil) {
					t.Errorf("%s: last page has pages %v", tt.name, body["pages"])
				}
				break
			}
			if pages["type"] != "pages" || pages["page"] != float64(page) || pages["per_page"] != 20.0 || pages["total_pages"] != 3.0 {
				t.Errorf("%s page %d: pages %v", tt.name, page, pages)
			}
			switch next := pages["next"].(type) {
			case string:
				want := srv.URL + "/admins/activity_logs?created_at_after=1&created_at_before=" + strconv.FormatInt(testNow.Unix()+1, 10) +
					"&page=" + strconv.Itoa(page+1) + "&per_page=20"
				if next != want {
					t.Errorf("next %q, want %q", next, want)
				}
				path = strings.TrimPrefix(next, srv.URL)
			case map[string]any:
				if next["per_page"] != 20.0 || next["starting_after"] == "" {
					t.Errorf("next %v", next)
				}
				path = "/admins/activity_logs?created_at_after=1&starting_after=" + next["starting_after"].(string)
			default:
				t.Fatalf("%s page %d: next %v", tt.name, page, pages["next"])
			}
		}
		if seen != 45 {
			t.Errorf("%s: %d entries over the pages, want 45", tt.name, seen)
		}
	}
}

func TestEmulatorLatencyHonoursCancel(t *testing.T) {
	em := intercomemu.New(intercomemu.Options{Events: 1, Latency: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, "GET", "/admins/activity_logs?created_at_after=0", nil)
	req.Header.Set("Authorization", "Bearer "+intercomemu.DemoToken)
	sourcetest.RequireCancelEndsWait(t, em, req)
}

func TestEntriesAreCopies(t *testing.T) {
	em := intercomemu.New(intercomemu.Options{Events: 20, Seed: 1, Now: testNow})
	a := em.Entries()
	a[0].Metadata = nil
	a[0].Description = "changed"
	if b := em.Entries(); b[0].Description == "changed" {
		t.Error("Entries() returns the emulator's own storage")
	}
	explicit := intercomemu.New(intercomemu.Options{Entries: []intercomemu.Entry{
		{ID: "b", CreatedAt: testNow.Add(-time.Minute)},
		{ID: "a", CreatedAt: testNow.Add(-time.Minute + 300*time.Millisecond)},
		{CreatedAt: testNow},
		{ID: "c", CreatedAt: testNow.Add(-time.Hour)},
	}}).Entries()
	var order []string
	for _, e := range explicit {
		order = append(order, e.ID)
	}
	if len(order) != 4 || order[0] == "" || order[1] != "b" || order[2] != "a" || order[3] != "c" || !explicit[2].CreatedAt.Equal(testNow.Add(-time.Minute)) {
		t.Errorf("explicit entries ordered %v; want newest first, ties by id descending, times in whole seconds", order)
	}
}
