package ui_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/faults"
	"github.com/trail-dev/trail/sources/intercom"
	"github.com/trail-dev/trail/sources/transport"
	"github.com/trail-dev/trail/ui"
)

// Scrolling to the end of an Intercom activity log served by a workspace
// that fails every other request, in every way there is (X-RateLimit-Reset
// waits among them), loads every event exactly once, in order.
func TestE2EIntercomBrowsingThroughFaults(t *testing.T) {
	em := intercom.NewEmulator(intercom.EmulatorOptions{Token: e2eToken, Now: time.Now(), Events: 300, Seed: 4,
		Faults: faults.Plan{Every: 2, Kinds: faults.All, Wait: time.Second, Delay: 500 * time.Millisecond}})
	srv := httptest.NewServer(em)
	defer srv.Close()
	src := intercom.New(intercom.Config{BaseURL: srv.URL, Token: e2eToken, PageSize: 20,
		HTTP: transport.Options{Backoff: 5 * time.Millisecond, Timeout: 250 * time.Millisecond, Attempts: 5}})
	e := startE2E(t, ui.New(ui.Options{Source: src, SourceName: "flaky", Provider: "intercom", Theme: ui.ThemeNone}), 100, 30)
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(e.screen(), "end of log") {
		if time.Now().After(deadline) {
			t.Fatalf("never reached the end; injected %v\n%s", em.Injected(), e.screen())
		}
		if strings.Contains(e.screen(), "r retries") {
			e.press("r") // a failure got through the retries: the user retries
		}
		e.press("G")
		time.Sleep(50 * time.Millisecond)
	}
	if strings.Contains(e.screen(), e2eToken) {
		t.Errorf("the token is on screen:\n%s", e.screen())
	}
	e.press("q")
	final := e.tm.FinalModel(t).(recorder).Model
	got := final.Loaded()
	want := em.Entries()
	if len(got) != len(want) {
		t.Fatalf("loaded %d events, the workspace holds %d", len(got), len(want))
	}
	for i := range want {
		if got[i].ID != want[i].ID {
			t.Fatalf("event %d is %s, want %s", i, got[i].ID, want[i].ID)
		}
	}
	seen := map[faults.Kind]bool{}
	for _, k := range em.Injected() {
		seen[k] = true
	}
	if len(seen) != len(faults.All) {
		t.Errorf("only %v were injected", em.Injected())
	}
}
