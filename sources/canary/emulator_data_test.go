package canary

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// burstIP is the address the demo's burst of failed logins comes from.
const burstIP = "192.0.2.77"

// TestGeneratedLooksReal checks the demo data's shape: ordering, the window,
// who acts, the burst and the hostile entries the UI must defuse.
func TestGeneratedLooksReal(t *testing.T) {
	t.Parallel()
	entries := canaryemu.New(canaryemu.DemoOptions(testNow)).Entries()
	if len(entries) < 1000 || len(entries) > 1500 {
		t.Fatalf("demo has %d entries, want 1000 to 1500", len(entries))
	}
	actions, users := map[string]int{}, map[string]int{}
	var hostile, burst int
	for i, e := range entries {
		if i > 0 && (e.ID != entries[i-1].ID-1 || !e.Timestamp.Before(entries[i-1].Timestamp)) {
			t.Fatalf("entry %d (id %d, %v) does not follow id %d at %v", i, e.ID, e.Timestamp, entries[i-1].ID, entries[i-1].Timestamp)
		}
		if e.Timestamp.After(testNow) || e.Timestamp.Before(testNow.AddDate(0, 0, -15)) {
			t.Errorf("entry %d at %v is outside the two weeks before %v", e.ID, e.Timestamp, testNow)
		}
		if e.Message == "" || e.ActionType == "" || e.User == "" || e.UserIP == "" {
			t.Errorf("entry %d lacks a field: %+v", e.ID, e)
		}
		actions[e.ActionType]++
		users[e.User]++
		if !model.IsClean(e.User) || !model.IsClean(e.UserBrowserAgent) {
			hostile++
		}
		if e.UserIP == burstIP && e.ActionType == "user_login_failure" {
			burst++
		}
	}
	for _, a := range ActionTypes() {
		if actions[a] == 0 {
			t.Errorf("no %s entries", a)
		}
	}
	if users["API Token"] == 0 || users["alice@example.com"] == 0 || len(users) < 10 {
		t.Errorf("users %v: want people, the API token and the burst's guesses", users)
	}
	if burst < 20 || hostile < 5 {
		t.Errorf("%d failed logins from %s and %d hostile entries; want a burst and the hostile set", burst, burstIP, hostile)
	}
	all := strings.Builder{}
	for _, e := range entries {
		all.WriteString(e.User + e.UserBrowserAgent)
	}
	for name, seq := range map[string]string{"clear screen": "\x1b[2J", "OSC title": "\x1b]0;", "OSC 52": "\x1b]52;c;", "C1 CSI": "\u009b", "bidi override": "\u202e"} {
		if !strings.Contains(all.String(), seq) {
			t.Errorf("no %s in the demo data", name)
		}
	}
	var login *canaryemu.Entry
	for i := range entries {
		if entries[i].ActionType == "user_login" {
			login = &entries[i]
			break
		}
	}
	if login == nil || login.Message != "User "+login.User+" logged in" || login.FlockID != "" {
		t.Errorf("login entry %+v: want the docs' message and no flock", login)
	}
}

// TestStartDemo runs the real client against the demo on loopback.
func TestStartDemo(t *testing.T) {
	opts := canaryemu.DemoOptions(testNow)
	if opts.Latency < 150*time.Millisecond || opts.Latency > 250*time.Millisecond {
		t.Errorf("demo latency %v, want 150-250ms so loading shows", opts.Latency)
	}
	var debug bytes.Buffer
	src, stop, err := Demo(canaryemu.Demo)(context.Background(), sourcetest.DemoEnv(testNow, &debug))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("stop: %v", err)
		}
	}()
	if !strings.HasPrefix(src.(*Source).endpoint.String(), "http://127.0.0.1:") {
		t.Errorf("demo served at %s, want loopback", src.(*Source).endpoint)
	}
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(debug.String(), "msg=http") {
		t.Errorf("the demo's request is not in the debug log: %q", debug.String())
	}
	if len(page.Events) != 100 || page.Number != 1 || page.Total != 12 || page.Next == "" {
		t.Errorf("first demo page: %d events, page %d of %d; want 100, 1 of 12", len(page.Events), page.Number, page.Total)
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
}
