// Package emulate holds what every provider's emulator does the same way:
// a fault plan in front of it, a log of the requests it answered, with the
// status of each answer, and a fixed latency. An emulator embeds a *Base and
// is left with only its provider's API.
package emulate

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/trail-dev/trail/sources/faults"
)

// Request is one request an emulator received, for tests to inspect.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Query    url.Values  // the query string only, not a form body
	Form     url.Values  // a POST's form body, where Options.Forms keeps it
	Header   http.Header // as received, credentials included
	Status   int         // the status of the answer
}

// Options sets up a Base.
type Options struct {
	// Latency delays every answer, ending early if the client gives up.
	Latency time.Duration
	// Faults, when its Every is above zero, makes the network and the
	// provider misbehave on a plan (see sources/faults).
	Faults faults.Plan
	// Forms keeps a POST's form body in the log. Reading it parses the
	// form, so an emulator that reports a form it cannot parse leaves it off.
	Forms bool
}

// Handler answers one request as the provider would. req is the request as
// logged; n is its number, counting from 1 in the order received.
type Handler func(w http.ResponseWriter, r *http.Request, req Request, n int)

// Base is the part of an emulator that every provider's shares. It is an
// http.Handler: it logs each request, waits out the latency and passes the
// request on to the emulator's Handler, behind the fault plan if there is
// one.
type Base struct {
	opts   Options
	answer Handler
	faulty *faults.Handler // serve behind the fault plan; nil without one

	mu       sync.Mutex
	requests []Request
}

// New returns a Base that answers through h.
func New(opts Options, h Handler) *Base {
	b := &Base{opts: opts, answer: h}
	if opts.Faults.Every > 0 {
		b.faulty = faults.Wrap(http.HandlerFunc(b.serve), opts.Faults)
	}
	return b
}

// ServeHTTP implements http.Handler.
func (b *Base) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if b.faulty != nil {
		b.faulty.ServeHTTP(w, r)
		return
	}
	b.serve(w, r)
}

// Injected returns the faults injected so far, in order.
func (b *Base) Injected() []faults.Kind {
	if b.faulty == nil {
		return nil
	}
	return b.faulty.Injected()
}

// Requests returns the requests received so far, oldest first.
func (b *Base) Requests() []Request {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.requests)
}

// Received returns how many requests the emulator has received, for ids
// that differ from answer to answer.
func (b *Base) Received() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.requests)
}

// serve logs a request that got past the fault plan and answers it.
func (b *Base) serve(w http.ResponseWriter, r *http.Request) {
	req := Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Query: r.URL.Query(), Header: r.Header.Clone()}
	if b.opts.Forms && r.Method == http.MethodPost && r.ParseForm() == nil {
		req.Form = r.PostForm
	}
	if r.Body != nil && r.Body != http.NoBody && r.PostForm == nil {
		// Read a body now (a JSON search, say), as a server does before it
		// can notice that the client has gone: the latency below then ends
		// as soon as the client gives up.
		body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	b.mu.Lock()
	b.requests = append(b.requests, req)
	n := len(b.requests)
	b.mu.Unlock()
	w = &statusRecorder{ResponseWriter: w, set: func(status int) {
		b.mu.Lock()
		b.requests[n-1].Status = status
		b.mu.Unlock()
	}}

	if d := b.opts.Latency; d > 0 {
		t := time.NewTimer(d)
		select {
		case <-r.Context().Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
	b.answer(w, r, req, n)
}

// statusRecorder notes the status of an answer in the request log.
type statusRecorder struct {
	http.ResponseWriter
	set func(int)
}

func (s *statusRecorder) WriteHeader(status int) {
	s.set(status)
	s.ResponseWriter.WriteHeader(status)
}

// RateLimited reports whether request n is one that an emulator answering
// every every-th request with 429 refuses (every 0 means none), and sets
// Retry-After on h to wait, in whole seconds rounded up, if it is.
func RateLimited(h http.Header, every, n int, wait time.Duration) bool {
	if every <= 0 || n%every != 0 {
		return false
	}
	h.Set("Retry-After", RetryAfter(wait))
	return true
}

// RetryAfter is the Retry-After header value for d: whole seconds, rounded up.
func RetryAfter(d time.Duration) string {
	return strconv.Itoa(int((d + time.Second - 1) / time.Second))
}

// MarshalJSON is json.Marshal without HTML escaping, as providers send
// JSON: "<" and "&" as they are rather than as \u003c escapes.
func MarshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// JSON is how one provider answers in JSON: its Content-Type, and the body
// it sends if a value cannot be encoded (which a test's hostile value may
// make happen).
type JSON struct {
	ContentType string
	Failed      string
}

// Encode is v as the provider sends it (MarshalJSON), or j.Failed.
func (j JSON) Encode(v any) []byte {
	b, err := MarshalJSON(v)
	if err != nil {
		return []byte(j.Failed)
	}
	return b
}

// Write answers with status and v.
func (j JSON) Write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", j.ContentType)
	w.WriteHeader(status)
	_, _ = w.Write(j.Encode(v))
}
