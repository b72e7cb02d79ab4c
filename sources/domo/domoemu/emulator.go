package domoemu

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// Request is one request the emulator received, for tests to inspect; a
// POST's form body is kept.
type Request = emulate.Request

// Emulator is an http.Handler that speaks Domo's token endpoint
// (/oauth/token) and Activity Log API (GET /v1/audit) over its own log. The
// embedded Base logs the requests and applies the latency and the fault plan.
type Emulator struct {
	*emulate.Base
	opts Options

	mu      sync.Mutex
	entries []Entry // newest first, then by descending seq
	seq     int64
	tokens  emulate.Tokens
	audits  int
}

// New returns an emulator holding opts.Entries, or opts.Events
// generated entries.
func New(opts Options) *Emulator {
	if opts.ClientID == "" {
		opts.ClientID = DemoClientID
	}
	if opts.ClientSecret == "" {
		opts.ClientSecret = DemoClientSecret
	}
	if opts.ClientScopes == nil {
		opts.ClientScopes = []string{"audit", "data", "user"}
	}
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = 3599 * time.Second
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	opts.Now = emulate.LogEnd(opts.Now, time.Millisecond)
	if opts.Zone == nil {
		opts.Zone = defaultZone
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = 2 * time.Second
	}
	em := &Emulator{opts: opts}
	in := opts.Entries
	if in == nil {
		in = generateEntries(opts.Events, opts.Seed, opts.Now)
	}
	em.insert(in...)
	em.Base = emulate.New(emulate.Options{Latency: opts.Latency, Faults: opts.Faults, Forms: true}, em.serve)
	return em
}

// Entries returns a copy of the log in the order the emulator serves it, so a
// test knows exactly which events a query should return.
func (em *Emulator) Entries() []Entry {
	em.mu.Lock()
	defer em.mu.Unlock()
	out := emulate.Copy(em.entries, func(e *Entry) { e.Extra = maps.Clone(e.Extra) })
	em.arrange(out)
	return out
}

// arrange puts entries, newest first as the log keeps them, in the order
// the emulator serves them.
func (em *Emulator) arrange(entries []Entry) {
	switch em.opts.Order {
	case OldestFirst:
		slices.Reverse(entries)
	case Unsorted:
		// By a digest of the entry as sent, as a store keyed by one might
		// list them: no relation to time, the same on every request, kept
		// when entries arrive, identical entries side by side.
		keys := make(map[int64][32]byte, len(entries))
		for _, e := range entries {
			keys[e.seq] = sha256.Sum256(em.JSON(e))
		}
		slices.SortStableFunc(entries, func(a, b Entry) int {
			ka, kb := keys[a.seq], keys[b.seq]
			if c := bytes.Compare(ka[:], kb[:]); c != 0 {
				return c
			}
			return cmp.Compare(a.seq, b.seq)
		})
	}
}

// Zone is the zone the emulator writes the docs' zone-less times in.
func (em *Emulator) Zone() *time.Location { return em.opts.Zone }

// JSON returns the entry as the emulator sends it.
func (em *Emulator) JSON(e Entry) []byte {
	return e.marshal(em.opts.TimeForm, em.opts.ActorType, em.opts.Zone)
}

// Add records new entries, as an instance does while someone pages through
// it. A zero Time becomes one second after the newest entry's (or Now): the
// new head. It returns the entries as stored.
func (em *Emulator) Add(entries ...Entry) []Entry {
	em.mu.Lock()
	defer em.mu.Unlock()
	return em.insert(entries...)
}

// insert adds entries in the order given, keeping the log sorted; em.mu is
// held or em is not yet shared.
func (em *Emulator) insert(entries ...Entry) []Entry {
	added := make([]Entry, len(entries))
	for i, e := range entries {
		if e.Time.IsZero() {
			e.Time = em.opts.Now
			if len(em.entries) > 0 {
				e.Time = em.entries[0].Time.Add(time.Second)
			}
		}
		e.Time = e.Time.UTC().Truncate(time.Millisecond)
		em.seq++
		e.seq = em.seq
		at, _ := slices.BinarySearchFunc(em.entries, e, newestFirst)
		em.entries = slices.Insert(em.entries, at, e)
		added[i] = e
	}
	return added
}

// newestFirst orders entries by descending time, then descending arrival.
func newestFirst(a, b Entry) int {
	if c := b.Time.Compare(a.Time); c != 0 {
		return c
	}
	return int(b.seq - a.seq)
}

// RevokeTokens forgets every token issued, as when an admin resets the client:
// the next request with one gets 401.
func (em *Emulator) RevokeTokens() { em.tokens.Revoke() }

// TokensIssued returns how many tokens the emulator has issued.
func (em *Emulator) TokensIssued() int { return em.tokens.Issued() }

// serve answers one request as Domo would.
func (em *Emulator) serve(w http.ResponseWriter, r *http.Request, _ Request, _ int) {
	switch r.URL.Path {
	case "/oauth/token":
		em.serveToken(w, r)
	case "/v1/audit":
		em.serveAudit(w, r)
	default:
		em.fail(w, r, http.StatusNotFound, "Not Found", "No message available")
	}
}

// fail sends an error in the Domo gateway's shape.
func (em *Emulator) fail(w http.ResponseWriter, r *http.Request, status int, reason, msg string) {
	answer.Write(w, status, map[string]any{
		"status": status, "statusReason": reason, "path": r.URL.Path, "message": msg, "toe": em.toe(),
	})
}

// toe makes a trace id in the style of Domo's "O6Q67O9N7H-U3ALR-NVA7L".
func (em *Emulator) toe() string {
	sum := sha256.Sum256(fmt.Appendf(nil, "toe:%d:%d", em.opts.Seed, em.Received()))
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	var b strings.Builder
	for i, c := range sum[:20] {
		if i == 10 || i == 15 {
			b.WriteByte('-')
		}
		b.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return b.String()
}

// answer is how Domo answers in JSON.
var answer = emulate.JSON{ContentType: "application/json;charset=UTF-8", Failed: `{"status":500,"message":"Internal error"}`}
