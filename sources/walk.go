package sources

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/trail-dev/trail/model"
)

// WalkOptions tunes Walk. The zero value is sensible.
type WalkOptions struct {
	// Attempts is how many times one page is tried before the walk gives up
	// on a transient failure; 0 means 6.
	Attempts int
	// Backoff is the first wait after a transient failure, doubled (with
	// jitter) on each further one up to MaxBackoff; 0 means 1s and 30s.
	Backoff, MaxBackoff time.Duration
	// PageTimeout bounds each attempt; 0 means 2 minutes.
	PageTimeout time.Duration
	// MaxWait is the longest wait a provider may ask for between attempts
	// (Env.MaxWait, [net] max_wait): a longer one ends the walk with an
	// ErrWaitTooLong error rather than sit out hours that look like a hang.
	// 0 means DefaultMaxWait.
	MaxWait time.Duration
	// Progress, if set, hears about each page and each wait.
	Progress func(WalkProgress)
	// Ahead fetches the next page while fn handles this one (export: fetch
	// while writing). fn and Progress are still called from Walk's
	// goroutine, in the same order as without it; what changes is that one
	// page more may be fetched than fn is given when fn fails.
	Ahead bool
}

// WalkProgress is what a walk has done so far.
type WalkProgress struct {
	Pages  int       // pages fetched
	Events int       // events delivered
	Total  int       // page count the provider reported; 0 = unknown
	Until  time.Time // a wait (backoff or rate limit) ends at Until; zero = not waiting
	Reason string    // why it waits
	Notice string    // something the provider said on this page (Page.Notice)
}

// Walk fetches every page of q from src, first to last, and hands each page's
// events to fn in order. It retries a page after transient failures (rate
// limits, provider errors, unreadable responses, timeouts), waiting as the
// provider asks or with jittered exponential backoff, and gives up after
// opts.Attempts. A cursor that comes back a second time, a long run of pages
// the provider sent empty, or paging past the page count it stated ends the
// walk with an error instead of looping (see PageGuard); what fn was given
// stays given. An error from fn stops the walk and is returned.
//
// Export and "all pages" features use it; the UI pages on its own because it
// fetches only as the user scrolls.
func Walk(ctx context.Context, src Source, q model.Query, opts WalkOptions, fn func([]model.Event) error) error {
	if opts.Attempts <= 0 {
		opts.Attempts = 6
	}
	if opts.Backoff <= 0 {
		opts.Backoff = time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 30 * time.Second
	}
	if opts.PageTimeout <= 0 {
		opts.PageTimeout = 2 * time.Minute
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = DefaultMaxWait
	}
	report := func(p WalkProgress) {
		if opts.Progress != nil {
			opts.Progress(p)
		}
	}
	if opts.Ahead {
		return walkAhead(ctx, src, q, opts, fn, report)
	}
	var prog WalkProgress
	var guard PageGuard
	seen := map[string]bool{}
	cursor := ""
	for {
		page, err := fetchWithRetry(ctx, src, q, cursor, opts, func(until time.Time, reason string) {
			p := prog
			p.Until, p.Reason = until, reason
			report(p)
		})
		if err != nil {
			return err
		}
		prog.Pages++
		prog.Events += len(page.Events)
		if page.Total > 0 {
			prog.Total = page.Total
		}
		if err := fn(page.Events); err != nil {
			return err
		}
		p := prog
		p.Notice = page.Notice
		report(p)
		if page.Next == "" {
			return nil
		}
		if err := guard.Check(prog.Pages, page); err != nil {
			return err
		}
		if seen[page.Next] {
			return fmt.Errorf("the provider sent the same next-page cursor twice (after page %d); stopping rather than loop forever", prog.Pages)
		}
		seen[page.Next] = true
		cursor = page.Next
	}
}

// walkStep is what walkAhead's fetcher hands on, in order: a page, a wait
// it is about to sit out, or the error that ends the walk.
type walkStep struct {
	page     Page
	wait     *WalkProgress
	told     chan struct{} // closed once the wait is reported, before it is sat out
	err      error
	panicked any // what a Fetch panicked with: panicked again in Walk's goroutine
}

