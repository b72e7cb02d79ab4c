package ui_test

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/sources/qualtrics"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/ui"
)

// A configured Qualtrics source browses the configured activity type, pages
// to the end, and switches type from the filter pane twice: once by choosing
// a type the source listed from /logs/activitytypes, once by typing one.
func TestE2EQualtricsBrowsesSwitchesActivityTypeAndPages(t *testing.T) {
	emu := qualtricsemu.New(qualtricsemu.Options{
		Token: e2eToken, Now: time.Now(), Events: 300, Seed: 4, Span: 6 * 24 * time.Hour,
		Types: []string{"logins", "session_creations", "response_exports"},
	})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	count := map[string]int{}
	for _, e := range emu.Entries() {
		count[e.Type]++
	}
	t.Setenv("TRAIL_E2E_QUALTRICS", e2eToken)
	src, f := openConfigured(t, qualtrics.Provider(), fmt.Sprintf(`
[ui]
timezone = "UTC"
theme = "none"
[sources.brand]
provider = "qualtrics"
base_url = %q
token = "env:TRAIL_E2E_QUALTRICS"
activity_type = "logins"
page_size = 25
`, srv.URL+"/API/v3"))

	m := ui.New(ui.Options{Source: src, SourceName: "brand", Provider: "qualtrics", Location: f.UI.Location, Theme: ui.ThemeNone})
	e := startE2E(t, m, 120, 40)
	e.waitFor("page 1")
	e.waitFor("last 7 days (provider default)")
	e.waitFor("logins")
	e.toEnd(count["logins"])

	// Choose a type only /logs/activitytypes knows: f, tab to action, type
	// part of it, ↓ to choose, enter to apply.
	e.press("f")
	e.waitFor("filter")
	for range 4 { // the query line → since → until → actor → action
		qualtricsKey(e, tea.KeyTab)
	}
	qualtricsType(e, "resp")
	qualtricsKey(e, tea.KeyDown)
	e.waitFor("response_exports")
	qualtricsKey(e, tea.KeyEnter)
	e.waitFor("action = response_exports")
	e.toEnd(count["response_exports"])

	// Type another type over it, in other case.
	e.press("f")
	for range 4 {
		qualtricsKey(e, tea.KeyTab)
	}
	for range len("response_exports") {
		qualtricsKey(e, tea.KeyBackspace)
	}
	qualtricsType(e, "Session_Creations")
	qualtricsKey(e, tea.KeyEnter)
	e.waitFor("action = Session_Creations")
	e.toEnd(count["session_creations"])
	screen := e.screen()
	out := e.quit()

	// Each walk asked for its type, from the first page, the token only in a
	// header; later pages sent their skipToken with the original filters.
	var walks []string
	for _, r := range emu.Requests() {
		if r.Header.Get("X-API-TOKEN") != e2eToken || strings.Contains(r.RawQuery, e2eToken) {
			t.Errorf("request %s: the token is not in the header only", r.Path)
		}
		if r.Path != "/API/v3/logs" {
			continue
		}
		if !r.Query.Has("skipToken") {
			walks = append(walks, r.Query.Get("activityType"))
		} else if r.Query.Get("order") != "dsc" || r.Query.Get("startDate") == "" || r.Query.Get("pageSize") != "25" {
			t.Errorf("a later page without the original filters: %s", r.RawQuery)
		}
	}
	if want := []string{"logins", "response_exports", "session_creations"}; strings.Join(walks, " ") != strings.Join(want, " ") {
		t.Errorf("walks of %v; want %v", walks, want)
	}
	if bytes.Contains(out, []byte(e2eToken)) || strings.Contains(screen, e2eToken) {
		t.Error("the token reached the terminal")
	}
}

// A data center that proxies the request says which host to use; the
// notice reaches the status line, with the base_url to set.
func TestE2EQualtricsShowsTheDataCenterNotice(t *testing.T) {
	emu := qualtricsemu.New(qualtricsemu.Options{Token: e2eToken, Now: time.Now(), Events: 40, ProxiedTo: "fra1.qualtrics.com"})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	src, _ := openConfigured(t, qualtrics.Provider(), fmt.Sprintf("[sources.brand]\nprovider = \"qualtrics\"\nbase_url = %q\ntoken = %q\n", srv.URL, e2eToken))
	e := startE2E(t, ui.New(ui.Options{Source: src, SourceName: "brand", Provider: "qualtrics", Theme: ui.ThemeNone}), 240, 30)
	e.waitFor(`use this host instead: fra1.qualtrics.com (set base_url = "https://fra1.qualtrics.com/API/v3")`)
	e.quit()
}

func qualtricsKey(e *e2e, code rune) { e.tm.Send(tea.KeyPressMsg{Code: code}) }

func qualtricsType(e *e2e, s string) {
	for _, r := range s {
		e.tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}
