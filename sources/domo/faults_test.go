package domo

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/faults"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// A walk through an instance failing every other request (the token
// endpoint's too), in every way, while new entries arrive at the head,
// still exports every event exactly once, in order.
func TestExportThroughFaults(t *testing.T) {
	// Real clocks: the faults write Retry-After as real HTTP dates.
	em := domoemu.New(domoemu.Options{ClientID: testClientID, ClientSecret: testSecret, Now: time.Now(), Events: 400, Seed: 9, AddPerRequest: 2,
		Faults: sourcetest.FaultPlan()})
	srv := sourcetest.Serve(t, em)
	src := New(Config{ClientID: testClientID, ClientSecret: testSecret, PageSize: 25, Common: transport.Common{BaseURL: srv.URL,
		Now:  func() time.Time { return time.Now().Add(time.Hour) }, // ahead of Domo: the new entries fall in the window
		HTTP: sourcetest.FaultyHTTP()}})
	want := eventsOf(em, em.Entries())
	// want is what the instance held when the export started.
	sourcetest.RequireExportThroughFaults(t, src, sourcetest.IDs(want), em.Injected)
}

// The client secret and every access token go through every error path, the
// debug log records every request, and no credential is in anything the
// user or the log sees.
func TestCredentialsNowhereOnAnyErrorPath(t *testing.T) {
	log, logBuf := sourcetest.DebugLog()
	var seen sourcetest.ErrorTexts
	check := seen.Fetch
	httpOpts := transport.Options{Backoff: time.Millisecond, Timeout: 300 * time.Millisecond, MaxWait: time.Nanosecond, Log: log}
	var tokens []string
	for _, opts := range []domoemu.Options{
		{ClientSecret: "another-secret"},
		{ClientSecret: testSecret, TokenErrors: domoemu.TokenErrorsDomo, ClientScopes: []string{"data"}},
		{ClientSecret: testSecret, ClientScopes: []string{"data"}, NarrowScopes: true},
		{ClientSecret: testSecret, RateLimitEvery: 1},
		{ClientSecret: testSecret, Always406: true, JWT: true},
		{ClientSecret: testSecret, Faults: faults.Plan{Every: 1, Kinds: faults.All, Delay: time.Second}},
	} {
		opts.ClientID, opts.Now, opts.Events = testClientID, testNow, 30
		em := domoemu.New(opts)
		srv := httptest.NewServer(em)
		src := New(Config{Common: transport.Common{BaseURL: srv.URL, HTTP: httpOpts}, ClientID: testClientID, ClientSecret: testSecret})
		for range len(faults.All) {
			check(src, model.Query{}, "")
		}
		check(src, model.Query{}, "bm90IGEgY3Vyc29y")
		em.RevokeTokens()
		check(src, model.Query{}, "")
		src.tokens.mu.Lock()
		if tok := src.tokens.tok.value; tok != "" {
			tokens = append(tokens, tok)
		}
		src.tokens.mu.Unlock()
		srv.Close()
		check(src, model.Query{}, "") // Domo is gone
	}
	if len(tokens) == 0 {
		t.Fatal("no access token was ever issued, so none was checked for")
	}
	if len(seen) < 30 {
		t.Fatalf("only %d errors were produced", len(seen))
	}
	seen = append(seen, logBuf.String())
	for _, s := range seen {
		checks.NoSecret(t, "an error or the debug log", s, tokens...)
	}
	if !strings.Contains(logBuf.String(), "status=401") || !strings.Contains(logBuf.String(), "/oauth/token") {
		t.Errorf("the debug log misses the requests:\n%s", logBuf.String())
	}
}

// TestShortRateLimitIsWaitedOut: the transport sits out a short rate limit by
// itself and says so to whoever watches the fetch.
func TestShortRateLimitIsWaitedOut(t *testing.T) {
	_, src := startEmulator(t, domoemu.Options{Events: 3, RateLimitEvery: 2, RetryAfter: time.Second},
		Config{Common: transport.Common{HTTP: transport.Options{Backoff: time.Millisecond}}})
	sourcetest.RequireRateLimitWaitedOut(t, src)
}
