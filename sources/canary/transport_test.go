package canary

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// TestUnreachable: a refused connection is ErrUnavailable, naming the host
// but not the path or query.
func TestUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	src := New(Config{BaseURL: base, Token: testToken, HTTP: fastHTTP})
	_, err := src.Fetch(context.Background(), model.Query{Text: "secret-search"}, "")
	e := requireError(t, err, sources.ErrUnavailable, 0, strings.TrimPrefix(base, "http://"), "network")
	for _, s := range []string{"audit_trail", "secret-search", "limit="} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q names the URL (%q)", err, s)
		}
	}
	if !sources.Transient(e) {
		t.Error("an unreachable console is not transient")
	}
}

// TestContextEnds: cancellation and deadlines come back as themselves, not
// hidden in a *sources.Error, also while the server is slow to answer.
func TestContextEnds(t *testing.T) {
	_, src := startEmulator(t, EmulatorOptions{Events: 5, Latency: 3 * time.Second}, 10)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	_, err := src.Fetch(ctx, model.Query{}, "")
	if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Errorf("Fetch cancelled mid-request = %v after %v; want context.Canceled at once", err, time.Since(start))
	}
	var e *sources.Error
	if errors.As(err, &e) {
		t.Errorf("a cancellation is reported as a provider error: %v", e)
	}
	requireNoToken(t, "error", err.Error())

	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = src.Fetch(ctx, model.Query{}, "")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Fetch past its deadline = %v; want context.DeadlineExceeded", err)
	}
}

// TestBodyCap: a response beyond the cap is refused, not read into memory.
func TestBodyCap(t *testing.T) {
	em := NewEmulator(EmulatorOptions{Token: testToken, Events: 200, Now: testNow})
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	src := New(Config{BaseURL: srv.URL, Token: testToken, HTTP: fastHTTP, Client: srv.Client(), MaxBody: 4 << 10, PageSize: 100})
	_, err := src.Fetch(context.Background(), model.Query{}, "")
	requireError(t, err, sources.ErrMalformed, http.StatusOK, "larger than 4 KiB")
	src = New(Config{BaseURL: srv.URL, Token: testToken, HTTP: fastHTTP, Client: srv.Client(), MaxBody: 4 << 10, PageSize: 2})
	if _, err := src.Fetch(context.Background(), model.Query{}, ""); err != nil {
		t.Errorf("a small page under the cap: %v", err)
	}
}

// TestRedirects: the token travels in a header Go would forward anywhere, so
// redirects are followed only on the same scheme and host.
func TestRedirects(t *testing.T) {
	em := NewEmulator(EmulatorOptions{Token: testToken, Events: 4, Now: testNow})
	mux := http.NewServeMux()
	mux.Handle("/api/v1/", em)
	mux.HandleFunc("/old/api/v1/audit_trail/fetch", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/api/v1/audit_trail/fetch?"+r.URL.RawQuery, http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	src := New(Config{BaseURL: srv.URL + "/old", Token: testToken, HTTP: fastHTTP, Client: srv.Client()})
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil || len(page.Events) != 4 {
		t.Fatalf("same-host redirect: %d events, %v; want it followed", len(page.Events), err)
	}
	if reqs := em.Requests(); len(reqs) != 1 || reqs[0].Header.Get("X-Canary-Auth-Token") != testToken {
		t.Errorf("the redirected request did not carry the token header: %+v", reqs)
	}
}

// TestBadBaseURL: New never fails; Fetch says what is wrong, without a request.
func TestBadBaseURL(t *testing.T) {
	for _, base := range []string{"", "EXAMPLE.canary.tools", "://x", "https://"} {
		_, err := New(Config{BaseURL: base, Token: testToken, HTTP: fastHTTP}).Fetch(context.Background(), model.Query{}, "")
		if err == nil || !strings.Contains(err.Error(), "base_url") {
			t.Errorf("base_url %q: error %v; want one naming base_url", base, err)
		}
	}
}

// TestDefaultClientUnchanged: the redirect policy goes on a copy, not on the
// client the caller passed in.
func TestDefaultClientUnchanged(t *testing.T) {
	c := &http.Client{}
	New(Config{BaseURL: "https://EXAMPLE.canary.tools", Client: c})
	if c.CheckRedirect != nil {
		t.Error("New changed the caller's http.Client")
	}
}
