package intercom

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// burstIP is the address the demo's burst of failed logins comes from, and
// demoDays how many days its log spans.
const (
	burstIP  = "192.0.2.77"
	demoDays = 28
)

// TestGeneratedLooksReal checks the demo data's shape: order, the window,
// who acts, the landmarks and the hostile entries the UI must defuse.
func TestGeneratedLooksReal(t *testing.T) {
	t.Parallel()
	entries := intercomemu.New(intercomemu.DemoOptions(testNow)).Entries()
	if len(entries) != 900 {
		t.Fatalf("demo has %d entries, want 900", len(entries))
	}
	types, actors := map[string]int{}, map[string]int{}
	ids := map[string]bool{}
	var hostile, burst int
	for i, e := range entries {
		if i > 0 && e.CreatedAt.After(entries[i-1].CreatedAt) {
			t.Fatalf("entry %d (%v) is newer than the one before it (%v)", i, e.CreatedAt, entries[i-1].CreatedAt)
		}
		if !e.CreatedAt.Before(testNow) || e.CreatedAt.Before(testNow.AddDate(0, 0, -demoDays-1)) {
			t.Errorf("entry %s at %v is outside the %d days before %v", e.ID, e.CreatedAt, demoDays, testNow)
		}
		if ids[e.ID] || len(e.ID) != 36 {
			t.Errorf("id %q repeated or not a UUID", e.ID)
		}
		ids[e.ID] = true
		if e.Description == "" || e.ActivityType == "" || e.PerformedBy.Email == "" || e.PerformedBy.IP == "" {
			t.Errorf("entry %s lacks a field: %+v", e.ID, e)
		}
		types[e.ActivityType]++
		actors[e.PerformedBy.Email]++
		if !model.IsClean(e.PerformedBy.Email) || !model.IsClean(e.Description) || !model.IsClean(string(e.Metadata)) {
			hostile++
		}
		if e.PerformedBy.IP == burstIP && e.ActivityType == "admin_login_failure" {
			burst++
		}
	}
	for _, a := range []string{"admin_login_success", "admin_login_failure", "admin_logout", "admin_away_mode_change",
		"admin_occupancy_state_change", "automatic_away_mode_setting_change", "admin_conversation_assignment_limit_change",
		"team_assignment_limit_change", "message_state_change", "app_data_export", "bulk_export", "admin_permission_change",
		"security_settings_change", "fin_ai_agent_setting_change"} {
		if types[a] == 0 {
			t.Errorf("no %s entries", a)
		}
	}
	if types["app_name_change"] != 1 {
		t.Errorf("%d app_name_change entries, want exactly one", types["app_name_change"])
	}
	if types["admin_login_success"] < types["admin_logout"] || types["admin_login_success"] < 100 {
		t.Errorf("logins %d, logouts %d: logins should dominate", types["admin_login_success"], types["admin_logout"])
	}
	if len(actors) < 5 || hostile < 4 || burst < 7 {
		t.Errorf("%d actors, %d hostile entries, %d burst failures", len(actors), hostile, burst)
	}
}

// TestGeneratedThroughTheClient: every generated entry reads in full, and
// the landmarks carry their before → after changes and targets.
func TestGeneratedThroughTheClient(t *testing.T) {
	em, src := startEmulator(t, intercomemu.Options{Events: 300, Seed: 11, Next: intercomemu.NextStartingAfter}, 100)
	got, _ := sourcetest.WalkAll(t, src, model.Query{})
	if len(got) != 300 {
		t.Fatalf("%d events, want 300", len(got))
	}
	for _, e := range got {
		if strings.HasPrefix(e.Summary, "could not read") || e.Time.IsZero() || e.Actor == "" {
			t.Errorf("event %s not read in full: %+v", e.ID, e)
		}
	}
	find := func(action string) model.Event {
		for _, e := range got {
			if e.Action == action {
				return e
			}
		}
		t.Fatalf("no %s event", action)
		return model.Event{}
	}
	if e := find("app_name_change"); !reflect.DeepEqual(e.Changes, []model.Change{{Field: "app_name", Before: "Acme Support", After: "Acme Help Center"}}) {
		t.Errorf("app_name_change changes %+v", e.Changes)
	}
	if e := find("admin_permission_change"); len(e.Changes) != 1 || !strings.HasPrefix(e.Changes[0].Before, `{"role":"Support agent"`) {
		t.Errorf("admin_permission_change changes %+v", e.Changes)
	}
	if e := find("admin_occupancy_setting_change"); len(e.Changes) != 2 || e.Changes[0].Field != "threshold_minutes" || e.Target != "occupancy" {
		t.Errorf("admin_occupancy_setting_change: target %q, changes %+v", e.Target, e.Changes)
	}
	if e := find("team_assignment_limit_change"); e.Target == "" {
		t.Error("team_assignment_limit_change has no target team")
	}
	if e := find("admin_login_failure"); e.Outcome != model.OutcomeFailure {
		t.Error("admin_login_failure is not a failure")
	}
	if e := find("fin_ai_agent_setting_change"); len(e.Changes) != 1 {
		t.Errorf("an unknown type lost its changes: %+v", e)
	}
	if n := len(em.Requests()); n != 3 {
		t.Errorf("%d requests for 300 entries in pages of 100", n)
	}
}

func TestStartDemo(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var debug bytes.Buffer
	src, stop, err := Demo(intercomemu.Demo)(context.Background(), sourcetest.DemoEnv(now, &debug))
	if err != nil {
		t.Fatal(err)
	}
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil || len(page.Events) != 250 || page.Next == "" || page.Total != 4 {
		t.Errorf("demo's first page: %d events, next %q, %d pages, %v; want 250 of 900 in 4 pages (the search endpoint)", len(page.Events), page.Next, page.Total, err)
	}
	if !strings.Contains(debug.String(), "msg=http") {
		t.Errorf("the demo's request is not in the debug log: %q", debug.String())
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	if err := stop(); err != nil {
		t.Errorf("second stop: %v", err)
	}
	if _, err := src.Fetch(context.Background(), model.Query{}, ""); err == nil {
		t.Error("the demo still answers after stop")
	}
}
