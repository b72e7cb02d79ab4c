// Package merge shows several sources as one: the events of every part, merged
// by time, newest first, in pages of their own, so `trail a b` and a [views]
// entry page through several audit trails as one list.
//
// The merge is lazy: a k-way merge over each part's pages that fetches a
// part's next page only when the events it already holds run out and the part
// has more. It never emits an event past a part whose buffer is empty (that
// part's next page may hold newer events), unless the part is done or failed.
//
// Order. Providers return their events newest first, and so the merged list is
// newest first; events with the same time come in the order of the parts,
// then in each part's own order. An event without a time is emitted as soon
// as it reaches the head of its part, so it stays next to the event its part
// put before it. A part that is a Seeker whose log runs oldest first (a file
// that is appended to) is read from its end, so it comes newest first too
// (sources.OldestFirst says which way a Seeker runs). Any other part that is
// not newest first is not reordered: the merge only ever compares the parts'
// heads, so each part's events keep their own order, every event still comes
// exactly once, and the list is in time order only as far as the parts are.
//
// Failures. A part whose Fetch fails (after its own transport's retries) does
// not hide the others: the page records the error in that part's Part.Err,
// says so in Page.Notice, and goes on with the rest. The failed part is parked
// in the Next cursor at the position it had, and later pages of the walk leave
// it out: what it still holds belongs among events already delivered, so
// resuming it further down would break the order. Fetching again the cursor
// that led to the failure (or starting over from "") tries it again, from
// where it was. Only when every part has failed is Fetch an error, which names
// each part; the cursor that failed can then be fetched again to retry.
package merge

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// Named is one part of a merged view: a source and how the config names it.
type Named struct {
	Name     string // the source's name in the config, set on each of its events
	Provider string // its provider, set on each of its events
	Source   sources.Source
}

// Options tunes a merged Source. The zero value is sensible.
type Options struct {
	// PageSize is how many events a merged page holds; 0 means 100.
	PageSize int
	// CachePages bounds the parts' pages the Source keeps, so that a cursor
	// which resumes a part in the middle of a page need not fetch that page
	// again; 0 means four per part, a negative value none.
	CachePages int
}

// Source is the merged view. It implements sources.Source,
// sources.Describer and sources.ActionLister, and is safe for concurrent use
// if its parts are.
type Source struct {
	parts    []Named
	order    []partOrder // each part's order, found on its first fetch
	pageSize int
	cache    *pageCache
}

// New returns the merge of parts, in that order (the order breaks ties
// between events of the same time). parts should hold two or more sources
// with distinct names; with none, every page is empty.
func New(parts []Named, opts Options) *Source {
	if opts.PageSize <= 0 {
		opts.PageSize = 100
	}
	if opts.CachePages == 0 {
		opts.CachePages = 4 * len(parts)
	}
	return &Source{parts: append([]Named(nil), parts...), order: make([]partOrder, len(parts)), pageSize: opts.PageSize, cache: newPageCache(opts.CachePages)}
}

// Fetch implements sources.Source: the next PageSize events of every part,
// merged by time, with every part's state in Page.Parts. Each part gets q as
// it is and returns exactly what matches, so the merge trims nothing. The
// cursor is the merge's own (see cursor.go); Prev is always "" (the UI keeps
// its own history) and Total is 0. A part that fails is parked and named in
// Page.Notice; Fetch fails only when every part has (see the package doc).
func (s *Source) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	if err := ctx.Err(); err != nil {
		return sources.Page{}, fmt.Errorf("merged view: %w", err)
	}
	qkey := queryKey(q)
	st, err := s.decode(qkey, cursor)
	if err != nil {
		return sources.Page{}, err
	}
	r := s.newRun(q, qkey, st, cursor != "")
	out := make([]model.Event, 0, min(s.pageSize, 1024))
	for len(out) < s.pageSize {
		if err := r.fill(ctx); err != nil {
			return sources.Page{}, err
		}
		i := r.pick()
		if i < 0 {
			break
		}
		out = append(out, r.take(i))
	}
	r.settle()
	if err := r.allFailed(); err != nil {
		return sources.Page{}, err
	}
	page := sources.Page{Events: out, Number: st.Pages + 1, Parts: r.parts(), Notice: r.notice()}
	if r.active() {
		st.Pages++
		page.Next = s.encode(qkey, st)
	}
	return page, nil
}

// partPage is a part's page as the merge holds it while it runs.
type partPage struct {
	events []model.Event
	next   string
}

// run is the state of one Fetch: where each part is, the page it is in,
// and what happened to it on the way.
type run struct {
	src    *Source
	q      model.Query
	qkey   string
	resume bool                // resuming a walk, not starting one: the cache may serve
	pos    []partPos           // where each part is; saved in the Next cursor
	page   []*partPage         // the page each active part is in, once loaded
	errs   []error             // each failed part's error, restored or fresh
	fresh  []error             // the errors of parts that failed during this Fetch
	notes  []string            // what each part's provider said on this Fetch
	tried  map[string]bool     // the parts' pages fetched by this Fetch, to catch a cursor loop
	guards []sources.PageGuard // each part's pages fetched by this Fetch, to catch endless paging
}

