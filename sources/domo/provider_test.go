package domo

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// env returns an Env whose Decode copies opts and whose Secret resolves
// env:ID and env:SECRET to the test credentials.
func env(opts Options) sources.Env {
	e := sourcetest.Env(opts, map[string]string{"env:ID": testClientID + "\n", "env:SECRET": testSecret + "\n", "env:EMPTY": ""})
	e.Now = func() time.Time { return testNow }
	return e
}

func TestProviderOpen(t *testing.T) {
	p := Provider().WithDemo(Demo(domoemu.Demo)) // as main.go registers it
	sourcetest.RequireProvider[Options](t, p, "domo")

	em := domoemu.New(domoemu.Options{ClientID: testClientID, ClientSecret: testSecret, Events: 700, Now: testNow})
	srv := sourcetest.Serve(t, em)
	e := env(Options{BaseURL: srv.URL + "/", ClientID: "env:ID", ClientSecret: "env:SECRET"})
	e.Client = srv.Client()
	src, page := sourcetest.RequireOpenOffline(t, p, e, em.Received)
	if len(page.Events) != defaultPageSize || em.Requests()[1].Query.Get("limit") != "500" {
		t.Errorf("default page size gave %d events, want %d", len(page.Events), defaultPageSize)
	}
	if caps := sources.CapabilitiesOf(src); caps.DefaultWindow != DefaultWindow {
		t.Errorf("opened source reports window %v", caps.DefaultWindow)
	}

	d := env(Options{ClientID: "env:ID", ClientSecret: "env:SECRET", PageSize: 1000})
	src, err := p.Open(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	if s := src.(*Source); s.tokenURL.String() != DefaultBaseURL+"/oauth/token" || s.audit.String() != DefaultBaseURL+"/v1/audit" || s.pageSize != 1000 ||
		s.loc.String() != DefaultTimezone {
		t.Errorf("defaults: token %s, audit %s, page size %d, zone %v", s.tokenURL, s.audit, s.pageSize, s.loc)
	}
	src, err = p.Open(context.Background(), env(Options{ClientID: "env:ID", ClientSecret: "env:SECRET", Timezone: "Europe/Berlin"}))
	if err != nil || src.(*Source).loc.String() != "Europe/Berlin" {
		t.Errorf("timezone Europe/Berlin: %v", err)
	}
}

func TestProviderOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		says []string
	}{
		{"no client_id", Options{ClientSecret: "env:SECRET"}, []string{"no client_id", `source "prod"`, `client_id = "env:DOMO_CLIENT_ID"`, "Manage Clients"}},
		{"no client_secret", Options{ClientID: "env:ID"}, []string{"no client_secret", `client_secret = "env:DOMO_CLIENT_SECRET"`}},
		{"unset secret", Options{ClientID: "env:ID", ClientSecret: "env:NOPE"}, []string{"reading the client_secret", "NOPE is not set"}},
		{"empty secret", Options{ClientID: "env:EMPTY", ClientSecret: "env:SECRET"}, []string{"client_id", "empty"}},
		{"page_size too big", Options{ClientID: "env:ID", ClientSecret: "env:SECRET", PageSize: 5000}, []string{"page_size 5000", "1 to 1000"}},
		{"page_size negative", Options{ClientID: "env:ID", ClientSecret: "env:SECRET", PageSize: -1}, []string{"page_size -1"}},
		{"unknown timezone", Options{ClientID: "env:ID", ClientSecret: "env:SECRET", Timezone: "Mars/Olympus"}, []string{`source "prod"`, `timezone "Mars/Olympus" is not known`, "America/Denver"}},
		{"local timezone", Options{ClientID: "env:ID", ClientSecret: "env:SECRET", Timezone: "Local"}, []string{"this machine's zone, not Domo's"}},
	}
	for _, tt := range tests {
		checks.OpenError(t, Provider(), tt.name, env(tt.opts), tt.says...)
	}
}

// TestDemo: the demo serves the real client on loopback, and stops.
func TestDemo(t *testing.T) {
	var debug bytes.Buffer
	src, stop, err := Demo(domoemu.Demo)(context.Background(), sourcetest.DemoEnv(time.Now(), &debug))
	if err != nil {
		t.Fatal(err)
	}
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil || len(page.Events) != defaultPageSize || page.Next == "" {
		t.Fatalf("demo first page: %d events, next %q, %v", len(page.Events), page.Next, err)
	}
	if !strings.Contains(debug.String(), "msg=http") {
		t.Errorf("the demo's request is not in the debug log: %q", debug.String())
	}
	all, _ := sourcetest.WalkAll(t, src, model.Query{})
	requireNoRepeats(t, all)
	if want := domoemu.DemoOptions(time.Now()).Events; len(all) != want {
		t.Errorf("the demo holds %d events in its default window; want all %d", len(all), want)
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	if err := stop(); err != nil {
		t.Errorf("second stop: %v", err)
	}
	if _, err := src.Fetch(context.Background(), model.Query{}, page.Next); !errors.Is(err, sources.ErrUnavailable) {
		t.Errorf("fetch after stop: %v; want unavailable", err)
	}
}
