package sourcetest

import (
	"context"
	"errors"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// runAhead is the suite's part for a sources.Predictor: walks with a second
// request in flight, as the UI makes them while the user pages fast, give
// exactly the events of a walk one page at a time.
func runAhead(t *testing.T, newFixture func(t *testing.T, cfg Config) Fixture) {
	t.Run("AheadWalk", func(t *testing.T) {
		// 47 ends on a short page; 40 on a full one, after which a
		// provider may only learn of the end from an empty page.
		for _, n := range []int{47, 40} {
			f := newFixture(t, Config{Events: n, PageSize: 10})
			pred, ok := f.Source.(sources.Predictor)
			if !ok {
				t.Skip("the source does not implement sources.Predictor")
			}
			requireFixture(t, f, n)
			for _, failSecond := range []bool{false, true} {
				w := aheadWalk(t, f.Source, pred, f.Query, failSecond, n+4)
				requireSame(t, "walk with a second request in flight", w.events, f.Events)
				if w.predicted == 0 {
					t.Skip("the source predicted no cursor (its paging here is the provider's)")
				}
				if w.used == 0 {
					t.Errorf("%d pages fetched ahead, none used: the predicted cursors never matched", w.predicted)
				}
				if failSecond && w.retried != 1 {
					t.Errorf("the failed request ahead was retried %d times; want once", w.retried)
				}
			}
		}
	})
}

// aheadResult is what aheadWalk saw.
type aheadResult struct {
	events    []model.Event
	predicted int // pages fetched at a predicted cursor
	used      int // of them, pages kept: the page before had that Next
	retried   int // failed pages fetched again
}

// flight is one fetch in flight.
type flight struct {
	cursor string
	size   int
	done   chan flightResult
}

type flightResult struct {
	page sources.Page
	err  error
}

// aheadWalk walks src keeping two requests in flight: while the page of one
// cursor travels, the page at the cursor src predicts for it is fetched too,
// and kept only when the first page arrives with that Next. A Sizer is asked
// for another size every page. With failSecond the first page fetched ahead
// fails (its context is cancelled before it is sent): the pages before it are
// kept, and it is fetched again, as the UI's retry does.
func aheadWalk(t *testing.T, src sources.Source, pred sources.Predictor, q model.Query, failSecond bool, maxPages int) aheadResult {
	t.Helper()
	sizer, sized := src.(sources.Sizer)
	sizes := []int{0}
	if sized {
		base, largest := sizer.PageSizes()
		sizes = []int{base, 2 * base, 1, 3, largest, 0}
	}
	start := func(cursor string, size int, fail bool) *flight {
		fl := &flight{cursor: cursor, size: size, done: make(chan flightResult, 1)}
		ctx, cancel := context.WithCancel(context.Background())
		if fail {
			cancel()
		}
		go func() {
			defer cancel()
			var r flightResult
			if sized && size > 0 {
				r.page, r.err = sizer.FetchSize(ctx, q, cursor, size)
			} else {
				r.page, r.err = src.Fetch(ctx, q, cursor)
			}
			fl.done <- r
		}()
		return fl
	}
	var res aheadResult
	failed := false
	queue := []*flight{start("", sizes[0], false)}
	for i := 0; i < maxPages; i++ {
		head := queue[0]
		if len(queue) == 1 {
			if next, ok := pred.PredictNext(q, head.cursor, head.size); ok {
				fail := failSecond && !failed
				failed = failed || fail
				queue = append(queue, start(next, sizes[(i+1)%len(sizes)], fail))
				res.predicted++
			}
		}
		r := <-head.done
		queue = queue[1:]
		if r.err != nil {
			if !errors.Is(r.err, context.Canceled) || !failSecond {
				t.Fatalf("page %d: %v", i+1, r.err)
			}
			// The events before it stay; it is asked for again.
			res.retried++
			for _, fl := range queue {
				<-fl.done
			}
			queue = []*flight{start(head.cursor, head.size, false)}
			continue
		}
		if sized {
			base, largest := sizer.PageSizes()
			asked := head.size
			if asked == 0 {
				asked = base
			}
			if len(r.page.Events) > min(asked, largest) {
				t.Errorf("page %d asked for %d holds %d", i+1, asked, len(r.page.Events))
			}
		}
		res.events = append(res.events, r.page.Events...)
		if r.page.Next == "" {
			// The page fetched past the end is dropped; it must hold
			// nothing the walk has not had.
			for _, fl := range queue {
				if past := <-fl.done; past.err == nil && len(past.page.Events) > 0 {
					t.Errorf("the page predicted after the last one holds %d events", len(past.page.Events))
				}
			}
			return res
		}
		if len(queue) > 0 && queue[0].cursor == r.page.Next {
			res.used++
			continue
		}
		for _, fl := range queue {
			<-fl.done // a wrong guess: dropped
		}
		queue = []*flight{start(r.page.Next, sizes[(i+1)%len(sizes)], false)}
	}
	t.Fatalf("no end after %d pages", maxPages)
	return res
}
