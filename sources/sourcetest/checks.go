package sourcetest

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// Checks are the assertions every provider's own tests make about its
// errors and its Open, beyond the conformance suite, bound to the provider:
// the name its errors carry and the test secrets (tokens, client secrets)
// that must appear in no error and no log.
type Checks struct {
	Provider string
	Secrets  []string
}

// NoSecret fails the test if s holds one of the secrets, or one of more.
func (c Checks) NoSecret(t testing.TB, what, s string, more ...string) {
	t.Helper()
	for _, secret := range append(slices.Clone(c.Secrets), more...) {
		if secret != "" && strings.Contains(s, secret) {
			t.Errorf("%s contains a secret (%q): %q", what, secret, s)
		}
	}
}

// Error checks that err is a *sources.Error of the provider wrapping kind,
// with status and a hint, that its text says each of says, and that it
// holds no secret. It returns the *sources.Error.
func (c Checks) Error(t testing.TB, err error, kind error, status int, says ...string) *sources.Error {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v; want %v", err, kind)
	}
	var e *sources.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *sources.Error", err)
	}
	if e.Provider != c.Provider || e.Status != status || e.Hint == "" {
		t.Errorf("error %+v: want provider %s, status %d and a hint", e, c.Provider, status)
	}
	for _, s := range says {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not say %q", err, s)
		}
	}
	c.NoSecret(t, "error", err.Error())
	return e
}

// Refused checks the outcome of a Fetch that must fail: as Error does, and
// that the text holds none of not, and that a rate limit carries the wait
// the response asked for.
func (c Checks) Refused(t testing.TB, page sources.Page, err error, kind error, status int, says, not []string) *sources.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got a page of %d events, want an error", len(page.Events))
	}
	e := c.Error(t, err, kind, status, says...)
	for _, s := range not {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q contains %q", err, s)
		}
	}
	if kind == sources.ErrRateLimited && e.RetryAfter <= 0 {
		t.Errorf("RetryAfter %v, want it read from the response", e.RetryAfter)
	}
	return e
}

// Unreachable checks the error of a Fetch from a host that refused the
// connection: ErrUnavailable, transient, naming host and the network but
// none of hidden (the path and query of the request, which may hold what
// the user searched for).
func (c Checks) Unreachable(t testing.TB, err error, host string, hidden ...string) {
	t.Helper()
	e := c.Error(t, err, sources.ErrUnavailable, 0, host, "network")
	for _, s := range hidden {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q names the URL (%q)", err, s)
		}
	}
	if !sources.Transient(e) {
		t.Error("an unreachable host is not transient")
	}
}

// UnreachableFetch checks, as Unreachable does, the error of a Fetch with q
// from the source open makes for base, a loopback host that refuses
// connections.
func (c Checks) UnreachableFetch(t testing.TB, open func(base string) sources.Source, q model.Query, hidden ...string) {
	t.Helper()
	base := ClosedURL()
	_, err := open(base).Fetch(context.Background(), q, "")
	c.Unreachable(t, err, strings.TrimPrefix(base, "http://"), hidden...)
}

// ContextEnds checks that a Fetch from src, whose server is slow to answer,
// ends at once (within d) when its context is cancelled, and when its
// deadline passes, with errors that wrap the context's own, are not
// provider errors and hold no secret.
func (c Checks) ContextEnds(t testing.TB, src sources.Source, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	_, err := src.Fetch(ctx, model.Query{}, "")
	if !errors.Is(err, context.Canceled) || time.Since(start) > d {
		t.Errorf("Fetch cancelled mid-request = %v after %v; want context.Canceled at once", err, time.Since(start))
	}
	var e *sources.Error
	if errors.As(err, &e) {
		t.Errorf("a cancellation is reported as a provider error: %v", e)
	}
	if err != nil {
		c.NoSecret(t, "error", err.Error())
	}

	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = src.Fetch(ctx, model.Query{}, "")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Fetch past its deadline = %v; want context.DeadlineExceeded", err)
	}
}

// BodyCap checks that a response body over a 4 KiB cap is refused as
// malformed, not read into memory, and that a small page under it is read.
// open returns the provider's source over its emulator, whose log holds a
// page of 100 entries, with that cap on MaxBody and that page size.
func (c Checks) BodyCap(t testing.TB, open func(maxBody int64, pageSize int) sources.Source) {
	t.Helper()
	_, err := open(4<<10, 100).Fetch(context.Background(), model.Query{}, "")
	c.Error(t, err, sources.ErrMalformed, http.StatusOK, "larger than 4 KiB")
	if _, err := open(4<<10, 2).Fetch(context.Background(), model.Query{}, ""); err != nil {
		t.Errorf("a small page under the cap: %v", err)
	}
}

// OpenError checks that p refuses to open with env, with an error that says
// each of says and holds no secret.
func (c Checks) OpenError(t testing.TB, p sources.Provider, what string, env sources.Env, says ...string) {
	t.Helper()
	_, err := p.Open(context.Background(), env)
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	for _, s := range says {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%s: error %q does not say %q", what, err, s)
		}
	}
	c.NoSecret(t, what, err.Error())
}

// RequireOpenOffline opens p with env and fails the test if that fails or
// sends a request: received counts the requests the provider's server has
// had. It returns the source and its first page.
func RequireOpenOffline(t testing.TB, p sources.Provider, env sources.Env, received func() int) (sources.Source, sources.Page) {
	t.Helper()
	src, err := p.Open(context.Background(), env)
	if err != nil {
		t.Fatal(err)
	}
	if n := received(); n != 0 {
		t.Errorf("Open made %d requests; it must not touch the network", n)
	}
	page, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil {
		t.Fatal(err)
	}
	return src, page
}

// RequireProvider checks what every provider must have: its name, a
// one-line summary, options of type O, a demo and a place in a registry,
// and an Open that passes on an error in the config.
func RequireProvider[O any](t testing.TB, p sources.Provider, name string) {
	t.Helper()
	if p.Name != name || p.Summary == "" || strings.Contains(p.Summary, "\n") || p.Demo == nil {
		t.Errorf("provider %q, summary %q, demo %v", p.Name, p.Summary, p.Demo != nil)
	}
	if _, ok := p.Options().(*O); !ok {
		t.Errorf("Options() = %T, want *%T", p.Options(), *new(O))
	}
	sources.NewRegistry(p) // panics if the provider is incomplete
	bad := sources.Env{Name: "prod", Decode: func(any) error { return errors.New("line 4: unknown key \"tokn\"") }}
	if _, err := p.Open(context.Background(), bad); err == nil || !strings.Contains(err.Error(), "tokn") {
		t.Errorf("decode error: %v", err)
	}
}

// Env returns an Env for opening a provider in a test: the source is called
// "prod", its config decodes to opts, and its secret references resolve
// through secrets; any other reference fails as an unset environment
// variable would.
func Env[O any](opts O, secrets map[string]string) sources.Env {
	return sources.Env{
		Name: "prod",
		Decode: func(v any) error {
			*v.(*O) = opts
			return nil
		},
		Secret: func(_ context.Context, ref string) (string, error) {
			if v, ok := secrets[ref]; ok {
				return v, nil
			}
			return "", errors.New("environment variable " + strings.TrimPrefix(ref, "env:") + " is not set")
		},
	}
}
