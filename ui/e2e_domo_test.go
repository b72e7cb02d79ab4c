package ui_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/domo"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/ui"
)

// e2eDomoClient is the OAuth client id of the Domo end-to-end tests; the
// secret is e2eToken. Neither may be seen anywhere.
const e2eDomoClient = "trail-e2e-client-7c1d9a"

// domoConfig is a config with one Domo source against base, its credentials
// in the environment.
func domoConfig(t *testing.T, base string) string {
	t.Setenv("TRAIL_E2E_DOMO_ID", e2eDomoClient)
	t.Setenv("TRAIL_E2E_DOMO_SECRET", e2eToken)
	return fmt.Sprintf(`
default = "acme"
[ui]
timezone = "UTC"
theme = "none"
[sources.acme]
provider = "domo"
base_url = %q
client_id = "env:TRAIL_E2E_DOMO_ID"
client_secret = "env:TRAIL_E2E_DOMO_SECRET"
page_size = 50
`, base)
}

// TestE2EDomoConfiguredSourceBrowsesAndPages opens a configured Domo source
// against its emulator, walks to the end of the log with G, and moves
// between pages with [ and ]: no event twice, and the credentials nowhere.
func TestE2EDomoConfiguredSourceBrowsesAndPages(t *testing.T) {
	emu := domoemu.New(domoemu.Options{ClientID: e2eDomoClient, ClientSecret: e2eToken, Now: time.Now(), Events: 230, Seed: 7})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	src, f := openConfigured(t, domo.Provider(), domoConfig(t, srv.URL))

	m := ui.New(ui.Options{Source: src, SourceName: "acme", Provider: "domo", Location: f.UI.Location, Theme: ui.ThemeNone})
	e := startE2E(t, m, 120, 40)
	e.waitFor("page 1")
	e.waitFor("last 30 days (provider default)")
	e.toEnd(230)
	last := pageShown(t, e.screen())
	if last < 5 {
		t.Fatalf("230 events in pages of 50 ended on page %d", last)
	}
	e.press("[")
	e.waitFor(fmt.Sprintf("page %d ", last-1))
	e.press("[")
	e.waitFor(fmt.Sprintf("page %d ", last-2))
	e.press("]")
	e.waitFor(fmt.Sprintf("page %d ", last-1))
	screen := e.screen()
	out := e.quit()

	// The secret went only to the token endpoint, in the Basic header; the
	// token only in the Bearer header; neither in a URL nor on screen.
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(e2eDomoClient+":"+e2eToken))
	var tokens, pages int
	for _, r := range emu.Requests() {
		switch r.Path {
		case "/oauth/token":
			tokens++
			if r.Header.Get("Authorization") != basic {
				t.Errorf("token request without the client's Basic credentials")
			}
		case "/v1/audit":
			pages++
			if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
				t.Errorf("page request %s without a bearer token", r.RawQuery)
			}
		}
		for _, secret := range []string{e2eToken, e2eDomoClient} {
			if strings.Contains(r.RawQuery, secret) || strings.Contains(r.Path, secret) {
				t.Errorf("a credential in the URL: %s?%s", r.Path, r.RawQuery)
			}
		}
	}
	if tokens != 1 || pages != last {
		t.Errorf("%d token requests and %d page requests for %d pages", tokens, pages, last)
	}
	for _, secret := range []string{e2eToken, e2eDomoClient, basic[len("Basic "):]} {
		if bytes.Contains(out, []byte(secret)) || strings.Contains(screen, secret) {
			t.Errorf("a credential reached the terminal: %q", secret)
		}
	}

	// The same walk through the source directly: every event once.
	seen := map[string]bool{}
	for cursor := ""; ; {
		page, err := src.Fetch(context.Background(), model.Query{}, cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range page.Events {
			if seen[ev.ID] {
				t.Errorf("event %s twice", ev.ID)
			}
			seen[ev.ID] = true
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if len(seen) != 230 {
		t.Errorf("a walk saw %d of 230 events", len(seen))
	}
}

// TestE2EDomoWrongSecretSaysSoWithoutTheSecret: refused credentials show what
// to check, and the secret is nowhere.
func TestE2EDomoWrongSecretSaysSoWithoutTheSecret(t *testing.T) {
	emu := domoemu.New(domoemu.Options{ClientID: e2eDomoClient, ClientSecret: "the-right-one", Now: time.Now(), Events: 20})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	src, _ := openConfigured(t, domo.Provider(), domoConfig(t, srv.URL))
	requireRefused(t, src, "domo", "acme", 160, "Domo refused to issue an access token", "client_id", e2eToken, e2eDomoClient)
}

// pageShown reads the page number from the status line.
func pageShown(t *testing.T, screen string) int {
	t.Helper()
	m := regexp.MustCompile(`page (\d+) `).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no page number on screen:\n%s", screen)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
