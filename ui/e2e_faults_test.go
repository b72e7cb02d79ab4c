package ui_test

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/faults"
	"github.com/trail-dev/trail/sources/transport"
	"github.com/trail-dev/trail/ui"
)

// Scrolling to the end of a log served by a console that fails every other
// requests, in every way there is, loads every event exactly once, in order.
func TestE2EBrowsingThroughFaults(t *testing.T) {
	em := canary.NewEmulator(canary.EmulatorOptions{Token: "t", Now: time.Now(), Events: 300, Seed: 4,
		Faults: faults.Plan{Every: 2, Kinds: faults.All, Wait: time.Second, Delay: 500 * time.Millisecond}})
	srv := httptest.NewServer(em)
	defer srv.Close()
	src := canary.New(canary.Config{BaseURL: srv.URL, Token: "t", PageSize: 20,
		HTTP: transport.Options{Backoff: 5 * time.Millisecond, Timeout: 250 * time.Millisecond, Attempts: 5}})
	e := startE2E(t, ui.New(ui.Options{Source: src, SourceName: "flaky", Theme: ui.ThemeNone}), 100, 30)
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
	e.press("q")
	final := e.tm.FinalModel(t).(recorder).Model
	got := final.Loaded()
	want := em.Entries()
	if len(got) != len(want) {
		t.Fatalf("loaded %d events, the console holds %d", len(got), len(want))
	}
	for i := range want {
		if got[i].ID != strconv.FormatInt(want[i].ID, 10) {
			t.Fatalf("event %d is %s, want %d", i, got[i].ID, want[i].ID)
		}
	}
	if len(em.Injected()) < len(faults.All) {
		t.Errorf("only %v were injected", em.Injected())
	}
}
