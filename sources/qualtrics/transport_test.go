package qualtrics

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/faults"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// TestTransport: the transport tests every provider passes
// (sourcetest.RunTransport); TestContextEnds is Qualtrics' own, since it
// also covers the OAuth sign-in and ListActions.
func TestTransport(t *testing.T) {
	sourcetest.RunTransport(t, sourcetest.Transport{
		Checks: checks,
		Open: func(base string) sources.Source {
			return New(Config{Common: transport.Common{BaseURL: base, HTTP: fastHTTP}, Token: testToken})
		},
		Unreachable: model.Query{Actor: "UR_3fKq9LmZ2xVb7Tp"},
		Hidden:      []string{"logs", "UR_3fKq9", "activityType"},
		BadBases:    badBases,
		Capped: func(t *testing.T) func(maxBody int64, pageSize int) sources.Source {
			_, srv := serve(t, qualtricsemu.Options{Events: 300, Types: []string{"logins"}, Span: 6 * 24 * time.Hour})
			return func(maxBody int64, pageSize int) sources.Source {
				return client(srv, Config{Common: transport.Common{MaxBody: maxBody}, PageSize: pageSize})
			}
		},
		WithClient: func(c *http.Client) {
			New(Config{Common: transport.Common{BaseURL: "https://iad1.qualtrics.com", Client: c}})
		},
	})
}

// badBases are base URLs New takes and every request refuses.
var badBases = []string{"", "iad1.qualtrics.com", "://x", "https://"}

// TestContextEnds: cancellation and deadlines come back as themselves, not
// hidden in a *sources.Error, also while the server is slow to answer and
// while an OAuth token is being fetched.
func TestContextEnds(t *testing.T) {
	for _, cfg := range []Config{{}, oauthConfig(10)} {
		_, srv := serve(t, qualtricsemu.Options{Events: 5, Latency: 3 * time.Second})
		src := client(srv, cfg)
		checks.ContextEnds(t, src, time.Second)
		ctx, cancel := context.WithDeadline(context.Background(), time.Now())
		_, err := src.ListActions(ctx)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("ListActions past its deadline = %v", err)
		}
	}
}

// TestRedirects: the credentials travel in headers, so redirects are followed
// only on the same scheme and host.
func TestRedirects(t *testing.T) {
	other, elsewhere := sourcetest.Elsewhere(t)
	em := qualtricsemu.New(qualtricsemu.Options{Token: testToken, Events: 40, Now: testNow})
	mux := http.NewServeMux()
	mux.Handle("/API/", em)
	mux.HandleFunc("/away/API/v3/logs", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/API/v3/logs?"+r.URL.RawQuery, http.StatusFound)
	})
	srv := sourcetest.ServeMoved(t, mux, "/old", http.StatusMovedPermanently)
	page, err := client(srv, Config{Common: transport.Common{BaseURL: srv.URL + "/old/API/v3"}}).Fetch(context.Background(), model.Query{}, "")
	sourcetest.RequireFollowed(t, page, err, -1)
	if reqs := em.Requests(); len(reqs) != 1 || reqs[0].Header.Get("X-API-TOKEN") != testToken {
		t.Errorf("the redirected request did not carry the token: %+v", reqs)
	}
	_, err = client(srv, Config{Common: transport.Common{BaseURL: srv.URL + "/away/API/v3"}}).Fetch(context.Background(), model.Query{}, "")
	checks.Error(t, err, sources.ErrBadQuery, http.StatusFound, "redirected")
	if elsewhere() != 0 {
		t.Error("a redirect to another host was followed")
	}
}

// TestBadBaseURLListActions: ListActions, like Fetch (TestTransport), says
// what is wrong with base_url, without a request.
func TestBadBaseURLListActions(t *testing.T) {
	sourcetest.RequireBaseURLRefused(t, badBases, func(base string) error {
		_, err := New(Config{Common: transport.Common{BaseURL: base, HTTP: fastHTTP}, Token: testToken}).ListActions(context.Background())
		return err
	})
}

// TestWalkThroughFaults: every kind of failure a network or provider makes,
// injected between good answers; the walk comes through with every event
// exactly once, and the waits are reported for the status line.
func TestWalkThroughFaults(t *testing.T) {
	all := []faults.Kind{faults.ServerError, faults.BadGatewayHTML, faults.Truncated, faults.Reset, faults.Slow,
		faults.RateLimitSeconds, faults.RateLimitDate, faults.RateLimitReset}
	for _, tc := range []struct {
		name  string
		cfg   Config
		kinds []faults.Kind
	}{
		{"API token, every fault", Config{}, all},
		{"OAuth, failures without waits", oauthConfig(0), all[:5]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The real clock: rate limits give HTTP dates of the real time.
			now := time.Now()
			em := qualtricsemu.New(qualtricsemu.Options{Token: testToken, ClientID: testClientID, ClientSecret: testSecret, Now: now,
				Events: 320, Seed: 12, Types: []string{"logins"}, Span: 6 * 24 * time.Hour})
			h := faults.Wrap(em, faults.Plan{Every: 2, Kinds: tc.kinds, Delay: 20 * time.Millisecond})
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			cfg := tc.cfg
			cfg.PageSize, cfg.Now = 20, time.Now
			cfg.HTTP = transport.Options{Backoff: time.Millisecond, Timeout: 5 * time.Second}
			src := client(srv, cfg)
			var waits atomic.Int32
			ctx := sources.WithProgress(context.Background(), func(sources.Progress) { waits.Add(1) })
			got, err := sourcetest.Walked(ctx, src, model.Query{}, sources.WalkOptions{})
			if err != nil {
				t.Fatal(err)
			}
			sourcetest.RequireIDs(t, "walk through faults", got, eventsOf(t, em.Entries()))
			// Each fault but a slow answer is retried after a reported wait.
			injected, retried := h.Injected(), 0
			for _, k := range injected {
				if k != faults.Slow {
					retried++
				}
			}
			if len(injected) < len(tc.kinds) || int(waits.Load()) < retried {
				t.Errorf("%d faults injected (%v), %d waits reported", len(injected), injected, waits.Load())
			}
		})
	}
}
