package domoemu

import (
	"time"

	"github.com/trail-dev/trail/sources/faults"
)

// Demo credentials: the client the demo emulator knows.
const (
	DemoClientID     = "demo-client"
	DemoClientSecret = "demo-secret"
)

// TimeForm is how the emulator writes an entry's time. Domo's sources
// disagree, so the client reads all three.
type TimeForm int

const (
	// TimeDocs is the v1 docs' "2017-12-13 10:57:35 PM": whole seconds, no zone.
	TimeDocs TimeForm = iota
	// TimeRFC3339 is what the Rust SDK's DateTime<Utc> implies.
	TimeRFC3339
	// TimeEpochMillis is an integer, as the newer instance API sends.
	TimeEpochMillis
)

// Order is the order the emulator serves entries in; Domo does not document one.
type Order int

const (
	// NewestFirst is the order of Domo's Activity Log screen, and the default.
	NewestFirst Order = iota
	// OldestFirst is the other order a client must be ready for.
	OldestFirst
	// Unsorted serves entries in an order that has nothing to do with
	// their times (by a digest of each entry as sent), the same on every
	// request and kept when entries arrive.
	Unsorted
)

// TokenErrors is the shape of the token endpoint's errors, which Domo does
// not document.
type TokenErrors int

const (
	// TokenErrorsOAuth is {"error":"invalid_client","error_description":...}.
	TokenErrorsOAuth TokenErrors = iota
	// TokenErrorsDomo is the gateway's {"status","statusReason","path","message","toe"}.
	TokenErrorsDomo
	// TokenErrorsText is a plain-text body, as pydomo's handling allows for.
	TokenErrorsText
)

// Options sets up an Emulator. Where Domo's documentation leaves a
// behaviour open, an option picks which one to emulate.
type Options struct {
	// ClientID and ClientSecret are the one OAuth client the emulator knows;
	// "" means the demo's.
	ClientID, ClientSecret string
	// ClientScopes are the scopes that client has; nil means audit, data and user.
	ClientScopes []string
	// NarrowScopes grants a token without the requested scopes the client
	// lacks, instead of refusing the request with 400 invalid_scope.
	NarrowScopes bool
	// TokenLifetime is a token's expires_in; 0 means 3599 seconds.
	TokenLifetime time.Duration
	// OmitExpiresIn leaves expires_in out of the token response.
	OmitExpiresIn bool
	// JWT issues tokens that are JWTs with an exp claim; otherwise opaque.
	JWT bool
	// TokenType is the response's token_type; "" means "bearer" as documented.
	TokenType string
	// TokenGETOnly answers a POST to the token endpoint with 405, as a server
	// following the docs' GET strictly might.
	TokenGETOnly bool
	// TokenErrors is the shape of the token endpoint's errors.
	TokenErrors TokenErrors
	// Clock is the emulator's clock for token expiry; nil means time.Now.
	Clock func() time.Time

	// Now is the end of the generated log; zero means the current time.
	Now time.Time
	// Events is how many entries to generate, ending at Now.
	Events int
	// Entries, when not nil, is the log instead of generated data, in any order.
	Entries []Entry
	// Seed makes the generated data: the same Seed and Now give the same log.
	Seed int64

	// TimeForm is how entries' times are written.
	TimeForm TimeForm
	// Zone is the zone the docs' zone-less form is written in (RFC 3339
	// carries its offset); nil means America/Denver, the zone the docs'
	// sample implies (see timezone.go).
	Zone *time.Location
	// ActorType writes the proxying user's name as actorType, as the Rust
	// SDK reads it, instead of actorName, as the docs show.
	ActorType bool
	// Order is the order entries are served in.
	Order Order
	// ExclusiveEnd matches start <= time < end; otherwise start <= time <= end.
	ExclusiveEnd bool
	// RejectOverLimit answers a limit over 1000 with 400; otherwise it is
	// taken as 1000.
	RejectOverLimit bool
	// AddPerRequest, when above zero, adds that many new entries at the head
	// before answering each /v1/audit request but the first, as a busy
	// instance does while someone pages through it.
	AddPerRequest int
	// LatePerRequest, when above zero, adds that many new entries at times
	// spread over the window asked for, before answering each /v1/audit
	// request but the first: entries that reach the log late, inside a
	// window a client is paging through.
	LatePerRequest int
	// Always406 answers every /v1/audit request with the HTML 406 page seen
	// when content negotiation fails.
	Always406 bool
	// Latency delays every response, ending early if the client gives up.
	Latency time.Duration
	// RateLimitEvery, when above zero, answers every Nth /v1/audit request with 429.
	RateLimitEvery int
	// RetryAfter is the Retry-After of those answers; zero means 2 seconds.
	RetryAfter time.Duration
	// Faults makes the network and Domo misbehave on a plan, the token
	// endpoint included: rate limits of every kind, 500s, an HTML 502,
	// cut-off bodies, resets, slow answers (see sources/faults).
	Faults faults.Plan
}

// Entry is one activity log entry as the emulator stores and serves it.
type Entry struct {
	Time              time.Time // kept to the millisecond
	UserName, UserID  string
	UserType          string // "" means USER
	ActorID           int64  // the proxying user, 0 if none
	ActorName         string
	ObjectName        string
	ObjectID          string
	ObjectType        string
	AdditionalComment string
	EventText         string
	Device            string
	BrowserDetails    string
	IPAddress         string
	ActionType        string
	Extra             map[string]string // undocumented fields, sent too

	seq int64 // arrival order, which orders entries of the same millisecond
}
