package sourcetest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// The providers' transport tests (unreachable host, redirects, bad base_url,
// the caller's client left alone) share these steps; what each provider
// sends and where stays in its own test.

// Transport is one provider's client as RunTransport tests it. A nil
// function leaves its test to the provider's own (Qualtrics, whose
// cancellation test also covers its OAuth sign-in).
type Transport struct {
	// Checks names the provider and its secrets.
	Checks Checks
	// Open returns a client of base with the test's credentials and quick
	// retries.
	Open func(base string) sources.Source
	// Unreachable is the query of a fetch from a host that refuses
	// connections; Hidden is what of that request its error must not show.
	Unreachable model.Query
	Hidden      []string
	// BadBases are base URLs that New takes and Fetch refuses, naming
	// base_url, without a request.
	BadBases []string
	// Slow returns a client of an emulator that answers after 3 s; a
	// cancelled Fetch must end within Patience.
	Slow     func(t *testing.T) sources.Source
	Patience time.Duration
	// Capped returns, for a new emulator whose log holds a page of 100
	// entries, a client of it with that MaxBody and page size.
	Capped func(t *testing.T) func(maxBody int64, pageSize int) sources.Source
	// WithClient makes a client on the caller's http.Client.
	WithClient func(c *http.Client)
}

// RunTransport runs the transport tests every provider passes, one subtest
// each: a refused connection is ErrUnavailable naming the host but not the
// path or query (Unreachable); New never fails, Fetch says what is wrong
// with base_url (BadBaseURL); cancellation and deadlines come back as
// themselves, not hidden in a *sources.Error, also while the server is slow
// (ContextEnds); a response beyond the cap is refused, not read into memory
// (BodyCap); the redirect policy goes on a copy of the caller's client
// (ClientUnchanged).
func RunTransport(t *testing.T, tr Transport) {
	t.Run("Unreachable", func(t *testing.T) { tr.Checks.UnreachableFetch(t, tr.Open, tr.Unreachable, tr.Hidden...) })
	t.Run("BadBaseURL", func(t *testing.T) {
		RequireBaseURLRefused(t, tr.BadBases, func(base string) error {
			_, err := tr.Open(base).Fetch(context.Background(), model.Query{}, "")
			return err
		})
	})
	if tr.Slow != nil {
		t.Run("ContextEnds", func(t *testing.T) { tr.Checks.ContextEnds(t, tr.Slow(t), tr.Patience) })
	}
	if tr.Capped != nil {
		t.Run("BodyCap", func(t *testing.T) { tr.Checks.BodyCap(t, tr.Capped(t)) })
	}
	t.Run("ClientUnchanged", func(t *testing.T) { RequireClientUnchanged(t, tr.WithClient) })
}

// ClosedURL is the address of a loopback server that has already closed: a
// connection to it is refused.
func ClosedURL() string {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	return srv.URL
}

// Elsewhere serves another host on loopback until the test ends and counts
// the requests that reach it (a redirect there must not be followed).
func Elsewhere(t testing.TB) (*httptest.Server, func() int) {
	t.Helper()
	var n atomic.Int32
	srv := Serve(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { n.Add(1) }))
	return srv, func() int { return int(n.Load()) }
}

// ServeMoved serves h on loopback until the test ends, and answers every
// request under old (like "/old") with a redirect of status to the same
// path and query without old: a host whose API moved within itself, which
// a client must follow with its credentials.
func ServeMoved(t testing.TB, h http.Handler, old string, status int) *httptest.Server {
	t.Helper()
	return Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, old+"/"); ok {
			http.Redirect(w, r, "/"+rest+"?"+r.URL.RawQuery, status)
			return
		}
		h.ServeHTTP(w, r)
	}))
}

// RequireFollowed fails t unless a fetch through a same-host redirect came
// back without an error and with n events (any number above 0 when n < 0).
func RequireFollowed(t testing.TB, page sources.Page, err error, n int) {
	t.Helper()
	if err != nil || (n >= 0 && len(page.Events) != n) || (n < 0 && len(page.Events) == 0) {
		t.Fatalf("same-host redirect: %d events, %v; want it followed", len(page.Events), err)
	}
}

// RequireBaseURLRefused fails t unless fetch, for each base, fails with an
// error naming base_url.
func RequireBaseURLRefused(t testing.TB, bases []string, fetch func(base string) error) {
	t.Helper()
	for _, base := range bases {
		if err := fetch(base); err == nil || !strings.Contains(err.Error(), "base_url") {
			t.Errorf("base_url %q: error %v; want one naming base_url", base, err)
		}
	}
}

// RequireClientUnchanged fails t if newSource, given the caller's client,
// sets a redirect policy on it rather than on a copy.
func RequireClientUnchanged(t testing.TB, newSource func(*http.Client)) {
	t.Helper()
	c := &http.Client{}
	newSource(c)
	if c.CheckRedirect != nil {
		t.Error("New changed the caller's http.Client")
	}
}
