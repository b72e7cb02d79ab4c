package canary

import (
	"testing"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// env returns an Env whose Decode copies opts and whose Secret resolves
// "env:CANARY" to the test token.
func env(opts Options) sources.Env {
	return sourcetest.Env(opts, map[string]string{"env:CANARY": testToken + "\n", "env:EMPTY": ""})
}

func TestProviderOpen(t *testing.T) {
	p := Provider().WithDemo(Demo(canaryemu.Demo)) // as main.go registers it
	sourcetest.RequireProvider[Options](t, p, "canary")

	em := canaryemu.New(canaryemu.Options{Token: testToken, Events: 250, Now: testNow})
	srv := sourcetest.Serve(t, em)
	e := env(Options{BaseURL: srv.URL + "/", Token: "env:CANARY"})
	e.Client = srv.Client()
	_, page := sourcetest.RequireOpenOffline(t, p, e, em.Received)
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
		checks.OpenError(t, Provider(), tt.name, env(tt.opts), tt.says...)
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
