package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/trail-dev/trail/config"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/ui"
)

// These end-to-end tests wire a config file, the provider registry, the real
// client and its emulator on loopback, and the whole Bubble Tea program, the
// way main.go does. They live in package ui_test: the ui package itself never
// imports config or a provider.

// e2eToken is a token that must never be seen anywhere.
const e2eToken = "tr41l-e2e-s3cr3t-T0KEN"

// serveConfigured serves em on loopback for the test, puts the e2e token
// in the environment variable env, and opens the config table (its %q the
// server's address) as openConfigured does.
func serveConfigured(t testing.TB, p sources.Provider, em http.Handler, env, table string) (sources.Source, *config.File) {
	t.Helper()
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	t.Setenv(env, e2eToken)
	return openConfigured(t, p, fmt.Sprintf(table, srv.URL))
}

// openConfigured writes a config with one source of provider p, loads and
// checks it, and opens the source as main.go does.
func openConfigured(t testing.TB, p sources.Provider, table string) (sources.Source, *config.File) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(table), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := config.Load(path)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	name := f.Names()[0]
	if entry, _ := f.Source(name); entry.Provider != p.Name {
		t.Fatalf("config names provider %q, test opens %q", entry.Provider, p.Name)
	}
	if err := f.Decode(name, p.Options()); err != nil {
		t.Fatalf("decode: %v", err)
	}
	src, err := p.Open(context.Background(), sources.Env{
		Name: name, Decode: func(v any) error { return f.Decode(name, v) }, Secret: config.ResolveSecret,
	})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return src, f
}

// recorder is the UI model with each frame it draws kept, colours stripped,
// so a test can wait for what is on screen rather than for bytes in the
// terminal stream (the renderer sends only changed cells).
type recorder struct {
	ui.Model
	frame *atomic.Pointer[string]
}

func (r recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := r.Model.Update(msg)
	r.Model = m.(ui.Model)
	return r, cmd
}

func (r recorder) View() tea.View {
	v := r.Model.View()
	s := ansi.Strip(v.Content)
	r.frame.Store(&s)
	return v
}

// e2e runs a UI model as a real program on a fake terminal.
type e2e struct {
	t     *testing.T
	tm    *teatest.TestModel
	frame *atomic.Pointer[string]
}

func startE2E(t *testing.T, m ui.Model, w, h int) *e2e {
	frame := new(atomic.Pointer[string])
	tm := teatest.NewTestModel(t, recorder{Model: m, frame: frame}, teatest.WithInitialTermSize(w, h))
	return &e2e{t: t, tm: tm, frame: frame}
}

func (e *e2e) screen() string {
	if s := e.frame.Load(); s != nil {
		return *s
	}
	return ""
}

