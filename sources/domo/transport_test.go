package domo

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestTransport: the transport tests every provider passes
// (sourcetest.RunTransport); the unreachable fetch is the token request,
// whose error must show none of the grant.
func TestTransport(t *testing.T) {
	sourcetest.RunTransport(t, sourcetest.Transport{
		Checks: checks,
		Open: func(base string) sources.Source {
			return New(Config{Common: transport.Common{BaseURL: base, HTTP: fastHTTP}, ClientID: testClientID, ClientSecret: testSecret})
		},
		Hidden:   []string{"oauth", "grant_type", "scope="},
		BadBases: []string{"", "api.domo.com", "://x", "https://"},
		Slow: func(t *testing.T) sources.Source {
			_, src := startEmulator(t, domoemu.Options{Events: 5, Latency: 3 * time.Second}, Config{})
			return src
		},
		Patience: time.Second,
		Capped: func(t *testing.T) func(maxBody int64, pageSize int) sources.Source {
			return func(maxBody int64, pageSize int) sources.Source {
				_, src := startEmulator(t, domoemu.Options{Events: 200}, Config{Common: transport.Common{MaxBody: maxBody}, PageSize: pageSize})
				return src
			}
		},
		WithClient: func(c *http.Client) { New(Config{Common: transport.Common{BaseURL: DefaultBaseURL, Client: c}}) },
	})
	if u, _ := url.Parse(DefaultBaseURL); u.Scheme != "https" {
		t.Errorf("default base URL %s is not https", DefaultBaseURL)
	}
}

// TestRedirects: redirects are followed only on the same scheme and host, so
// neither the client's credentials nor the token go anywhere else.
func TestRedirects(t *testing.T) {
	em := domoemu.New(domoemu.Options{ClientID: testClientID, ClientSecret: testSecret, Events: 4, Now: testNow})
	other, elsewhere := sourcetest.Elsewhere(t)
	mux := http.NewServeMux()
	mux.Handle("/", em)
	mux.HandleFunc("/old/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/oauth/token?"+r.URL.RawQuery, http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/old/v1/audit", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/v1/audit?"+r.URL.RawQuery, http.StatusMovedPermanently)
	})
	mux.HandleFunc("/away/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/oauth/token", http.StatusTemporaryRedirect)
	})
	srv := sourcetest.Serve(t, mux)
	now := func() time.Time { return testNow }
	src := New(Config{Common: transport.Common{BaseURL: srv.URL + "/old", HTTP: fastHTTP, Client: srv.Client(), Now: now}, ClientID: testClientID, ClientSecret: testSecret})
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil || len(page.Events) != 4 {
		t.Fatalf("same-host redirects: %d events, %v; want them followed", len(page.Events), err)
	}
	src = New(Config{Common: transport.Common{BaseURL: srv.URL + "/away", HTTP: fastHTTP, Client: srv.Client(), Now: now}, ClientID: testClientID, ClientSecret: testSecret})
	_, err = src.Fetch(context.Background(), model.Query{}, "")
	checks.Error(t, err, sources.ErrBadQuery, http.StatusTemporaryRedirect, "redirected", "base_url")
	if n := elsewhere(); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
}
