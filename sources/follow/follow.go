// Package follow keeps up with a log as it grows, for any provider: the
// explorer's follow mode and `trail export --follow` both use it.
//
// A follow stands at a Head: the newest event time it holds and the ids of
// the events it holds from a little before that time. Each Poll asks the
// source for the query's events since Head.Time minus an overlap, walks
// every page of that answer (a burst bigger than a page is walked, never
// skipped), drops what the head already holds and returns the rest, with
// the new head. The overlap catches events that reach the provider late,
// stamped with a time inside the last interval; the ids held over the
// overlap are what keeps them from coming twice.
//
// Exactly once, and where it stops:
//
//   - Two events in the same second are told apart by id. A provider
//     without ids (Domo) derives one from the entry (see sources/domo), and
//     an event that reaches Poll with none gets one here: a hash of its raw
//     entry, and "~2", "~3", ... for identical twins in one answer, counted
//     in the answer's order, as Domo's derived ids are.
//   - An event stamped earlier than Head.Time minus the overlap that
//     arrives after the head passed it is not seen: no poll asks that far
//     back again. Options.Overlap says how late an event may be.
//   - An event without a time never matches a query with a time range (see
//     model.Query.Matches), so a follow never returns one.
//
// Nothing here is a secret: a Head holds times and ids, and a State (what
// --state writes) holds heads and the source's name.
package follow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// DefaultInterval is how often a source is asked for new events when its
// config sets no follow_interval: two requests a minute, far under every
// provider's documented rate limit, and an event shows about 15 s after it
// reaches the provider on average.
const DefaultInterval = 30 * time.Second

// DefaultOverlap is how far behind the head each poll starts: events a
// provider records up to two minutes late (a login written after its
// session ends, a queue behind) are still caught. It costs the events of
// those two minutes fetched again, and no more requests unless they fill a
// page.
const DefaultOverlap = 2 * time.Minute

// Head is where a follow stands: the newest time of an event it holds, and
// the ids of the events it holds from Time minus the overlap onwards, each
// with its time so that the set is cut as the head moves. The zero Head
// holds nothing: its first poll asks for the whole query.
type Head struct {
	Time time.Time            `json:"time"`
	Seen map[string]time.Time `json:"seen,omitempty"`
	// Mark is where a Tailer stopped reading (a file's offset), "" for
	// other sources and before the first check.
	Mark string `json:"mark,omitempty"`
}

// Tailer is a source that can read on from where it stopped, as a file
// that grows by appending (sources/file): Tail returns the events of q
// after mark and the mark after them, reading only what was added; the
// empty mark is the end now. notice says what the user should know (the
// file was truncated or replaced, and read again from its start). A source
// that cannot tail this time returns errors.ErrUnsupported, and the poll
// walks the query instead.
type Tailer interface {
	Tail(ctx context.Context, q model.Query, mark string) (evs []model.Event, next, notice string, err error)
}

// IsZero reports whether h holds nothing.
func (h Head) IsZero() bool { return h.Time.IsZero() && len(h.Seen) == 0 }

// Options tunes Poll. The zero value is sensible.
type Options struct {
	// Overlap is how far before the head each poll starts; 0 means
	// DefaultOverlap.
	Overlap time.Duration
	// Walk tunes the walk over the answer's pages: its retries and waits
	// (a 429 is waited out as the provider asks, see sources.Walk).
	Walk sources.WalkOptions
}

func (o Options) overlap() time.Duration {
	if o.Overlap <= 0 {
		return DefaultOverlap
	}
	return o.Overlap
}

// Result is what one poll found.
type Result struct {
	// Events are the new events, newest first (the explorer's order); ties
	// keep the order the provider sent them in.
	Events []model.Event
	// Head is where the follow stands with them.
	Head Head
	// Pages is how many pages the poll fetched, for the request counts.
	Pages int
	// Notice is what a Tailer said the user should know.
	Notice string
}

