package intercom

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// env returns an Env whose Decode copies opts and whose Secret resolves
// "env:INTERCOM" to the test token.
func env(opts Options) sources.Env {
	return sources.Env{
		Name: "prod",
		Decode: func(v any) error {
			*v.(*Options) = opts
			return nil
		},
		Secret: func(_ context.Context, ref string) (string, error) {
			switch ref {
			case "env:INTERCOM":
				return testToken + "\n", nil
			case "env:EMPTY":
				return "", nil
			}
			return "", errors.New("environment variable " + strings.TrimPrefix(ref, "env:") + " is not set")
		},
	}
}

func TestProviderOpen(t *testing.T) {
	p := Provider()
	if p.Name != "intercom" || p.Summary == "" || strings.Contains(p.Summary, "\n") || p.Demo == nil {
		t.Errorf("provider %q, summary %q, demo %v", p.Name, p.Summary, p.Demo != nil)
	}
	if _, ok := p.Options().(*Options); !ok {
		t.Errorf("Options() = %T, want *Options", p.Options())
	}
	sources.NewRegistry(p) // panics if the provider is incomplete

	em := NewEmulator(EmulatorOptions{Token: testToken, Events: 50})
	srv := newServer(t, em)
	e := env(Options{BaseURL: srv.URL + "/", Token: "env:INTERCOM", APIVersion: "2.11", PageSize: 25})
	e.Client = srv.Client()
	src, err := p.Open(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(em.Requests()); n != 0 {
		t.Errorf("Open made %d requests; it must not touch the network", n)
	}
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
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
		_, err := Provider().Open(context.Background(), env(tt.opts))
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, s := range tt.says {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: error %q does not say %q", tt.name, err, s)
			}
		}
		requireNoToken(t, tt.name, err.Error())
	}
	bad := env(Options{})
	bad.Decode = func(any) error { return errors.New("line 4: unknown key \"tokn\"") }
	if _, err := Provider().Open(context.Background(), bad); err == nil || !strings.Contains(err.Error(), "tokn") {
		t.Errorf("decode error: %v", err)
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
