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

// TestTransport: the transport tests every provider passes
// (sourcetest.RunTransport); the unreachable fetch asks for a search term.
func TestTransport(t *testing.T) {
	sourcetest.RunTransport(t, sourcetest.Transport{
		Checks: checks,
		Open: func(base string) sources.Source {
			return New(Config{Common: transport.Common{BaseURL: base, HTTP: fastHTTP}, Token: testToken})
		},
		Unreachable: model.Query{Text: "secret-search"},
		Hidden:      []string{"audit_trail", "secret-search", "limit="},
		BadBases:    []string{"", "EXAMPLE.canary.tools", "://x", "https://"},
		Slow: func(t *testing.T) sources.Source {
			_, src := startEmulator(t, canaryemu.Options{Events: 5, Latency: 3 * time.Second}, 10)
			return src
		},
		Patience: time.Second,
		Capped: func(t *testing.T) func(maxBody int64, pageSize int) sources.Source {
			srv := sourcetest.Serve(t, canaryemu.New(canaryemu.Options{Token: testToken, Events: 200, Now: testNow}))
			return func(maxBody int64, pageSize int) sources.Source {
				return New(Config{Common: transport.Common{BaseURL: srv.URL, HTTP: fastHTTP, Client: srv.Client(), MaxBody: maxBody}, Token: testToken, PageSize: pageSize})
			}
		},
		WithClient: func(c *http.Client) {
			New(Config{Common: transport.Common{BaseURL: "https://EXAMPLE.canary.tools", Client: c}})
		},
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
