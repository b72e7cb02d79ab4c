package domo

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestContextEnds: cancellation and deadlines come back as themselves, not
// hidden in a *sources.Error, also while the server is slow to answer.
func TestContextEnds(t *testing.T) {
	_, src := startEmulator(t, domoemu.Options{Events: 5, Latency: 3 * time.Second}, Config{})
	checks.ContextEnds(t, src, time.Second)
}

// TestBodyCap: a response beyond the cap is refused, not read into memory.
func TestBodyCap(t *testing.T) {
	checks.BodyCap(t, func(maxBody int64, pageSize int) sources.Source {
		_, src := startEmulator(t, domoemu.Options{Events: 200}, Config{Common: transport.Common{MaxBody: maxBody}, PageSize: pageSize})
		return src
	})
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

// TestClientUnchanged: the redirect policy goes on a copy, not on the client
// the caller passed in.
func TestClientUnchanged(t *testing.T) {
	sourcetest.RequireClientUnchanged(t, func(c *http.Client) { New(Config{Common: transport.Common{BaseURL: DefaultBaseURL, Client: c}}) })
}
