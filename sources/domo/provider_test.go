package domo

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// env returns an Env whose Decode copies opts and whose Secret resolves
// env:ID and env:SECRET to the test credentials.
func env(opts Options) sources.Env {
	return sources.Env{
		Name: "prod",
		Decode: func(v any) error {
			*v.(*Options) = opts
			return nil
		},
		Secret: func(_ context.Context, ref string) (string, error) {
			switch ref {
			case "env:ID":
				return testClientID + "\n", nil
			case "env:SECRET":
				return testSecret + "\n", nil
			case "env:EMPTY":
				return "", nil
			}
			return "", errors.New("environment variable " + strings.TrimPrefix(ref, "env:") + " is not set")
		},
		Now: func() time.Time { return testNow },
	}
}

func TestProviderOpen(t *testing.T) {
	p := Provider()
	if p.Name != "domo" || p.Summary == "" || strings.Contains(p.Summary, "\n") || p.Demo == nil {
		t.Errorf("provider %q, summary %q", p.Name, p.Summary)
	}
	if _, ok := p.Options().(*Options); !ok {
		t.Errorf("Options() = %T, want *Options", p.Options())
	}
	sources.NewRegistry(p) // panics if the provider is incomplete

	em := NewEmulator(EmulatorOptions{ClientID: testClientID, ClientSecret: testSecret, Events: 700, Now: testNow})
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	e := env(Options{BaseURL: srv.URL + "/", ClientID: "env:ID", ClientSecret: "env:SECRET"})
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
	if len(page.Events) != defaultPageSize || em.Requests()[1].Query.Get("limit") != "500" {
		t.Errorf("default page size gave %d events, want %d", len(page.Events), defaultPageSize)
	}
	if caps := sources.CapabilitiesOf(src); caps.DefaultWindow != DefaultWindow {
		t.Errorf("opened source reports window %v", caps.DefaultWindow)
	}

	d := env(Options{ClientID: "env:ID", ClientSecret: "env:SECRET", PageSize: 1000})
	src, err = p.Open(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	if s := src.(*Source); s.tokenURL.String() != DefaultBaseURL+"/oauth/token" || s.audit.String() != DefaultBaseURL+"/v1/audit" || s.pageSize != 1000 {
		t.Errorf("defaults: token %s, audit %s, page size %d", s.tokenURL, s.audit, s.pageSize)
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
		requireNoSecret(t, tt.name, err.Error())
	}
}

// TestDemo: the demo serves the real client on loopback, and stops.
func TestDemo(t *testing.T) {
	src, stop, err := Provider().Demo(context.Background(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil || len(page.Events) != defaultPageSize || page.Next == "" {
		t.Fatalf("demo first page: %d events, next %q, %v", len(page.Events), page.Next, err)
	}
	all, _ := walkAll(t, src, model.Query{})
	requireNoRepeats(t, all)
	if want := DemoOptions(time.Now()).Events; len(all) != want {
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
