package canaryemu

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
	"github.com/trail-dev/trail/sources/faults"
)

// DemoToken is the API token the demo emulator accepts.
const DemoToken = "demo"

// Options sets up an Emulator. Where the Canary documentation leaves
// a behaviour open, an option picks which one to emulate.
type Options struct {
	// Token is the API token the emulator accepts; "" means DemoToken.
	Token string
	// Now is the end of the generated log; zero means the current time.
	Now time.Time
	// Events is how many entries to generate, ending at Now.
	Events int
	// Entries, when not nil, is the log instead of generated data, in any
	// order. Entries without an ID are numbered after the highest one given.
	Entries []Entry
	// Seed makes the generated data: the same Seed and Now give the same log.
	Seed int64
	// Latency delays every response, ending early if the client gives up.
	Latency time.Duration
	// ErrorStatus, when not zero, is the HTTP status of every error response:
	// 200 emulates a console that reports errors only in the body. Zero sends
	// 401 for a bad token, 400 for bad parameters and cursors, 404 for an
	// unknown path, 405 for a method other than GET, and 429 for rate limits.
	ErrorStatus int
	// InclusiveDates makes start_date and end_date include their own day;
	// otherwise only entries strictly after start_date's day and strictly
	// before end_date's day match. The documentation does not say which.
	InclusiveDates bool
	// Zone is the zone the console reads start_date and end_date in, the
	// console's own (UTC-12 to UTC+14 exist); nil means UTC. The
	// documentation does not say which zone applies.
	Zone *time.Location
	// Search is how search_term matches; the documentation says only that it
	// "matches any field". The zero value is a case-insensitive substring.
	Search SearchRule
	// AllowLimitWithCursor tolerates limit sent with a cursor, as the real
	// API appears to; otherwise that is an error, as the documentation says.
	AllowLimitWithCursor bool
	// RateLimitEvery, when above zero, answers every Nth request with 429.
	RateLimitEvery int
	// RetryAfter is the Retry-After of those answers; zero means 2 seconds.
	RetryAfter time.Duration
	// Faults makes the network and the console misbehave on a plan: rate
	// limits of every kind, 500s, an HTML 502, cut-off bodies, resets, slow
	// answers (see sources/faults).
	Faults faults.Plan
	// EndlessEmpty makes a hostile console: every fetch answers with no
	// entries and a fresh next cursor, page after page, stating
	// StatedPages as page_count (0: none). Paging against it never ends
	// unless the client stops it.
	EndlessEmpty bool
	StatedPages  int
}

// SearchRule is a way search_term may match an entry's fields.
type SearchRule uint8

// The readings of search_term the emulator offers.
const (
	// SearchSubstring: the term is a substring of a field, ignoring case.
	SearchSubstring SearchRule = iota
	// SearchCaseSensitive: the term is a substring of a field, case and all.
	SearchCaseSensitive
	// SearchExact: the term is the whole of a field, case and all.
	SearchExact
)

// Entry is one audit-trail entry as the emulator stores and serves it.
type Entry struct {
	ID                    int64
	ActionType            string
	AdditionalInformation json.RawMessage // nil is sent as null; a JSON string or object otherwise
	FlockID               string          // "" is sent as null
	FlockName             string          // sent only when set (seen in the wild, not in the docs)
	Message               string
	Timestamp             time.Time
	User                  string
	UserBrowserAgent      string
	UserBrowserLanguage   string
	UserIP                string
}

// Request is one request the emulator received, for tests to inspect.
type Request = emulate.Request

// Emulator is an http.Handler that speaks the Canary Console audit-trail API
// (GET /api/v1/audit_trail/fetch and GET /api/v1/ping) over its own log, kept
// newest first by descending id. The embedded Base logs the requests and
// applies the latency and the fault plan.
type Emulator struct {
	*emulate.Base
	opts Options

	mu       sync.Mutex
	entries  []Entry // newest first
	endlessN int     // pages the hostile console (EndlessEmpty) has sent
}

