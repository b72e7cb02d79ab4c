package intercom

import (
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/faults"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// A walk through a workspace failing every other request, in every way,
// still exports every event exactly once, in order.
func TestExportThroughFaults(t *testing.T) {
	em := intercomemu.New(intercomemu.Options{Token: testToken, Now: testNow, Events: 400, Seed: 9,
		Faults: sourcetest.FaultPlan()})
	srv := sourcetest.Serve(t, em)
	src := New(Config{Common: transport.Common{BaseURL: srv.URL, Now: func() time.Time { return testNow }, HTTP: sourcetest.FaultyHTTP()}, Token: testToken, PageSize: 25})
	var want []string
	for _, e := range em.Entries() {
		want = append(want, e.ID)
	}
	sourcetest.RequireExportThroughFaults(t, src, want, em.Injected)
}

// leakToken is the token of TestTokenNowhereOnAnyErrorPath: '/', '+' and '='
// change under URL query and path escaping and its prefix is distinctive,
// so that the token is looked for in every form it could leak in, and in
// part.
const leakToken = "icLk/Zq7+Tw3=Hb8/Pn5+Ve2=Xr4/Md6+Ja1"

// leakForms are the forms of leakToken that must appear nowhere: as it is,
// escaped for a query or a path, in base64 (Basic auth), and its first
// dozen bytes (a token cut in half by a clipped message) in each.
func leakForms() []string {
	var out []string
	for _, s := range []string{leakToken, leakToken[:12]} {
		out = append(out, s, url.QueryEscape(s), url.PathEscape(s))
	}
	return append(out, base64.StdEncoding.EncodeToString([]byte(leakToken)), base64.StdEncoding.EncodeToString([]byte("Bearer "+leakToken)))
}

// echoServer answers every request with status, echoing the request's
// Authorization header and URL in an error body of the given shape, with
// the token in several encodings and once where a clipped message would cut
// it in half.
func echoServer(t *testing.T, status int, shape string) *httptest.Server {
	t.Helper()
	return sourcetest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		echo := fmt.Sprintf("%s %s %s %s %s", auth, r.URL.String(), url.QueryEscape(leakToken), url.PathEscape(leakToken),
			base64.StdEncoding.EncodeToString([]byte(auth)))
		w.Header().Set("X-Echo-Authorization", auth)
		switch shape {
		case "json":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"type":"error.list","request_id":%q,"errors":[{"code":"unauthorized","message":%q},{"code":%q,"message":"x"}]}`,
				leakToken, echo, leakToken)
		case "clipped":
			// The token straddles the 240 bytes a message keeps.
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"type":"error.list","errors":[{"code":"server_error","message":%q}]}`, strings.Repeat("x", 225)+" "+leakToken)
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			fmt.Fprintf(w, "<html><head><title>%s</title></head><body>%s</body></html>", html.EscapeString(echo), html.EscapeString(echo))
		case "html-clipped":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			fmt.Fprintf(w, "<html><head><title>%s %s</title></head></html>", strings.Repeat("y", 70), leakToken)
		case "text":
			w.Header().Set("Content-Type", "text/plain; token="+leakToken)
			w.WriteHeader(status)
			fmt.Fprint(w, echo)
		case "truncated":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"type":"activity_log.list","activity_logs":[{"id":%q,"activity_ty`, echo)
		}
	}))
}

