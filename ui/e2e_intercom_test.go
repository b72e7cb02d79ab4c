package ui_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/sources/intercom"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/ui"
)

// TestE2EIntercomBrowsesPagesAndShowsChanges opens a configured Intercom
// source against its emulator, pages to the end of the log by following
// pages.next, and finds the app rename, whose detail shows before → after.
func TestE2EIntercomBrowsesPagesAndShowsChanges(t *testing.T) {
	emu := intercomemu.New(intercomemu.Options{Token: e2eToken, Now: time.Now(), Events: 120, Seed: 7})
	var before, after string
	for _, e := range emu.Entries() {
		if e.ActivityType == "app_name_change" {
			var md struct{ Before, After string }
			if err := json.Unmarshal(e.Metadata, &md); err != nil {
				t.Fatal(err)
			}
			before, after = md.Before, md.After
		}
	}
	if before == "" || after == "" {
		t.Fatal("the emulator's log has no app_name_change with before and after")
	}
	src, f := serveConfigured(t, intercom.Provider(), emu, "TRAIL_E2E_INTERCOM_TOKEN", `
default = "workspace"
[ui]
timezone = "UTC"
theme = "none"
[sources.workspace]
provider = "intercom"
base_url = %q
token = "env:TRAIL_E2E_INTERCOM_TOKEN"
page_size = 25
api_version = "2.15"
`)

	m := ui.New(ui.Options{Source: src, SourceName: "workspace", Provider: "intercom", Location: f.UI.Location, Theme: ui.ThemeNone})
	e := startE2E(t, m, 120, 40)
	e.waitFor("page 1 of 5")
	e.waitFor("last 30 days (provider default)")
	e.toEnd(120)

	// Search what is loaded for the rename and open it full screen.
	e.search("app_name_change")
	e.waitFor("match 1 of 1")
	e.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	e.waitFor("changes")
	e.waitFor("app_name: " + before + " → " + after)
	screen := e.screen()
	e.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) // back from the full-screen detail, so q quits
	out := e.quit()

	reqs := emu.Requests()
	if len(reqs) != 5 {
		t.Errorf("%d requests for 5 pages", len(reqs))
	}
	for i, r := range reqs {
		if r.Status != 200 || r.Header.Get("Authorization") != "Bearer "+e2eToken || r.Header.Get("Intercom-Version") != "2.15" {
			t.Errorf("request %d: status %d, version %q, token sent %v", i+1, r.Status, r.Header.Get("Intercom-Version"),
				r.Header.Get("Authorization") == "Bearer "+e2eToken)
		}
		if i > 0 && r.Query.Get("page") != fmt.Sprint(i+1) {
			t.Errorf("request %d %q does not follow pages.next", i+1, r.RawQuery)
		}
		if strings.Contains(r.RawQuery, e2eToken) {
			t.Errorf("token in the URL: %s", r.RawQuery)
		}
	}
	if bytes.Contains(out, []byte(e2eToken)) || strings.Contains(screen, e2eToken) {
		t.Error("the token reached the terminal")
	}
}