// New returns an emulator holding opts.Entries, or opts.Events
// generated entries.
func New(opts Options) *Emulator {
	if opts.Token == "" {
		opts.Token = DemoToken
	}
	opts.Now = emulate.LogEnd(opts.Now, time.Second)
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = 2 * time.Second
	}
	em := &Emulator{opts: opts}
	if opts.Entries != nil {
		em.entries = numberEntries(opts.Entries)
	} else {
		em.entries = generateEntries(opts.Events, opts.Seed, opts.Now)
	}
	em.Base = emulate.New(emulate.Options{Latency: opts.Latency, Faults: opts.Faults}, em.serve)
	return em
}

// Entries returns a copy of the log, newest first, so a test knows exactly
// which events a query should return.
func (em *Emulator) Entries() []Entry {
	em.mu.Lock()
	defer em.mu.Unlock()
	return emulate.Copy(em.entries, func(e *Entry) { e.AdditionalInformation = bytes.Clone(e.AdditionalInformation) })
}

// Add records new entries, oldest first, as a console does while someone
// pages through it: each gets the next id and becomes the newest. A zero
// Timestamp becomes one second after the newest entry's. It returns the
// entries as stored.
func (em *Emulator) Add(entries ...Entry) []Entry {
	em.mu.Lock()
	defer em.mu.Unlock()
	added := make([]Entry, len(entries))
	for i, e := range entries {
		var top Entry
		if len(em.entries) > 0 {
			top = em.entries[0]
		}
		e.ID = top.ID + 1
		if e.Timestamp.IsZero() {
			e.Timestamp = top.Timestamp.Add(time.Second)
			if top.Timestamp.IsZero() {
				e.Timestamp = em.opts.Now
			}
		}
		e.Timestamp = e.Timestamp.UTC().Truncate(time.Second)
		em.entries = slices.Insert(em.entries, 0, e)
		added[i] = e
	}
	return added
}

// serve answers the n-th request as the console would.
func (em *Emulator) serve(w http.ResponseWriter, r *http.Request, _ Request, n int) {
	if emulate.RateLimited(w.Header(), em.opts.RateLimitEvery, n, em.opts.RetryAfter) {
		em.fail(w, http.StatusTooManyRequests, "Rate limit exceeded, please slow down")
		return
	}
	if err := r.ParseForm(); err != nil {
		em.fail(w, http.StatusBadRequest, "Could not parse the request")
		return
	}
	switch r.URL.Path {
	case "/api/v1/ping", "/api/v1/audit_trail/fetch":
	default:
		em.fail(w, http.StatusNotFound, "Not found")
		return
	}
	if r.Method != http.MethodGet {
		em.fail(w, http.StatusMethodNotAllowed, "Method not allowed")
		return
	}
	if msg := em.authFailure(r); msg != "" {
		em.fail(w, http.StatusUnauthorized, msg)
		return
	}
	if r.URL.Path == "/api/v1/ping" {
		answer.Write(w, http.StatusOK, map[string]string{"result": "success"})
		return
	}
	em.fetch(w, r.Form)
}

// authFailure checks the X-Canary-Auth-Token header (whose name Go already
// matches case-insensitively), else the auth_token parameter, and returns
// the console's message for a failure.
func (em *Emulator) authFailure(r *http.Request) string {
	if h := r.Header.Get("X-Canary-Auth-Token"); h != "" {
		if !em.tokenIs(h) {
			return "Unauthorized"
		}
		return ""
	}
	if !em.tokenIs(r.Form.Get("auth_token")) {
		return "Invalid auth_token"
	}
	return ""
}

func (em *Emulator) tokenIs(s string) bool {
	return s != "" && subtle.ConstantTimeCompare([]byte(s), []byte(em.opts.Token)) == 1
}

// fail sends {"result":"error","message":msg} with status, or with
// ErrorStatus when that is set.
func (em *Emulator) fail(w http.ResponseWriter, status int, msg string) {
	if em.opts.ErrorStatus != 0 {
		status = em.opts.ErrorStatus
	}
	answer.Write(w, status, map[string]string{"result": "error", "message": msg})
}

// answer is how the Canary console answers in JSON.
var answer = emulate.JSON{ContentType: "application/json", Failed: `{"result":"error","message":"Internal error"}`}
