package ui_test

import (
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/file"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
	"github.com/trail-dev/trail/ui"
)

// An export read back through provider = "file" shows the same events in
// the same order, with the same detail pane, as the API did.
func TestE2EExportOpensAsAFileSourceUnchanged(t *testing.T) {
	emu := canaryemu.New(canaryemu.Options{Token: "t", Now: time.Now(), Events: 260, Seed: 11})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	api := canary.New(canary.Config{Common: transport.Common{BaseURL: srv.URL}, Token: "t", PageSize: 100})
	path := sourcetest.ExportFile(t, api, "evidence.jsonl", sources.ExportOptions{Source: "prod", Provider: "canary"})
	archive, _ := openConfigured(t, file.Provider(canary.Codec()), fmt.Sprintf("[sources.archive]\nprovider = \"file\"\npath = %q\npage_size = 100\n", path))

	opts := func(src sources.Source, name string) ui.Options {
		return ui.Options{Source: src, SourceName: name, Location: time.UTC, Theme: ui.ThemeNone}
	}
	a := startE2E(t, ui.New(opts(api, "prod")), 100, 40)
	b := startE2E(t, ui.New(opts(archive, "prod")), 100, 40)
	a.waitFor("row 1 of 100 loaded")
	b.waitFor("row 1 of 100 loaded")
	// Walk both to the end, comparing the list, then each detail pane on the way.
	row := 1
	for step := 0; step < 12; step++ {
		at := fmt.Sprintf("row %d of", row)
		for _, e := range []*e2e{a, b} {
			e.waitUntil("the cursor on "+at, func(s string) bool { return strings.Contains(s, at) && strings.Contains(s, "ACTOR") })
		}
		sameScreens(t, fmt.Sprintf("step %d: the lists", step), a, b)
		for _, e := range []*e2e{a, b} {
			e.press("enter")
			e.waitUntil("the full-screen detail", func(s string) bool { return !strings.Contains(s, "ACTOR") })
		}
		sameScreens(t, fmt.Sprintf("step %d: the detail panes", step), a, b)
		for _, e := range []*e2e{a, b} {
			e.press("q") // leaves the full-screen detail
			for i := 0; i < 23; i++ {
				e.press("j")
			}
		}
		row += 23
	}
	a.quit()
	b.quit()
}

// sameScreens waits for two programs to show the same thing, failing with
// both screens if they do not within a few seconds.
func sameScreens(t *testing.T, what string, a, b *e2e) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for body(a.screen()) != body(b.screen()) || strings.Contains(a.screen(), "loading") {
		if time.Now().After(deadline) {
			t.Fatalf("%s differ\nAPI:\n%s\nfile:\n%s", what, a.screen(), b.screen())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// body is the screen without its last two lines (status and help), which
// name the provider, and without the timeline, which covers whatever each
// program happens to have loaded so far.
func body(screen string) string {
	lines := strings.Split(screen, "\n")
	if len(lines) > 2 {
		lines = lines[:len(lines)-2]
	}
	out := lines[:0]
	for _, l := range lines {
		if !timelineLine.MatchString(l) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

var timelineLine = regexp.MustCompile(`^ \d\d-\d\d \d\d:\d\d .*▆ failed|^ [▁▂▃▄▅▆▇█│ ]+$|^ timeline:`)
