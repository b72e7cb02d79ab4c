package canary

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestUnreachable: a refused connection is ErrUnavailable, naming the host
// but not the path or query.
func TestUnreachable(t *testing.T) {
	checks.UnreachableFetch(t, func(base string) sources.Source {
		return New(Config{Common: transport.Common{BaseURL: base, HTTP: fastHTTP}, Token: testToken})
	},
		model.Query{Text: "secret-search"}, "audit_trail", "secret-search", "limit=")
}

// TestContextEnds: cancellation and deadlines come back as themselves, not
// hidden in a *sources.Error, also while the server is slow to answer.
func TestContextEnds(t *testing.T) {
	_, src := startEmulator(t, canaryemu.Options{Events: 5, Latency: 3 * time.Second}, 10)
	checks.ContextEnds(t, src, time.Second)
}

// TestBodyCap: a response beyond the cap is refused, not read into memory.
func TestBodyCap(t *testing.T) {
	srv := sourcetest.Serve(t, canaryemu.New(canaryemu.Options{Token: testToken, Events: 200, Now: testNow}))
	checks.BodyCap(t, func(maxBody int64, pageSize int) sources.Source {
		return New(Config{Common: transport.Common{BaseURL: srv.URL, HTTP: fastHTTP, Client: srv.Client(), MaxBody: maxBody}, Token: testToken, PageSize: pageSize})
	})
}

// TestRedirects: the token travels in a header Go would forward anywhere, so
// redirects are followed only on the same scheme and host.
func TestRedirects(t *testing.T) {
	em := canaryemu.New(canaryemu.Options{Token: testToken, Events: 4, Now: testNow})
	srv := sourcetest.ServeMoved(t, em, "/old", http.StatusMovedPermanently)
	src := New(Config{Common: transport.Common{BaseURL: srv.URL + "/old", HTTP: fastHTTP, Client: srv.Client()}, Token: testToken})
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	sourcetest.RequireFollowed(t, page, err, 4)
	if reqs := em.Requests(); len(reqs) != 1 || reqs[0].Header.Get("X-Canary-Auth-Token") != testToken {
		t.Errorf("the redirected request did not carry the token header: %+v", reqs)
	}
}

// TestBadBaseURL: New never fails; Fetch says what is wrong, without a request.
func TestBadBaseURL(t *testing.T) {
	sourcetest.RequireBaseURLRefused(t, []string{"", "EXAMPLE.canary.tools", "://x", "https://"}, func(base string) error {
		_, err := New(Config{Common: transport.Common{BaseURL: base, HTTP: fastHTTP}, Token: testToken}).Fetch(context.Background(), model.Query{}, "")
		return err
	})
}

// TestDefaultClientUnchanged: the redirect policy goes on a copy, not on the
// client the caller passed in.
func TestDefaultClientUnchanged(t *testing.T) {
	sourcetest.RequireClientUnchanged(t, func(c *http.Client) {
		New(Config{Common: transport.Common{BaseURL: "https://EXAMPLE.canary.tools", Client: c}})
	})
}
