package emulate_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
	"github.com/trail-dev/trail/sources/faults"
)

// echo answers with a status taken from the path and records what the
// handler was given.
type echo struct {
	got []emulate.Request
	ns  []int
}

func (e *echo) answer(w http.ResponseWriter, r *http.Request, req emulate.Request, n int) {
	e.got, e.ns = append(e.got, req), append(e.ns, n)
	status := http.StatusOK
	if r.URL.Path == "/teapot" {
		status = http.StatusTeapot
	}
	w.WriteHeader(status)
}

func TestLogAndStatus(t *testing.T) {
	var e echo
	b := emulate.New(emulate.Options{}, e.answer)
	for _, target := range []string{"/a?x=1", "/teapot", "/b"} {
		b.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", target, nil))
	}
	reqs := b.Requests()
	if len(reqs) != 3 || b.Received() != 3 {
		t.Fatalf("%d requests logged, %d received; want 3", len(reqs), b.Received())
	}
	if r := reqs[0]; r.Method != "GET" || r.Path != "/a" || r.RawQuery != "x=1" || r.Query.Get("x") != "1" || r.Status != 200 {
		t.Errorf("first request logged as %+v", r)
	}
	if reqs[1].Status != http.StatusTeapot {
		t.Errorf("second request answered %d, want 418 in the log", reqs[1].Status)
	}
	if len(e.ns) != 3 || e.ns[0] != 1 || e.ns[2] != 3 || e.got[1].Path != "/teapot" {
		t.Errorf("handler given numbers %v and requests %+v", e.ns, e.got)
	}
	reqs[0].Path = "changed"
	if b.Requests()[0].Path != "/a" {
		t.Error("Requests returns the log itself")
	}
	if b.Injected() != nil {
		t.Errorf("faults injected without a plan: %v", b.Injected())
	}
}

func TestForms(t *testing.T) {
	post := func(body string) *http.Request {
		r := httptest.NewRequest("POST", "/token", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	}
	for _, keep := range []bool{false, true} {
		var e echo
		b := emulate.New(emulate.Options{Forms: keep}, e.answer)
		b.ServeHTTP(httptest.NewRecorder(), post("grant_type=client_credentials"))
		b.ServeHTTP(httptest.NewRecorder(), post("grant_type=x&%zz"))
		got := b.Requests()
		if keep && (got[0].Form.Get("grant_type") != "client_credentials" || got[1].Form != nil || e.got[0].Form == nil) {
			t.Errorf("forms kept as %v and %v; want the first, and none for the one that does not parse", got[0].Form, got[1].Form)
		}
		if !keep && (got[0].Form != nil || got[1].Form != nil) {
			t.Errorf("forms kept without Forms: %v, %v", got[0].Form, got[1].Form)
		}
	}
}

// TestLatencyHonoursCancel: a request whose client gives up is let go at
// once, unanswered, but still logged.
func TestLatencyHonoursCancel(t *testing.T) {
	var e echo
	b := emulate.New(emulate.Options{Latency: time.Hour}, e.answer)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() { b.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, "GET", "/", nil)); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a cancelled request was kept waiting")
	}
	if len(e.got) != 0 || rec.Body.Len() != 0 || b.Received() != 1 {
		t.Errorf("a cancelled request was answered (%d, body %q) or not logged (%d)", len(e.got), rec.Body, b.Received())
	}
}

// TestFaults: the fault plan answers in place of the emulator, and what it
// answers is neither logged nor passed on.
func TestFaults(t *testing.T) {
	var e echo
	b := emulate.New(emulate.Options{Faults: faults.Plan{Every: 2, Kinds: []faults.Kind{faults.ServerError}}}, e.answer)
	codes := []int{}
	for range 4 {
		rec := httptest.NewRecorder()
		b.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		codes = append(codes, rec.Code)
	}
	if codes[0] != 200 || codes[1] != 500 || codes[2] != 200 || codes[3] != 500 {
		t.Errorf("answers %v; want every second one a 500", codes)
	}
	if in := b.Injected(); len(in) != 2 || in[0] != faults.ServerError || b.Received() != 2 || len(e.got) != 2 {
		t.Errorf("injected %v, %d logged, %d answered; want 2 faults and 2 of each", in, b.Received(), len(e.got))
	}
}

func TestRateLimited(t *testing.T) {
	for _, tc := range []struct {
		every, n int
		wait     time.Duration
		limited  bool
		header   string
	}{
		{0, 3, time.Second, false, ""},
		{2, 1, time.Second, false, ""},
		{2, 4, 1500 * time.Millisecond, true, "2"},
		{3, 3, 0, true, "0"},
		{1, 7, 3 * time.Second, true, "3"},
	} {
		h := http.Header{}
		if got := emulate.RateLimited(h, tc.every, tc.n, tc.wait); got != tc.limited || h.Get("Retry-After") != tc.header {
			t.Errorf("RateLimited(every %d, n %d, %v) = %v, Retry-After %q; want %v, %q", tc.every, tc.n, tc.wait, got, h.Get("Retry-After"), tc.limited, tc.header)
		}
	}
}

func TestMarshalJSON(t *testing.T) {
	b, err := emulate.MarshalJSON(map[string]string{"b": "<a & b>", "a": "x"})
	if err != nil || string(b) != `{"a":"x","b":"<a & b>"}` {
		t.Errorf("MarshalJSON = %s, %v", b, err)
	}
	if _, err := emulate.MarshalJSON(func() {}); err == nil {
		t.Error("MarshalJSON of a func: no error")
	}
}

// TestJSON: a provider's answer carries its content type and its body as
// the provider writes JSON ("<" unescaped), or its fallback body when the
// value cannot be encoded.
func TestJSON(t *testing.T) {
	j := emulate.JSON{ContentType: "application/json; charset=utf-8", Failed: `{"error":"internal"}`}
	rec := httptest.NewRecorder()
	j.Write(rec, http.StatusTeapot, map[string]string{"a": "<b>&"})
	if rec.Code != http.StatusTeapot || rec.Header().Get("Content-Type") != j.ContentType || rec.Body.String() != `{"a":"<b>&"}` {
		t.Errorf("Write: %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	if got := string(j.Encode(func() {})); got != j.Failed {
		t.Errorf("Encode of a func = %q, want the fallback", got)
	}
}
