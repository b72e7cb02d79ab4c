package qualtricsemu

import (
	"cmp"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
	"github.com/trail-dev/trail/sources/faults"
)

// Credentials the demo emulator accepts.
const (
	DemoToken        = "demo"
	DemoClientID     = "demo-client"
	DemoClientSecret = "demo-secret"
)

// apiPrefix is where the emulator serves the v3 API, as Qualtrics does.
const apiPrefix = "/API/v3"

// NextPageForm is how the emulator writes result.nextPage: the sources
// disagree, so it can do either.
type NextPageForm int

// The forms of result.nextPage.
const (
	// NextPageToken is an opaque base64url token ending in "~~", sent back
	// as skipToken with the original filters.
	NextPageToken NextPageForm = iota
	// NextPageURL is the full URL of the next page.
	NextPageURL
)

// Options sets up an Emulator. Where the documentation leaves a
// behaviour open, an option picks which one to emulate.
type Options struct {
	// Token is the API token accepted in X-API-TOKEN; "" means DemoToken.
	Token string
	// ClientID and ClientSecret are the OAuth client accepted at
	// /oauth2/token; "" means DemoClientID and DemoClientSecret.
	ClientID, ClientSecret string
	// Scopes are those the OAuth client may be granted; nil means
	// read:activity_logs.
	Scopes []string
	// TokenLifetime is an access token's expires_in; zero means an hour.
	TokenLifetime time.Duration
	// Now is the end of the generated log and the clock of the default
	// window; zero means the current time.
	Now time.Time
	// Events is how many events to generate, of all types, before Now.
	Events int
	// Types, when set, are the only activity types generated.
	Types []string
	// Span is how far back the generated events go; zero means 14 days.
	Span time.Duration
	// Entries, when not nil, is the log instead of generated data.
	Entries []Entry
	// Seed makes the generated data: the same Seed and Now give the same log.
	Seed int64
	// Latency delays every response, ending early if the client gives up.
	Latency time.Duration
	// Faults makes the network and the API misbehave on a plan (see
	// sources/faults).
	Faults faults.Plan
	// NextPage is the form of result.nextPage.
	NextPage NextPageForm
	// NextPageHost, when set, is the host nextPage URLs name instead of the
	// request's: a data center handing the walk to another.
	NextPageHost string
	// OmitLastNextPage leaves nextPage out of the last page instead of
	// sending null.
	OmitLastNextPage bool
	// DefaultOrder is the order when the request sends none: "dsc" (the
	// default here; the API's own is not documented) or "asc".
	DefaultOrder string
	// ProxiedTo, when set, makes this emulator a data center that is not the
	// brand's: requests with an API token are answered with a meta.notice
	// naming ProxiedTo; OAuth tokens are refused with 401 DCD_7.
	ProxiedTo string
	// Notice is a meta.notice sent with every answer.
	Notice string
	// StrictFilters refuses a filter an activity type does not take (400);
	// otherwise such a filter is ignored. Which the API does is not known.
	StrictFilters bool
	// DescribedTypes lists activity types as {name, description, category}
	// rather than {name, additionalFilters}.
	DescribedTypes bool
	// LoopAt, when above 1, makes page LoopAt of every walk send back a
	// token already sent: that of page LoopAt+1-LoopLength.
	LoopAt, LoopLength int
	// Deny answers the logs endpoints with 403.
	Deny bool
	// RateLimitEvery, when above zero, answers every Nth request with 429.
	RateLimitEvery int
	// RetryAfter is the Retry-After of those answers; zero means 2 seconds.
	RetryAfter time.Duration
	// FailEvery, when above zero, answers every Nth API request with
	// FailStatus (zero means 503), as an HTML page if FailHTML is set.
	FailEvery, FailStatus int
	FailHTML              bool
}

// Entry is one event as the emulator stores and serves it.
type Entry struct {
	ID         string
	Type       string // the activity type; not sent, as the API does not
	Timestamp  time.Time
	Datacenter string
	Source     string
	Descriptor json.RawMessage // an object; nil is sent as {}
}

// Request is one request the emulator received, for tests to inspect; a
// POST's form body is kept.
type Request = emulate.Request

// Emulator is an http.Handler that speaks Qualtrics' activity-log API:
// GET /API/v3/logs, GET /API/v3/logs/activitytypes and POST /oauth2/token.
// The embedded Base logs the requests and applies the latency and the fault
// plan.
type Emulator struct {
	*emulate.Base
	opts Options

	mu       sync.Mutex
	entries  []Entry // newest first
	tokens   emulate.Tokens
	apiCalls int
}

