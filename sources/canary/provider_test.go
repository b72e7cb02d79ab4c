package canary

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// env returns an Env whose Decode copies opts and whose Secret resolves
// "env:CANARY" to the test token.
func env(opts Options) sources.Env {
	return sources.Env{
		Name: "prod",
		Decode: func(v any) error {
			*v.(*Options) = opts
			return nil
		},
		Secret: func(_ context.Context, ref string) (string, error) {
			switch ref {
			case "env:CANARY":
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
	if p.Name != "canary" || p.Summary == "" || strings.Contains(p.Summary, "\n") {
		t.Errorf("provider %q, summary %q", p.Name, p.Summary)
	}
	if _, ok := p.Options().(*Options); !ok {
		t.Errorf("Options() = %T, want *Options", p.Options())
	}
	sources.NewRegistry(p) // panics if the provider is incomplete

	em := NewEmulator(EmulatorOptions{Token: testToken, Events: 250, Now: testNow})
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	e := env(Options{BaseURL: srv.URL + "/", Token: "env:CANARY"})
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
	if len(page.Events) != 100 {
		t.Errorf("default page size gave %d events, want 100", len(page.Events))
	}
	if got := em.Requests()[0].Header.Get("X-Canary-Auth-Token"); got != testToken {
		t.Errorf("token sent as %q, want the resolved secret, trimmed", got)
	}
}

func TestProviderOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		says []string
	}{
		{"no base_url", Options{Token: "env:CANARY"}, []string{"base_url", `source "prod"`, "https://EXAMPLE.canary.tools"}},
		{"no token", Options{BaseURL: "https://EXAMPLE.canary.tools"}, []string{"no token", "token = ", "Settings › API"}},
		{"unset secret", Options{BaseURL: "https://EXAMPLE.canary.tools", Token: "env:NOPE"}, []string{"reading the token", "NOPE is not set"}},
		{"empty secret", Options{BaseURL: "https://EXAMPLE.canary.tools", Token: "env:EMPTY"}, []string{"token", "empty"}},
		{"page_size too big", Options{BaseURL: "https://EXAMPLE.canary.tools", Token: "env:CANARY", PageSize: 5000}, []string{"page_size 5000", "1 to 1000"}},
		{"page_size negative", Options{BaseURL: "https://EXAMPLE.canary.tools", Token: "env:CANARY", PageSize: -1}, []string{"page_size -1"}},
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

func TestCheckPageSize(t *testing.T) {
	for in, want := range map[int]int{0: 100, 1: 1, 250: 250, 1000: 1000, 1001: 0, -5: 0} {
		got, err := checkPageSize(in)
		if got != want || (err != nil) != (want == 0) {
			t.Errorf("checkPageSize(%d) = %d, %v; want %d", in, got, err, want)
		}
	}
}