// newRun starts a Fetch of q from st, bringing back the errors of parts
// that failed on earlier pages.
func (s *Source) newRun(q model.Query, qkey string, st state, resume bool) *run {
	n := len(s.parts)
	r := &run{src: s, q: q, qkey: qkey, resume: resume, pos: st.Parts,
		page: make([]*partPage, n), errs: make([]error, n), fresh: make([]error, n), notes: make([]string, n),
		guards: make([]sources.PageGuard, n)}
	for i, p := range r.pos {
		if p.State == stateFailed {
			r.errs[i] = p.err()
		}
	}
	return r
}

// pick returns the part whose head goes next, or -1 when no active part has
// one (all are done or failed). fill has given every active part a head.
func (r *run) pick() int {
	best := -1
	for i := range r.pos {
		if r.pos[i].State != stateActive || r.page[i] == nil || r.pos[i].Skip >= len(r.page[i].events) {
			continue
		}
		t := r.page[i].events[r.pos[i].Skip].Time
		if t.IsZero() {
			return i // no time to compare: keep it next to its part's previous event
		}
		if best < 0 || t.After(r.page[best].events[r.pos[best].Skip].Time) {
			best = i
		}
	}
	return best
}

// take removes part i's head and returns it, naming its source.
func (r *run) take(i int) model.Event {
	p := &r.pos[i]
	e := r.page[i].events[p.Skip]
	p.Skip++
	p.Events++
	p.Anchor = e.ID
	if e.Source == "" { // a part that is itself a merge has named it already
		e.Source, e.Provider = r.src.parts[i].Name, r.src.parts[i].Provider
	}
	return e
}

// settle moves each active part whose page is used up on to its next page
// (without fetching it) or marks it done, and keeps the pages the others
// stopped in (or only looked at, to compare heads) for the Fetch that
// resumes there.
func (r *run) settle() {
	for i := range r.pos {
		p := &r.pos[i]
		pg := r.page[i]
		if p.State != stateActive || pg == nil {
			continue
		}
		switch {
		case p.Skip < len(pg.events):
			r.src.cache.put(r.cacheKey(i), pg)
		case pg.next == "":
			*p = partPos{State: stateDone, Events: p.Events}
		default:
			p.Cursor, p.Skip, p.Anchor = pg.next, 0, ""
		}
	}
}

// active reports whether any part has more to give.
func (r *run) active() bool {
	for _, p := range r.pos {
		if p.State == stateActive {
			return true
		}
	}
	return false
}

// allFailed returns an error naming every part when every part has failed.
func (r *run) allFailed() error {
	if len(r.pos) == 0 {
		return nil
	}
	var errs []error
	for i, p := range r.pos {
		if p.State != stateFailed {
			return nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", r.src.parts[i].Name, r.errs[i]))
	}
	return &failedError{what: "every source of the view failed", errs: errs}
}

// parts reports each part's state for the status line.
func (r *run) parts() []sources.Part {
	out := make([]sources.Part, len(r.pos))
	for i, p := range r.pos {
		out[i] = sources.Part{
			Name: r.src.parts[i].Name, Provider: r.src.parts[i].Provider,
			Events: p.Events, Done: p.State == stateDone, Err: r.errs[i],
		}
	}
	return out
}

// notice says, in part order, which parts failed during this Fetch and what
// the parts' providers said.
func (r *run) notice() string {
	var says []string
	for i := range r.pos {
		name := r.src.parts[i].Name
		if r.fresh[i] != nil {
			says = append(says, fmt.Sprintf("source %s failed: %s; the other sources go on", name, shorten(r.fresh[i].Error(), maxErrText)))
		}
		if r.notes[i] != "" {
			says = append(says, fmt.Sprintf("source %s: %s", name, shorten(r.notes[i], 160)))
		}
	}
	return model.Sanitize(strings.Join(says, "; "))
}

// failedError is the error when every part has failed: each part's error,
// prefixed with its name, reachable through errors.Is and errors.As.
type failedError struct {
	what string
	errs []error
}

func (e *failedError) Error() string {
	msgs := make([]string, len(e.errs))
	for i, err := range e.errs {
		msgs[i] = err.Error()
	}
	return e.what + ": " + strings.Join(msgs, "; ")
}

func (e *failedError) Unwrap() []error { return e.errs }

// shorten cuts s to about n bytes on a rune boundary, on one line.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// errCursorLoop is a part's failure when its provider hands back a cursor it
// was already given in this Fetch, which would page forever.
var errCursorLoop = errors.New("the provider sent a next-page cursor it had already sent; stopped it rather than loop")
