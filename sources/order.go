package sources

import (
	"context"
	"errors"

	"github.com/trail-dev/trail/model"
)

// OldestFirst reports whether src is a Seeker whose log runs oldest first,
// as a log that is appended to does: the first event of its first page is
// older than the last event of its last page. Providers' APIs give their
// events newest first; a file holds them in whatever order it was written,
// and a view that reads it as a provider's log (a merge, the view around a
// time) must know which. It reads one page from each end of the log (the
// whole log, whatever query is in force, so a filter matching little does
// not make it walk the file); a source that is not a Seeker, or cannot read
// from its end (a JSON array), or whose ends have no times, is taken as it
// comes: newest first.
func OldestFirst(ctx context.Context, src Source) (bool, error) {
	sk, ok := src.(Seeker)
	if !ok {
		return false, nil
	}
	first, err := src.Fetch(ctx, model.Query{}, "")
	if err != nil {
		return false, err
	}
	last, err := sk.Last(ctx, model.Query{})
	if errors.Is(err, errors.ErrUnsupported) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var a, b model.Event
	for _, e := range first.Events {
		if !e.Time.IsZero() {
			a = e
			break
		}
	}
	for i := len(last.Events) - 1; i >= 0; i-- {
		if !last.Events[i].Time.IsZero() {
			b = last.Events[i]
			break
		}
	}
	return !a.Time.IsZero() && !b.Time.IsZero() && a.Time.Before(b.Time), nil
}
