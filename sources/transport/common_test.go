package transport_test

import (
	"testing"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// TestCommonOpen: the client's options come from HTTP, then the Common's
// own MaxBody, then the provider's defaults; the clock is Now or time.Now;
// the base URL is parsed.
func TestCommonOpen(t *testing.T) {
	clock := func() time.Time { return time.Unix(7, 0) }
	c := transport.Common{BaseURL: " https://h.example/p/?q=1#f ", MaxBody: 10, Now: clock,
		HTTP: transport.Options{Timeout: 3 * time.Second}}
	client, now, base := c.Open("p", transport.Options{MaxBody: 20, MaxWait: time.Minute, Timeout: time.Hour})
	o := client.Options()
	if o.Provider != "p" || o.Timeout != 3*time.Second || o.MaxBody != 10 || o.MaxWait != time.Minute {
		t.Errorf("options: provider %q, timeout %v, max body %d, max wait %v; want p, 3s, 10, 1m", o.Provider, o.Timeout, o.MaxBody, o.MaxWait)
	}
	if !now().Equal(time.Unix(7, 0)) {
		t.Errorf("clock: %v, want Now", now())
	}
	if base == nil || base.String() != "https://h.example/p/" {
		t.Errorf("base: %v, want https://h.example/p/ (the slash before a query stays)", base)
	}
	// Now reaches the transport only when the provider passes it.
	if o.Now().Equal(time.Unix(7, 0)) {
		t.Error("the transport's clock is Now though no layer passed it")
	}
	client, now, base = transport.Common{BaseURL: "example.com"}.Open("p", transport.Options{Now: clock})
	if !client.Options().Now().Equal(time.Unix(7, 0)) {
		t.Error("the defaults' clock did not reach the transport")
	}
	if time.Since(now()) > time.Hour || base != nil {
		t.Errorf("without Now and a usable base: clock %v (want time.Now), base %v (want nil)", now(), base)
	}
}

// TestConfigured: a configured source's Common carries its Env's name, clock
// and [net] settings.
func TestConfigured(t *testing.T) {
	clock := func() time.Time { return time.Unix(7, 0) }
	c := transport.Configured(sources.Env{Name: "prod", Now: clock, Timeout: 5 * time.Second, MaxWait: time.Minute}, "https://h.example")
	if c.BaseURL != "https://h.example" || c.Name != "prod" || c.Now == nil || !c.Now().Equal(time.Unix(7, 0)) {
		t.Errorf("Configured = %+v", c)
	}
	if c.HTTP.Timeout != 5*time.Second || c.HTTP.WaitCeiling != time.Minute {
		t.Errorf("HTTP: timeout %v, wait ceiling %v; want 5s, 1m", c.HTTP.Timeout, c.HTTP.WaitCeiling)
	}
}

func TestParseBase(t *testing.T) {
	for in, want := range map[string]string{
		"https://EXAMPLE.canary.tools/": "https://EXAMPLE.canary.tools",
		" http://127.0.0.1:8080/x// ":   "http://127.0.0.1:8080/x",
		"https://u:p@h.example/a?b=c#d": "https://u:p@h.example/a",
		"ftp://h.example":               "ftp://h.example",
		"h.example":                     "",
		"https://":                      "",
		"":                              "",
	} {
		got := ""
		if u := transport.ParseBase(in); u != nil {
			got = u.String()
		}
		if got != want {
			t.Errorf("ParseBase(%q) = %q, want %q", in, got, want)
		}
	}
}