// The token goes through every error path, the debug log records every
// request, and the token is in none of what the user or the log sees.
func TestTokenNowhereOnAnyErrorPath(t *testing.T) {
	log, logBuf := sourcetest.DebugLog()
	var seen []string
	check := func(src *Source, cursor string) sources.Page {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		var progress []string
		ctx = sources.WithProgress(ctx, func(p sources.Progress) { progress = append(progress, p.Message) })
		page, err := src.Fetch(ctx, model.Query{}, cursor)
		if err != nil {
			seen = append(seen, err.Error())
		}
		seen = append(seen, progress...)
		return page
	}
	now := func() time.Time { return testNow }
	httpOpts := transport.Options{Backoff: time.Millisecond, Timeout: 300 * time.Millisecond, MaxWait: time.Nanosecond, Log: log}
	open := func(base string) *Source {
		return New(Config{Common: transport.Common{BaseURL: base, Now: now, Name: "prod", HTTP: httpOpts}, Token: leakToken, APIVersion: getVersion, PageSize: 5})
	}

	// Every error the emulator sends, and the faults a network adds.
	badCursor := walkCursor{Since: testNow.Add(-time.Hour), Until: testNow, Page: 2, StartingAfter: leakToken}.encode()
	for _, opts := range []intercomemu.Options{
		{Token: "another-token"},
		{Token: leakToken, PlanRestricted: true},
		{Token: leakToken, RateLimit: 1},
		{Token: leakToken, Faults: faults.Plan{Every: 1, Kinds: faults.All, Delay: time.Second}},
	} {
		opts.Now, opts.Events = testNow, 30
		srv := httptest.NewServer(intercomemu.New(opts))
		src := open(srv.URL)
		for range len(faults.All) {
			check(src, "")
		}
		check(src, badCursor)              // starting_after refused
		check(src, "ic1.bm90IGEgY3Vyc29y") // not a cursor
		check(open(srv.URL+"/v2"), "")     // 404 not_found
		versioned := open(srv.URL)
		versioned.version = "2.99"
		check(versioned, "") // 400 intercom_version_invalid
		srv.Close()
		check(src, "") // the workspace is gone
	}

	// Each documented error code, with the token in its message.
	for code, status := range map[string]int{
		"unauthorized": 401, "token_not_found": 401, "token_revoked": 401, "token_blocked": 401,
		"forbidden": 403, "api_plan_restricted": 403, "not_found": 404, "parameter_not_found": 404,
		"parameter_invalid": 400, "intercom_version_invalid": 400, "rate_limit_exceeded": 429,
		"server_error": 500, "service_unavailable": 503,
	} {
		body := fmt.Sprintf(`{"type":"error.list","request_id":null,"errors":[{"code":%q,"message":"bad token %s"}]}`, code, leakToken)
		srv := sourcetest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}))
		check(open(srv.URL), "")
	}

	// Servers and proxies that echo the Authorization header and the URL.
	for _, status := range []int{200, 400, 401, 403, 404, 429, 500, 502, 503} {
		for _, shape := range []string{"json", "clipped", "html", "html-clipped", "text", "truncated"} {
			check(open(echoServer(t, status, shape).URL), "")
		}
	}

	// pages.next on another host, carrying the token: refused, and the
	// refusal does not repeat it.
	for _, next := range []string{
		"http://127.0.0.1:1/admins/activity_logs?access_token=" + url.QueryEscape(leakToken) + "&page=2",
		"http://user:" + url.PathEscape(leakToken) + "@127.0.0.1:1/admins/activity_logs?page=2",
		"https://api.eu.intercom.io/admins/activity_logs/" + leakToken + "?page=2",
	} {
		srv := sourcetest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"type":"activity_log.list","activity_logs":[],"pages":{"next":%q,"page":1,"total_pages":3}}`, next)
		}))
		src := open(srv.URL)
		page := check(src, "")
		if page.Next == "" {
			t.Fatalf("next %q was not read", next)
		}
		check(src, page.Next)
	}
	// On the same host, with the token in the path and query, to a server
	// that echoes it: followed, and the failure and log line say nothing of it.
	echo := echoServer(t, 404, "json")
	linker := sourcetest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("page") {
			echo.Config.Handler.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		next := "/admins/activity_logs/" + leakToken + "?page=2&token=" + url.QueryEscape(leakToken)
		fmt.Fprintf(w, `{"type":"activity_log.list","activity_logs":[],"pages":{"next":%q,"page":1,"total_pages":3}}`, next)
	}))
	src := open(linker.URL)
	check(src, check(src, "").Next)
	// A base URL carrying the token as a password, to a dead host.
	check(open("http://user:"+url.PathEscape(leakToken)+"@127.0.0.1:1"), "")

	if len(seen) < 150 {
		t.Fatalf("only %d errors were produced", len(seen))
	}
	seen = append(seen, logBuf.String())
	for _, s := range seen {
		for _, form := range leakForms() {
			if strings.Contains(s, form) {
				t.Errorf("an error or the debug log holds the token (as %q): %q", form, s)
			}
		}
	}
	for _, want := range []string{"status=401", "status=403", "status=429", "status=500", "status=502", "connection refused"} {
		if !strings.Contains(logBuf.String(), want) {
			t.Errorf("the debug log misses %q:\n%s", want, logBuf.String())
		}
	}
	for _, want := range []string{"[redacted]", "another host", "HTTP 401", "HTTP 429", "could not reach"} {
		found := false
		for _, s := range seen {
			found = found || strings.Contains(s, want)
		}
		if !found {
			t.Errorf("no error says %q: the error paths were not all taken", want)
		}
	}
}