// walkAhead is Walk with opts.Ahead: one goroutine fetches pages and checks
// them (PageGuard, cursors seen), handing each on through a channel, so
// that page n+1 is fetched while fn handles page n, and no further; fn and
// report run here, in the order Walk would call them. When fn fails or ctx
// ends, the fetcher is stopped and waited for before walkAhead returns.
func walkAhead(ctx context.Context, src Source, q model.Query, opts WalkOptions, fn func([]model.Event) error, report func(WalkProgress)) error {
	fctx, cancel := context.WithCancel(ctx)
	steps := make(chan walkStep)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(steps)
		send := func(s walkStep) bool {
			select {
			case steps <- s:
				return true
			case <-fctx.Done():
				return false
			}
		}
		defer func() {
			// A source's bug must not end the process from a goroutine no
			// caller can recover in: Walk panics with it instead, where
			// the caller's recover (the explorer's) sees it as before.
			if v := recover(); v != nil {
				send(walkStep{panicked: v})
			}
		}()
		var guard PageGuard
		seen := map[string]bool{}
		cursor := ""
		for pages := 1; ; pages++ {
			page, err := fetchWithRetry(fctx, src, q, cursor, opts, func(until time.Time, reason string) {
				// Reported before the Sleep reports it again, as Walk does,
				// so that the progress can tell the two apart.
				told := make(chan struct{})
				if send(walkStep{wait: &WalkProgress{Until: until, Reason: reason}, told: told}) {
					select {
					case <-told:
					case <-fctx.Done():
					}
				}
			})
			if err != nil {
				send(walkStep{err: err})
				return
			}
			if !send(walkStep{page: page}) || page.Next == "" {
				return
			}
			if err := guard.Check(pages, page); err != nil {
				send(walkStep{err: err})
				return
			}
			if seen[page.Next] {
				send(walkStep{err: fmt.Errorf("the provider sent the same next-page cursor twice (after page %d); stopping rather than loop forever", pages)})
				return
			}
			seen[page.Next] = true
			cursor = page.Next
		}
	}()
	defer func() {
		cancel()
		wg.Wait()
	}()
	var prog WalkProgress
	for s := range steps {
		if s.panicked != nil {
			panic(s.panicked)
		}
		if s.err != nil {
			return s.err
		}
		if s.wait != nil {
			p := prog
			p.Until, p.Reason = s.wait.Until, s.wait.Reason
			report(p)
			close(s.told)
			continue
		}
		prog.Pages++
		prog.Events += len(s.page.Events)
		if s.page.Total > 0 {
			prog.Total = s.page.Total
		}
		if err := fn(s.page.Events); err != nil {
			return err
		}
		p := prog
		p.Notice = s.page.Notice
		report(p)
		if s.page.Next == "" {
			return nil
		}
	}
	// The fetcher stopped without a word: ctx ended while it handed on.
	return ctx.Err()
}

// fetchWithRetry fetches one page, retrying transient failures.
func fetchWithRetry(ctx context.Context, src Source, q model.Query, cursor string, opts WalkOptions, wait func(time.Time, string)) (Page, error) {
	backoff := opts.Backoff
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, opts.PageTimeout)
		page, err := src.Fetch(actx, q, cursor)
		cancel()
		if err == nil {
			return page, nil
		}
		if ctx.Err() != nil {
			return Page{}, ctx.Err() // stopped by the caller, not by the provider
		}
		if !Transient(err) || attempt >= opts.Attempts {
			if attempt > 1 {
				return Page{}, fmt.Errorf("after %d attempts: %w", attempt, err)
			}
			return Page{}, err
		}
		d := jitter(backoff)
		reason := "retrying after: " + err.Error()
		if after, limited := RetryAfter(err); limited && after > 0 {
			if after > opts.MaxWait {
				return Page{}, waitTooLong(err, after, opts.MaxWait)
			}
			d, reason = after, "rate limited by the provider"
		}
		wait(time.Now().Add(d), reason)
		if err := Sleep(ctx, d, reason); err != nil {
			return Page{}, err
		}
		backoff = min(backoff*2, opts.MaxBackoff)
	}
}

// DefaultMaxWait is the longest wait a provider may ask for when none is
// configured: long enough for any documented rate-limit window, short
// enough that a server asking for hours is told apart from a hang.
const DefaultMaxWait = 15 * time.Minute

// waitTooLong is the error for a rate limit err whose wait is past max.
func waitTooLong(err error, wait, max time.Duration) error {
	e := &Error{Kind: ErrWaitTooLong, Hint: "try later, or raise [net] max_wait",
		Message: fmt.Sprintf("the provider asked to wait %v, more than max_wait %v", wait.Round(time.Second), max)}
	var pe *Error
	if errors.As(err, &pe) {
		e.Provider, e.Status = pe.Provider, pe.Status
	}
	return e
}

// jitter spreads a wait over [d/2, d) so many clients do not retry in step.
func jitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2)
}