// Poll asks src for the events of q that head does not hold. head is not
// changed: the new head is in the Result, for the caller to keep once it
// has shown or written the events. On an error nothing is returned and the
// caller polls again from the same head later, so a failure loses nothing.
func Poll(ctx context.Context, src sources.Source, q model.Query, head Head, opts Options) (Result, error) {
	pq := q
	if !head.Time.IsZero() {
		since := head.Time.Add(-opts.overlap())
		if since.After(pq.Since) {
			pq.Since = since
		}
	}
	got, mark, notice, pages, err := fetchNew(ctx, src, pq, head, opts)
	if err != nil {
		return Result{Pages: pages}, err
	}
	res := Result{Head: head.clone(), Pages: pages, Notice: notice}
	res.Head.Mark = mark
	twins := map[string]int{}
	for _, e := range got {
		key := Key(&e, twins)
		if _, held := res.Head.Seen[key]; held {
			continue
		}
		if res.Head.Seen == nil {
			res.Head.Seen = map[string]time.Time{}
		}
		res.Head.Seen[key] = e.Time
		res.Events = append(res.Events, e)
	}
	res.Head.advance(res.Events, opts.overlap())
	SortNewestFirst(res.Events)
	return res, nil
}

// fetchNew reads what a poll looks at: from a Tailer's mark when the head
// has one, else every page of q. A Tailer's first poll takes its mark
// before the walk, so what is appended during the walk is read (and its
// duplicates dropped) next time rather than missed.
func fetchNew(ctx context.Context, src sources.Source, q model.Query, head Head, opts Options) (evs []model.Event, mark, notice string, pages int, err error) {
	t, tails := src.(Tailer)
	if tails && head.Mark != "" {
		evs, mark, notice, err = t.Tail(ctx, q, head.Mark)
		if !errors.Is(err, errors.ErrUnsupported) {
			return evs, mark, notice, 1, err
		}
	}
	if tails {
		if _, mark, _, err = t.Tail(ctx, q, ""); errors.Is(err, errors.ErrUnsupported) {
			mark, err = "", nil
		}
		if err != nil {
			return nil, "", "", 0, err
		}
	}
	err = sources.Walk(ctx, src, q, opts.Walk, func(page []model.Event) error {
		pages++
		evs = append(evs, page...)
		return nil
	})
	return evs, mark, "", pages, err
}

// Observe returns head with evs held too: the backlog an export wrote or
// the pages the explorer loaded before following. Events are told apart as
// Poll tells them.
func Observe(head Head, evs []model.Event, opts Options) Head {
	h := head.clone()
	twins := map[string]int{}
	if h.Seen == nil {
		h.Seen = map[string]time.Time{}
	}
	for i := range evs {
		h.Seen[Key(&evs[i], twins)] = evs[i].Time
	}
	h.advance(evs, opts.overlap())
	return h
}

// Key is the id an event is told apart by: its id, or, for an event
// without one, a hash of its raw entry with "~2", "~3"... for the identical
// twins after the first, counted in twins. The source's name is not part of
// it: a Plan keeps a head for each part of a merged view, and a part's
// events reach it before they are tagged with the part's name.
func Key(e *model.Event, twins map[string]int) string {
	id := e.ID
	if id == "" {
		sum := sha256.Sum256(e.Raw)
		id = "#" + hex.EncodeToString(sum[:8])
		twins[id]++
		if n := twins[id]; n > 1 {
			id += "~" + strconv.Itoa(n)
		}
	}
	return id
}

// advance moves h's time to the newest of evs and forgets the ids of
// events older than the overlap before it: no poll asks for them again.
func (h *Head) advance(evs []model.Event, overlap time.Duration) {
	for i := range evs {
		if evs[i].Time.After(h.Time) {
			h.Time = evs[i].Time
		}
	}
	cut := h.Time.Add(-overlap)
	for k, t := range h.Seen {
		if t.Before(cut) {
			delete(h.Seen, k)
		}
	}
}

func (h Head) clone() Head {
	h.Seen = maps.Clone(h.Seen)
	return h
}

// SortNewestFirst orders evs by time, newest first, keeping the order of
// events with the same time.
func SortNewestFirst(evs []model.Event) {
	slices.SortStableFunc(evs, func(a, b model.Event) int { return b.Time.Compare(a.Time) })
}
