package intercom

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestTransport: the transport tests every provider passes
// (sourcetest.RunTransport).
func TestTransport(t *testing.T) {
	sourcetest.RunTransport(t, sourcetest.Transport{
		Checks: checks,
		Open: func(base string) sources.Source {
			return New(Config{Common: transport.Common{BaseURL: base, HTTP: fastHTTP}, Token: testToken})
		},
		Hidden:   []string{"activity_logs", "created_at"},
		BadBases: []string{"api.intercom.io", "://x", "https://", "ftp://api.intercom.io"},
		Slow: func(t *testing.T) sources.Source {
			_, src := startEmulator(t, intercomemu.Options{Events: 5, Latency: 3 * time.Second}, 10)
			return src
		},
		Patience: 3 * time.Second,
		Capped: func(t *testing.T) func(maxBody int64, pageSize int) sources.Source {
			srv := sourcetest.Serve(t, intercomemu.New(intercomemu.Options{Token: testToken, Events: 200, Now: testNow}))
			return func(maxBody int64, pageSize int) sources.Source {
				return New(Config{Common: transport.Common{BaseURL: srv.URL, Client: srv.Client(), MaxBody: maxBody, Now: func() time.Time { return testNow }}, Token: testToken, PageSize: pageSize})
			}
		},
		WithClient: func(c *http.Client) { New(Config{Common: transport.Common{Client: c}}) },
	})
}

// TestRedirects: redirects are followed only on the same scheme and host,
// and the followed request still carries the token.
func TestRedirects(t *testing.T) {
	em := intercomemu.New(intercomemu.Options{Token: testToken, Events: 4, Now: testNow})
	srv := sourcetest.ServeMoved(t, em, "/old", http.StatusMovedPermanently)
	src := New(Config{Common: transport.Common{BaseURL: srv.URL + "/old", Client: srv.Client(), Now: func() time.Time { return testNow }}, Token: testToken, APIVersion: getVersion})
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	sourcetest.RequireFollowed(t, page, err, 4)
	if reqs := em.Requests(); len(reqs) != 1 || reqs[0].Header.Get("Authorization") != "Bearer "+testToken {
		t.Errorf("the redirected request did not carry the token: %d requests", len(reqs))
	}
}

func TestOrigin(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{"https://api.intercom.io/x", "https://API.intercom.io:443/y?z", true},
		{"http://127.0.0.1:80/", "http://127.0.0.1/", true},
		{"https://api.intercom.io", "http://api.intercom.io", false},
		{"https://api.intercom.io", "https://api.eu.intercom.io", false},
		{"https://api.intercom.io", "https://api.intercom.io.evil.example", false},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8081", false},
	} {
		a, _ := http.NewRequest("GET", tt.a, nil)
		b, _ := http.NewRequest("GET", tt.b, nil)
		if got := origin(a.URL) == origin(b.URL); got != tt.same {
			t.Errorf("same origin %s, %s = %v", tt.a, tt.b, got)
		}
	}
}