func (e *e2e) waitFor(what string) {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(e.screen(), what) {
		if time.Now().After(deadline) {
			e.t.Fatalf("screen never showed %q:\n%s", what, e.screen())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (e *e2e) waitUntil(what string, cond func(screen string) bool) {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond(e.screen()) {
		if time.Now().After(deadline) {
			e.t.Fatalf("screen never showed %s:\n%s", what, e.screen())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// toEnd pages to the end of the log with G, as a user does, and checks
// that all n events were loaded.
func (e *e2e) toEnd(n int) {
	e.t.Helper()
	if n == 0 {
		e.t.Fatal("the emulator generated no events for this test")
	}
	for i := 0; i < 20 && !strings.Contains(e.screen(), "end of log"); i++ {
		e.press("G")
		time.Sleep(100 * time.Millisecond)
	}
	e.waitFor("end of log")
	e.press("G")
	e.waitFor(fmt.Sprintf("row %d of %d loaded", n, n))
}

func (e *e2e) press(k string) {
	r := []rune(k)[0]
	e.tm.Send(tea.KeyPressMsg{Code: r, Text: k})
}

// search types / text enter: a search, as a user starts one.
func (e *e2e) search(text string) {
	e.press("/")
	for _, r := range text {
		e.press(string(r))
	}
	e.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
}

// quit ends the program and returns everything it wrote to the terminal.
func (e *e2e) quit() []byte {
	e.press("q")
	e.tm.WaitFinished(e.t, teatest.WithFinalTimeout(5*time.Second))
	var b bytes.Buffer
	_, _ = b.ReadFrom(e.tm.FinalOutput(e.t))
	return b.Bytes()
}

func TestE2ECanaryConfiguredSourceBrowsesAndPages(t *testing.T) {
	now := time.Now()
	emu := canaryemu.New(canaryemu.Options{Token: e2eToken, Now: now, Events: 230, Seed: 7})
	src, f := serveConfigured(t, canary.Provider(), emu, "TRAIL_E2E_TOKEN", `
default = "prod"
[ui]
timezone = "UTC"
theme = "none"
[sources.prod]
provider = "canary"
base_url = %q
token = "env:TRAIL_E2E_TOKEN"
page_size = 50
`)

	m := ui.New(ui.Options{Source: src, SourceName: "prod", Provider: "canary", Location: f.UI.Location, Theme: ui.ThemeNone})
	e := startE2E(t, m, 120, 40)
	e.waitFor("page 1 of 5")
	e.toEnd(230)
	e.press("[")
	e.waitFor("page 4 of 5")
	e.press("[")
	e.waitFor("page 3 of 5")
	e.press("]")
	e.waitFor("page 4 of 5")
	screen := e.screen()
	out := e.quit()

	// The token went only in the header: never in a URL, never on screen.
	reqs := emu.Requests()
	if len(reqs) != 5 {
		t.Errorf("%d requests for 5 pages", len(reqs))
	}
	for _, r := range reqs {
		if r.Header.Get("X-Canary-Auth-Token") != e2eToken {
			t.Errorf("request %s without the token header", r.RawQuery)
		}
		if strings.Contains(r.RawQuery, e2eToken) || strings.Contains(r.Path, e2eToken) {
			t.Errorf("token in the URL: %s?%s", r.Path, r.RawQuery)
		}
	}
	if bytes.Contains(out, []byte(e2eToken)) || strings.Contains(screen, e2eToken) {
		t.Error("the token reached the terminal")
	}
}

func TestE2ECanaryWrongTokenSaysSoWithoutTheToken(t *testing.T) {
	emu := canaryemu.New(canaryemu.Options{Token: "the-right-one", Now: time.Now(), Events: 20})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	src, _ := openConfigured(t, canary.Provider(), fmt.Sprintf(`
[sources.prod]
provider = "canary"
base_url = %q
token = %q
`, srv.URL, e2eToken))
	requireRefused(t, src, "canary", "prod", 100, "Unauthorized", "token", e2eToken)
}

// requireRefused runs the UI, width columns wide, on src, named name, whose
// provider refuses its credentials, until shown is on screen; it fails t
// unless the screen says to check hint and no secret is on it or in the
// terminal's output, nor in the error of the same fetch made through the
// source directly.
func requireRefused(t *testing.T, src sources.Source, provider, name string, width int, shown, hint string, secrets ...string) {
	t.Helper()
	m := ui.New(ui.Options{Source: src, SourceName: name, Provider: provider, Theme: ui.ThemeNone})
	e := startE2E(t, m, width, 30)
	e.waitFor(shown)
	screen := e.screen()
	out := e.quit()
	if !strings.Contains(screen, hint) {
		t.Errorf("the error does not say to check the %s:\n%s", hint, screen)
	}
	_, err := src.Fetch(context.Background(), model.Query{}, "")
	if err == nil {
		t.Error("the source's own fetch did not fail")
	}
	for _, secret := range secrets {
		if strings.Contains(screen, secret) || bytes.Contains(out, []byte(secret)) {
			t.Errorf("a credential is on screen:\n%s", screen)
		}
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("error %v carries a credential", err)
		}
	}
}
