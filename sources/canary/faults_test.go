package canary

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/faults"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// A walk through a console failing every other request, in every way,
// still exports every event exactly once, in order.
func TestExportThroughFaults(t *testing.T) {
	em := canaryemu.New(canaryemu.Options{Token: testToken, Now: testNow, Events: 400, Seed: 9,
		Faults: sourcetest.FaultPlan()})
	srv := sourcetest.Serve(t, em)
	src := New(Config{Common: transport.Common{BaseURL: srv.URL, HTTP: sourcetest.FaultyHTTP()}, Token: testToken, PageSize: 25})
	var want []string
	for _, e := range em.Entries() {
		want = append(want, strconv.FormatInt(e.ID, 10))
	}
	sourcetest.RequireExportThroughFaults(t, src, want, em.Injected)
}

// The token goes through every error path, the debug log records every
// request, and the token is in none of what the user or the log sees.
func TestTokenNowhereOnAnyErrorPath(t *testing.T) {
	log, logBuf := sourcetest.DebugLog()
	var seen sourcetest.ErrorTexts
	check := seen.Fetch
	httpOpts := transport.Options{Backoff: time.Millisecond, Timeout: 300 * time.Millisecond, MaxWait: time.Nanosecond, Log: log}
	// Every documented error, and a console that echoes what it was sent.
	for _, opts := range []canaryemu.Options{
		{Token: "another-token"}, {Token: testToken, ErrorStatus: 200}, {Token: testToken, RateLimitEvery: 1},
		{Token: testToken, Faults: faults.Plan{Every: 1, Kinds: faults.All, Delay: time.Second}},
	} {
		opts.Now, opts.Events = testNow, 30
		srv := httptest.NewServer(canaryemu.New(opts))
		src := New(Config{Common: transport.Common{BaseURL: srv.URL, HTTP: httpOpts}, Token: testToken})
		for i := 0; i < len(faults.All); i++ {
			check(src, model.Query{}, "")
		}
		check(src, model.Query{}, "bm90IGEgY3Vyc29y")
		check(src, model.Query{}, "MDoxOjI=")
		srv.Close()
		check(src, model.Query{}, "") // the console is gone
	}
	for _, body := range []string{
		`{"result":"error","message":"Invalid auth_token ` + testToken + `"}`,
		`<html><title>bad token ` + testToken + `</title></html>`,
	} {
		src := startCanned(t, 401, "", body, nil)
		src.http = transport.New(transport.Options{Provider: "canary", Log: log, Backoff: time.Millisecond})
		src.http.Secrets().Add(testToken)
		check(src, model.Query{}, "")
	}
	// A base URL carrying the token in its query (Canary accepts auth_token=).
	leaky := New(Config{Common: transport.Common{BaseURL: "http://127.0.0.1:1/?auth_token=" + testToken, HTTP: httpOpts}, Token: testToken})
	check(leaky, model.Query{}, "")

	if len(seen) < 20 {
		t.Fatalf("only %d errors were produced", len(seen))
	}
	seen = append(seen, logBuf.String())
	for _, s := range seen {
		checks.NoSecret(t, "an error or the debug log", s)
	}
	if !strings.Contains(logBuf.String(), "status=401") {
		t.Errorf("the debug log misses the requests:\n%s", logBuf.String())
	}
}

// A console that answers every page with nothing and a cursor to another
// (issue 16: export made 443 requests in 20 s and never stopped) is left
// after sources.MaxEmptyPages pages, or at the page past the count it
// stated, with an error that says so; the export keeps what it wrote.
func TestExportStopsAgainstEndlessEmptyPages(t *testing.T) {
	for _, stated := range []int{0, 5} {
		em := canaryemu.New(canaryemu.Options{Token: testToken, Now: testNow, EndlessEmpty: true, StatedPages: stated})
		srv := sourcetest.Serve(t, em)
		src := New(Config{Common: transport.Common{BaseURL: srv.URL}, Token: testToken, PageSize: 25})
		var out bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		n, err := sources.Export(ctx, src, model.Query{}, sources.ExportOptions{}, &out)
		cancel()
		if !errors.Is(err, sources.ErrEndlessPaging) {
			t.Fatalf("stated %d pages: export ended with %v, want ErrEndlessPaging", stated, err)
		}
		want := sources.MaxEmptyPages
		if stated > 0 {
			want = stated + 1
		}
		if got := em.Received(); got != want {
			t.Errorf("stated %d pages: the console got %d requests, want %d", stated, got, want)
		}
		if n != 0 || out.Len() != 0 {
			t.Errorf("stated %d pages: exported %d events (%d bytes) from empty pages", stated, n, out.Len())
		}
	}
}
