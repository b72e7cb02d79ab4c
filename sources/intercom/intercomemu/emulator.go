package intercomemu

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
	"github.com/trail-dev/trail/sources/faults"
)

// DemoToken is the access token the demo emulator accepts.
const DemoToken = "demo"

// NextForm is the shape the emulator gives pages.next.
type NextForm int

// The two shapes of pages.next in the wild.
const (
	// NextURL is a full link to the next page, as scripts in the wild
	// follow it: ...?created_at_after=..&page=2&per_page=20.
	NextURL NextForm = iota
	// NextStartingAfter is the spec's {"per_page": 20, "starting_after": "..."}.
	NextStartingAfter
)

// Options sets up an Emulator. Where Intercom's documentation leaves
// a behaviour open, an option picks which one to emulate.
type Options struct {
	// Token is the access token the emulator accepts; "" means DemoToken.
	Token string
	// Now is the end of the generated log; zero means the current time.
	Now time.Time
	// Events is how many entries to generate over the four weeks before Now.
	Events int
	// Entries, when not nil, is the log instead of generated data, in any
	// order. Entries without an ID are given one.
	Entries []Entry
	// Seed makes the generated data: the same Seed and Now give the same log.
	Seed int64
	// Latency delays every response, ending early if the client gives up.
	Latency time.Duration
	// Next picks the shape of pages.next.
	Next NextForm
	// NextBase, when set, is the scheme and host put in NextURL links, as a
	// misrouted proxy would; "" means the host the request came to.
	NextBase string
	// OmitPagesAtEnd leaves pages out of the last page, as the old docs
	// allow ("may be empty, indicating no further pages").
	OmitPagesAtEnd bool
	// PerPage is the page size when a request sends no per_page; 0 means 20.
	PerPage int
	// InclusiveBounds makes created_at_after and created_at_before include
	// their own second; otherwise both are strict. The docs do not say.
	InclusiveBounds bool
	// MissingParamStatus is the status of the parameter_not_found answer to a
	// request without created_at_after: 0 means 404, as the docs show;
	// newer versions may send 400.
	MissingParamStatus int
	// RateLimit is how many requests each window allows; 0 means 167, the
	// docs' example (1000 a minute).
	RateLimit int
	// RateWindow is the length of a rate-limit window, in whole seconds;
	// 0 means 10 seconds, as Intercom enforces.
	RateWindow time.Duration
	// Clock tells the time for rate-limit windows and the Date header; nil
	// means time.Now.
	Clock func() time.Time
	// PlanRestricted answers every authorized request with 403
	// api_plan_restricted, as for a workspace without the feature.
	PlanRestricted bool
	// Search says which versions get POST /admins/activity_logs/search and
	// how the others are refused; the zero value follows the spec (2.16+).
	Search SearchSupport
	// SearchOmitTotal leaves total_pages out of search answers, which the
	// spec's pages object does not promise: the client must then page on
	// until a page comes back short.
	SearchOmitTotal bool
	// Faults makes the network and Intercom misbehave on a plan: rate limits
	// of every kind (X-RateLimit-Reset among them), 500s, an HTML 502,
	// cut-off bodies, resets, slow answers (see sources/faults).
	Faults faults.Plan
}

// Admin is performed_by.
type Admin struct {
	ID, Email, IP string
}

// Entry is one activity-log entry as the emulator stores and serves it.
type Entry struct {
	ID           string
	CreatedAt    time.Time
	ActivityType string
	Description  string
	PerformedBy  Admin
	// Metadata is sent as it is; nil is sent as null.
	Metadata json.RawMessage
}

// Request is one request the emulator received, for tests to inspect.
type Request = emulate.Request

// Emulator is an http.Handler that speaks Intercom's admin activity log API
// (GET /admins/activity_logs) over its own log, kept newest first. The
// embedded Base logs the requests and applies the latency and the fault plan.
type Emulator struct {
	*emulate.Base
	opts Options

	mu          sync.Mutex
	entries     []Entry // newest first: created_at, then id, descending
	windowStart time.Time
	used        int
	searches    []SearchBody
}

// New returns an emulator holding opts.Entries, or opts.Events
// generated entries.
func New(opts Options) *Emulator {
	if opts.Token == "" {
		opts.Token = DemoToken
	}
	opts.Now = emulate.LogEnd(opts.Now, time.Second)
	if opts.PerPage <= 0 {
		opts.PerPage = 20
	}
	if opts.RateLimit <= 0 {
		opts.RateLimit = 167
	}
	switch {
	case opts.RateWindow <= 0:
		opts.RateWindow = 10 * time.Second
	case opts.RateWindow%time.Second != 0:
		// X-RateLimit-Reset is whole seconds, so windows are too.
		opts.RateWindow = opts.RateWindow.Truncate(time.Second) + time.Second
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.MissingParamStatus == 0 {
		opts.MissingParamStatus = http.StatusNotFound
	}
	em := &Emulator{opts: opts}
	if opts.Entries != nil {
		em.entries = sortEntries(opts.Entries)
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
	return emulate.Copy(em.entries, func(e *Entry) { e.Metadata = bytes.Clone(e.Metadata) })
}

// Add records new entries, as a workspace does while someone pages through
// its log, and returns them as stored. A zero CreatedAt becomes one second
// after the newest entry's.
func (em *Emulator) Add(entries ...Entry) []Entry {
	em.mu.Lock()
	defer em.mu.Unlock()
	added := make([]Entry, len(entries))
	for i, e := range entries {
		if e.CreatedAt.IsZero() {
			e.CreatedAt = em.opts.Now
			if len(em.entries) > 0 {
				e.CreatedAt = em.entries[0].CreatedAt.Add(time.Second)
			}
		}
		normalize(&e, len(em.entries))
		added[i] = e
		em.entries = sortEntries(append(em.entries, e))
	}
	return added
}

// sortEntries returns the entries newest first, by created_at then id, with
// times in whole seconds and ids given to entries without one.
func sortEntries(in []Entry) []Entry {
	out := slices.Clone(in)
	for i := range out {
		normalize(&out[i], i)
	}
	slices.SortStableFunc(out, func(a, b Entry) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return out
}

// normalize puts e's time in whole UTC seconds, as the wire has them, and
// gives it an id, made from its time and n, if it has none.
func normalize(e *Entry, n int) {
	e.CreatedAt = e.CreatedAt.UTC().Truncate(time.Second)
	if e.ID == "" {
		e.ID = fmt.Sprintf("%08x-0000-4000-8000-%012x", e.CreatedAt.Unix(), n)
	}
}
