package sources

import (
	"context"
	"time"
)

// Progress is something a source reports while a Fetch is under way and the
// user would otherwise only see a spinner: chiefly a wait for a rate limit to
// reset, or a retry after a transient failure.
type Progress struct {
	Until   time.Time // the wait ends at Until; zero if this is not a wait
	Attempt int       // retry number, 0 for the first attempt
	Message string    // what is happening, for the status line
}

type progressKey struct{}

// WithProgress returns a context whose Fetches report progress to fn. fn is
// called from the fetching goroutine and must not block.
func WithProgress(ctx context.Context, fn func(Progress)) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

// ReportProgress tells whoever is watching ctx's Fetch what it is doing.
func ReportProgress(ctx context.Context, p Progress) {
	if fn, ok := ctx.Value(progressKey{}).(func(Progress)); ok {
		fn(p)
	}
}

// Sleep waits for d or until ctx is done, reporting the wait as progress.
func Sleep(ctx context.Context, d time.Duration, message string) error {
	if d <= 0 {
		return ctx.Err()
	}
	ReportProgress(ctx, Progress{Until: time.Now().Add(d), Message: message})
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
