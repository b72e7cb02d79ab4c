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

// TestUnreachable: a refused connection is ErrUnavailable, naming the host
// but not the path or query.
func TestUnreachable(t *testing.T) {
	checks.UnreachableFetch(t, func(base string) sources.Source {
		return New(Config{Common: transport.Common{BaseURL: base, HTTP: fastHTTP}, Token: testToken})
	},
		model.Query{}, "activity_logs", "created_at")
}

// TestContextEnds: cancellation and deadlines come back as themselves, not
// hidden in a *sources.Error, also while the server is slow to answer.
func TestContextEnds(t *testing.T) {
	_, src := startEmulator(t, intercomemu.Options{Events: 5, Latency: 3 * time.Second}, 10)
	checks.ContextEnds(t, src, 3*time.Second)
}

// TestBodyCap: a response beyond the cap is refused, not read into memory.
func TestBodyCap(t *testing.T) {
	srv := sourcetest.Serve(t, intercomemu.New(intercomemu.Options{Token: testToken, Events: 200, Now: testNow}))
	checks.BodyCap(t, func(maxBody int64, pageSize int) sources.Source {
		return New(Config{Common: transport.Common{BaseURL: srv.URL, Client: srv.Client(), MaxBody: maxBody, Now: func() time.Time { return testNow }}, Token: testToken, PageSize: pageSize})
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

// TestBadBaseURL: New never fails; Fetch says what is wrong, without a request.
func TestBadBaseURL(t *testing.T) {
	sourcetest.RequireBaseURLRefused(t, []string{"api.intercom.io", "://x", "https://", "ftp://api.intercom.io"}, func(base string) error {
		_, err := New(Config{Common: transport.Common{BaseURL: base}, Token: testToken}).Fetch(context.Background(), model.Query{}, "")
		return err
	})
}

// TestClientUnchanged: the redirect policy goes on a copy, not on the client
// the caller passed in.
func TestClientUnchanged(t *testing.T) {
	sourcetest.RequireClientUnchanged(t, func(c *http.Client) { New(Config{Common: transport.Common{Client: c}}) })
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
