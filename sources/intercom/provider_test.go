package intercom

import (
	"context"
	"testing"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// env returns an Env whose Decode copies opts and whose Secret resolves
// "env:INTERCOM" to the test token.
func env(opts Options) sources.Env {
	return sourcetest.Env(opts, map[string]string{"env:INTERCOM": testToken + "\n", "env:EMPTY": ""})
}

func TestProviderOpen(t *testing.T) {
	p := Provider().WithDemo(Demo(intercomemu.Demo)) // as main.go registers it
	sourcetest.RequireProvider[Options](t, p, "intercom")

	em := intercomemu.New(intercomemu.Options{Token: testToken, Events: 50})
	srv := sourcetest.Serve(t, em)
	e := env(Options{BaseURL: srv.URL + "/", Token: "env:INTERCOM", APIVersion: "2.11", PageSize: 25})
	e.Client = srv.Client()
	_, page := sourcetest.RequireOpenOffline(t, p, e, em.Received)
	if len(page.Events) != 25 {
		t.Errorf("page_size 25 gave %d events", len(page.Events))
	}
	h := em.Requests()[0].Header
	if h.Get("Authorization") != "Bearer "+testToken || h.Get("Intercom-Version") != "2.11" {
		t.Errorf("token sent trimmed: %v, version %q; want the resolved secret and 2.11", h.Get("Authorization") == "Bearer "+testToken, h.Get("Intercom-Version"))
	}
}

func TestProviderDefaults(t *testing.T) {
	src, err := Provider().Open(context.Background(), env(Options{Token: "env:INTERCOM"}))
	if err != nil {
		t.Fatal(err)
	}
	s := src.(*Source)
	if s.endpoint.String() != "https://api.intercom.io/admins/activity_logs" || s.version != "2.16" || s.pageSize != 0 {
		t.Errorf("defaults: endpoint %s, version %q, page size %d", s.endpoint, s.version, s.pageSize)
	}
	src, err = Provider().Open(context.Background(), env(Options{Token: "env:INTERCOM", BaseURL: "https://api.au.intercom.io", APIVersion: "Unstable"}))
	if err != nil {
		t.Fatal(err)
	}
	if s := src.(*Source); s.endpoint.String() != "https://api.au.intercom.io/admins/activity_logs" || s.version != "Unstable" {
		t.Errorf("AU: endpoint %s, version %q", s.endpoint, s.version)
	}
}

func TestProviderOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		says []string
	}{
		{"no token", Options{}, []string{"no token", `source "prod"`, "token = ", "Developer Hub"}},
		{"unset secret", Options{Token: "env:NOPE"}, []string{"reading the token", "NOPE is not set"}},
		{"empty secret", Options{Token: "env:EMPTY"}, []string{"token", "empty"}},
		{"api_version", Options{Token: "env:INTERCOM", APIVersion: "v2"}, []string{`api_version "v2"`, `"2.16"`}},
		{"page_size too big", Options{Token: "env:INTERCOM", PageSize: 500}, []string{"page_size 500", "1 to 250"}},
		{"page_size negative", Options{Token: "env:INTERCOM", PageSize: -1}, []string{"page_size -1"}},
	}
	for _, tt := range tests {
		checks.OpenError(t, Provider(), tt.name, env(tt.opts), tt.says...)
	}
}

func TestCheckVersion(t *testing.T) {
	for in, want := range map[string]string{"": "2.16", " 2.9 ": "2.9", "1.4": "1.4", "2.17": "2.17", "Unstable": "Unstable", "Preview": "Preview",
		"2": "", "v2.16": "", "2.x": "", "unstable": "", "2.16; x": "", "12345.1": ""} {
		got, err := checkVersion(in)
		if got != want || (err != nil) != (want == "") {
			t.Errorf("checkVersion(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
