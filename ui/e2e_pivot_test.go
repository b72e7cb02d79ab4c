package ui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/ui"
)

// Issue 14, through the real Canary client and its emulator's demo data:
// the console has no actor filter, so the client sends the name as a
// search_term, which finds adminROOT and root\x1b]0;… too. Typed, the
// actor filter keeps them (actor ~ root); a pivot with `a` on a root row
// keeps root alone (actor = root).
func TestE2ECanaryPivotOnRootIsExact(t *testing.T) {
	opts := canaryemu.DemoOptions(time.Now())
	opts.Token, opts.Latency = e2eToken, 0
	src, _ := serveConfigured(t, canary.Provider(), canaryemu.New(opts), "TRAIL_E2E_TOKEN", `
[sources.prod]
provider = "canary"
base_url = %q
token = "env:TRAIL_E2E_TOKEN"
`)
	m := ui.New(ui.Options{Source: src, SourceName: "prod", Provider: "canary", Location: time.UTC, Theme: ui.ThemeNone,
		Query: model.Query{Actor: "root"}})
	e := startE2E(t, m, 120, 40)
	e.waitFor("end of log")
	e.waitFor("actor ~ root")
	for _, lookalike := range []string{`root\x1b]0;`, `admin\u009b31mRO`} {
		if !strings.Contains(e.screen(), lookalike) {
			t.Fatalf("the typed filter root does not list %s:\n%s", lookalike, e.screen())
		}
	}
	// Down to the first plain root row, then pivot.
	selected := func(s string) string {
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "▌") {
				return l
			}
		}
		return ""
	}
	for i := 0; !strings.Contains(selected(e.screen()), " root  "); i++ {
		if i > 10 {
			t.Fatalf("no plain root row:\n%s", e.screen())
		}
		e.press("j")
		time.Sleep(20 * time.Millisecond)
	}
	e.press("a")
	e.waitFor("actor = root")
	e.waitFor("end of log")
	screen := e.screen()
	if strings.Contains(screen, `root\x1b`) || strings.Contains(screen, "ROOT") {
		t.Errorf("the root pivot lists a look-alike:\n%s", screen)
	}
	if !strings.Contains(selected(screen), " root  ") {
		t.Errorf("the cursor left the root event pivoted from:\n%s", screen)
	}
	e.quit()
}