// New returns an emulator holding opts.Entries, or opts.Events
// generated events.
func New(opts Options) *Emulator {
	opts.Token = cmp.Or(opts.Token, DemoToken)
	opts.ClientID = cmp.Or(opts.ClientID, DemoClientID)
	opts.ClientSecret = cmp.Or(opts.ClientSecret, DemoClientSecret)
	if opts.Scopes == nil {
		opts.Scopes = []string{scope}
	}
	opts.TokenLifetime = cmp.Or(opts.TokenLifetime, time.Hour)
	opts.Now = emulate.LogEnd(opts.Now, time.Millisecond)
	opts.Span = cmp.Or(opts.Span, 14*24*time.Hour)
	opts.DefaultOrder = cmp.Or(opts.DefaultOrder, "dsc")
	opts.RetryAfter = cmp.Or(opts.RetryAfter, 2*time.Second)
	opts.FailStatus = cmp.Or(opts.FailStatus, http.StatusServiceUnavailable)
	opts.LoopLength = max(opts.LoopLength, 1)
	em := &Emulator{opts: opts}
	if opts.Entries != nil {
		em.entries = slices.Clone(opts.Entries)
	} else {
		em.entries = generateEntries(opts.Events, opts.Seed, opts.Now, opts.Span, opts.Types)
	}
	for i := range em.entries {
		em.entries[i].Timestamp = em.entries[i].Timestamp.UTC().Truncate(time.Millisecond)
	}
	sortEntries(em.entries)
	em.Base = emulate.New(emulate.Options{Latency: opts.Latency, Faults: opts.Faults, Forms: true}, em.serve)
	return em
}

// sortEntries puts a log newest first, ties by id, so every walk sees one order.
func sortEntries(es []Entry) {
	slices.SortStableFunc(es, func(a, b Entry) int {
		return cmp.Or(b.Timestamp.Compare(a.Timestamp), strings.Compare(b.ID, a.ID))
	})
}

// Entries returns a copy of the log, newest first.
func (em *Emulator) Entries() []Entry {
	em.mu.Lock()
	defer em.mu.Unlock()
	return emulate.Copy(em.entries, func(e *Entry) { e.Descriptor = slices.Clone(e.Descriptor) })
}

// Add records new events, as Qualtrics does while someone pages through.
func (em *Emulator) Add(entries ...Entry) {
	em.mu.Lock()
	defer em.mu.Unlock()
	for _, e := range entries {
		e.Timestamp = e.Timestamp.UTC().Truncate(time.Millisecond)
		em.entries = append(em.entries, e)
	}
	sortEntries(em.entries)
}

// serve answers the n-th request as Qualtrics would.
func (em *Emulator) serve(w http.ResponseWriter, r *http.Request, req Request, n int) {
	if emulate.RateLimited(w.Header(), em.opts.RateLimitEvery, n, em.opts.RetryAfter) {
		em.fail(w, http.StatusTooManyRequests, "", "Too many requests. Please try again later.")
		return
	}
	switch r.URL.Path {
	case "/oauth2/token":
		em.issueToken(w, r, req.Form)
		return
	case apiPrefix + "/logs", apiPrefix + "/logs/activitytypes":
	default:
		em.fail(w, http.StatusNotFound, "", "Not Found")
		return
	}
	if r.Method != http.MethodGet {
		em.fail(w, http.StatusMethodNotAllowed, "", "Method Not Allowed")
		return
	}
	em.mu.Lock()
	em.apiCalls++
	failing := em.opts.FailEvery > 0 && em.apiCalls%em.opts.FailEvery == 0
	em.mu.Unlock()
	if failing {
		em.failHard(w)
		return
	}
	notice, ok := em.authenticate(w, r)
	if !ok {
		return
	}
	if r.URL.Path == apiPrefix+"/logs/activitytypes" {
		em.listTypes(w, notice)
		return
	}
	em.listEvents(w, r, notice)
}

// fail sends the error envelope: meta.httpStatus, meta.error and a requestId.
func (em *Emulator) fail(w http.ResponseWriter, status int, code, msg string) {
	e := map[string]string{"errorMessage": msg}
	if code != "" {
		e["errorCode"] = code
	}
	writeJSON(w, status, map[string]any{"meta": map[string]any{
		"httpStatus": fmt.Sprintf("%d - %s", status, http.StatusText(status)),
		"error":      e,
		"requestId":  em.requestID(),
	}})
}

// failHard answers as a failing server or the gateway in front of it does.
func (em *Emulator) failHard(w http.ResponseWriter) {
	status := em.opts.FailStatus
	if !em.opts.FailHTML {
		em.fail(w, status, "", "Internal server error. Please try again later.")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	title := fmt.Sprintf("%d %s", status, http.StatusText(status))
	fmt.Fprintf(w, "<!DOCTYPE html><html><head><title>%s</title></head><body><h1>%s</h1><p>gateway g1-iad</p></body></html>", title, title)
}

// requestID is a fresh id in the shape of meta.requestId, a UUID.
func (em *Emulator) requestID() string {
	n := em.Received()
	return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", uint32(em.opts.Seed), n>>16&0xffff, n>>4&0xfff, n&0xfff, uint64(n)*2654435761)
}

// writeJSON sends v with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"meta":{"httpStatus":"500 - Internal Server Error","error":{"errorMessage":"Internal error"}}}`)
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// tokenIs compares a credential in constant time.
func tokenIs(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
