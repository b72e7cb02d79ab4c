package merge

import (
	"context"
	"slices"
	"sync"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// partOrder is whether a part is a Seeker whose log runs oldest first,
// found once (sources.OldestFirst) on the part's first fetch.
type partOrder struct {
	mu     sync.Mutex
	known  bool
	oldest bool
}

// fetchPart fetches part i's page at cursor, newest first. A part that is
// a Seeker whose log runs oldest first (a file that is appended to) is
// read from its end, each page turned round and its Prev cursor taken as
// the way on, so the merge, which compares heads, meets its events newest
// first as it meets every provider's.
func (s *Source) fetchPart(ctx context.Context, i int, q model.Query, cursor string) (sources.Page, error) {
	src := s.parts[i].Source
	oldest, err := s.order[i].find(ctx, src)
	if err != nil {
		return sources.Page{}, err
	}
	if !oldest {
		return src.Fetch(ctx, q, cursor)
	}
	var p sources.Page
	if cursor == "" {
		p, err = src.(sources.Seeker).Last(ctx, q)
	} else {
		p, err = src.Fetch(ctx, q, cursor)
	}
	if err != nil {
		return sources.Page{}, err
	}
	evs := slices.Clone(p.Events)
	slices.Reverse(evs)
	return sources.Page{Events: evs, Next: p.Prev, Scanned: p.Scanned, Notice: p.Notice}, nil
}

// find reports whether src runs oldest first, asking it once.
func (o *partOrder) find(ctx context.Context, src sources.Source) (bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.known {
		oldest, err := sources.OldestFirst(ctx, src)
		if err != nil {
			return false, err
		}
		o.known, o.oldest = true, oldest
	}
	return o.oldest, nil
}
