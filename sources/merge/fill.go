package merge

import (
	"context"
	"fmt"

	"github.com/trail-dev/trail/sources"
)

// fill gives every active part a head: the next event it has to offer. A
// part whose page is used up moves on to its next page, or is done when it
// has none; a page is taken from the cache if it is there, else fetched.
// Parts that need fetching are fetched together, and fill goes round again
// until every active part has a head (a page may be empty while the part is
// not at its end, when the part trimmed everything on it).
//
// Its only error is the context's: a part that fails is parked instead.
func (r *run) fill(ctx context.Context) error {
	for {
		var need []int
		for i := range r.pos {
			if r.advance(i) {
				need = append(need, i)
			}
		}
		if len(need) == 0 {
			return nil
		}
		if err := r.load(ctx, need); err != nil {
			return err
		}
	}
}

// advance moves part i on until it has a head, is done, or needs its page
// fetched, which it reports.
func (r *run) advance(i int) bool {
	p := &r.pos[i]
	for p.State == stateActive {
		pg := r.page[i]
		switch {
		case pg == nil:
			// Only a Fetch that resumes a walk takes pages from the cache:
			// one from "" fetches them all, so starting over shows what is
			// new.
			if !r.resume {
				return true
			}
			cached, ok := r.src.cache.get(r.cacheKey(i))
			if !ok {
				return true
			}
			r.page[i] = cached
			r.align(i)
		case p.Skip < len(pg.events):
			return false
		case pg.next == "":
			*p = partPos{State: stateDone, Events: p.Events}
			r.page[i] = nil
		default:
			p.Cursor, p.Skip, p.Anchor = pg.next, 0, ""
			r.page[i] = nil
		}
	}
	return false
}

// loaded is one part's fetched page.
type loaded struct {
	part int
	page sources.Page
	err  error
}

// load fetches the current page of each part in need, all at once, and
// returns as soon as ctx ends (a part still fetching is left to notice it
// by itself; its answer is dropped).
func (r *run) load(ctx context.Context, need []int) error {
	if r.tried == nil {
		r.tried = map[string]bool{}
	}
	ch := make(chan loaded, len(need))
	for _, i := range need {
		r.tried[r.cacheKey(i).String()] = true
		q := r.q
		if _, nested := r.src.parts[i].Source.(*Source); !nested {
			var ok bool
			if q, ok = q.ForSource(r.src.parts[i].Name, r.src.parts[i].Provider); !ok {
				ch <- loaded{part: i} // source: rules this part out: it has no events to fetch
				continue
			}
		}
		go func(i int, cursor string) {
			defer func() {
				// A bug in one part's source fails that part, not trail.
				if v := recover(); v != nil {
					ch <- loaded{part: i, err: sources.PanicError("in this source", v)}
				}
			}()
			page, err := r.src.fetchPart(r.partContext(ctx, i), i, q, cursor)
			ch <- loaded{part: i, page: page, err: err}
		}(i, r.pos[i].Cursor)
	}
	for range need {
		var l loaded
		select {
		case l = <-ch:
		case <-ctx.Done():
			return fmt.Errorf("merged view: %w", ctx.Err())
		}
		if ctx.Err() != nil { // the part stopped because the caller did
			return fmt.Errorf("merged view: %w", ctx.Err())
		}
		i := l.part
		var endless error
		if l.err == nil {
			endless = r.guards[i].Check(0, l.page) // parts state no page number to check against
		}
		switch {
		case l.err != nil:
			r.fail(i, l.err)
		case l.page.Next != "" && r.tried[cacheKey{part: i, query: r.qkey, cursor: l.page.Next}.String()]:
			r.fail(i, errCursorLoop)
		case endless != nil:
			r.fail(i, endless)
		default:
			r.page[i] = &partPage{events: l.page.Events, next: l.page.Next}
			if l.page.Notice != "" {
				r.notes[i] = l.page.Notice
			}
			r.align(i)
		}
	}
	return nil
}

// partContext is ctx with part i's progress (a rate-limit wait, a retry)
// reported under the part's name.
func (r *run) partContext(ctx context.Context, i int) context.Context {
	name := r.src.parts[i].Name
	return sources.WithProgress(ctx, func(p sources.Progress) {
		p.Message = name + ": " + p.Message
		sources.ReportProgress(ctx, p)
	})
}

// fail parks part i where it is, with err.
func (r *run) fail(i int, err error) {
	p := &r.pos[i]
	p.State = stateFailed
	p.Err, p.Kind = shorten(err.Error(), maxErrText), kindOf(err)
	r.errs[i], r.fresh[i] = err, err
	r.page[i] = nil
}

// align finds where part i resumes in a page it has just got back for a
// cursor that stopped in its middle. Skip counts the events already
// delivered from it; if the page has shifted since (a live log paged by
// offset), the event last delivered, Anchor, says where it is now.
func (r *run) align(i int) {
	p := &r.pos[i]
	evs := r.page[i].events
	if p.Skip == 0 {
		return
	}
	if p.Anchor != "" && (p.Skip > len(evs) || evs[p.Skip-1].ID != p.Anchor) {
		best := -1
		for j := range evs {
			if evs[j].ID == p.Anchor && (best < 0 || abs(j-(p.Skip-1)) < abs(best-(p.Skip-1))) {
				best = j
			}
		}
		if best >= 0 {
			p.Skip = best + 1
		}
	}
	p.Skip = min(p.Skip, len(evs))
}

// cacheKey names part i's current page.
func (r *run) cacheKey(i int) cacheKey {
	return cacheKey{part: i, query: r.qkey, cursor: r.pos[i].Cursor}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
