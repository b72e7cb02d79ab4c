package sources

import (
	"errors"
	"fmt"
)

// MaxEmptyPages is how many pages in a row a provider may send with no
// entries at all and a cursor to yet another page before paging stops.
//
// Pages the query trimmed to nothing do not count (see Page.Scanned): a
// sparse filter over a long log legitimately gives hundreds of those. What
// counts is a page on which the provider itself sent nothing while saying
// there is more. None of the four documented APIs does that (Canary's and
// Domo's readers stop at an empty page, Qualtrics and Intercom send no next
// page at the end), so a run of them is a broken or hostile server. 50 leaves
// room for an undocumented quirk (an index briefly behind) and caps the
// damage at 50 requests, a few seconds under any provider's pacing.
const MaxEmptyPages = 50

// ErrEndlessPaging: the provider kept paging with nothing to show for it, or
// past the page count it stated itself. Paging stops; what was loaded stays.
var ErrEndlessPaging = errors.New("paging stopped")

// PageGuard stops a walk that would never end: every consumer that follows
// Next cursors (Walk, the UI's feed, a merged view's parts) passes each page
// through one. The zero value is ready; one guard follows one walk.
type PageGuard struct {
	empty int // pages in a row with nothing sent and a next cursor
	total int // the largest page count the provider stated
}

// Check looks at the page numbered number (1-based, counted from the first
// page by the caller; 0 if unknown) after its events were taken in, and
// returns an error wrapping ErrEndlessPaging when its Next must not be
// followed: MaxEmptyPages pages in a row on which the provider sent nothing,
// or a page past the page count the provider stated that still points to
// another. A page with events, or the last page, ends a run of empty ones.
func (g *PageGuard) Check(number int, p Page) error {
	g.total = max(g.total, p.Total)
	if p.Next == "" {
		g.empty = 0
		return nil
	}
	if len(p.Events) == 0 && p.Scanned == 0 {
		g.empty++
	} else {
		g.empty = 0
	}
	if g.empty >= MaxEmptyPages {
		return fmt.Errorf("%w: the server kept sending empty pages, each with a cursor to another; stopped after %d in a row; what was loaded is kept", ErrEndlessPaging, g.empty)
	}
	if g.total > 0 && number > g.total {
		// The largest count stated, so a log that grew during the walk
		// (a later page stating more pages) is not taken for a lie.
		return fmt.Errorf("%w: the server said there are %d pages but page %d points to yet another; stopped there; what was loaded is kept", ErrEndlessPaging, g.total, number)
	}
	return nil
}

// Reset starts the guard over, for a walk that starts again.
func (g *PageGuard) Reset() { *g = PageGuard{} }
