// Package check is `trail check` without the config: open each source,
// fetch its first page within a time limit, and print one verdict a line
// that says what came back (or what went wrong and what to do). main.go
// says how each source opens; the demos check the same way against their
// emulators.
package check

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// Target is one source to check.
type Target struct {
	Name string
	// Open opens the source; it reads secrets but makes no request. release,
	// if not nil, is called when the check is done.
	Open func(ctx context.Context) (src sources.Source, provider string, release func(), err error)
}

// Run checks each target in turn, printing "✓ name: verdict" or
// "✗ name: error" to w, and reports whether every one passed. timeout
// bounds each target, opening included.
func Run(ctx context.Context, w io.Writer, targets []Target, timeout time.Duration) bool {
	ok := true
	for _, t := range targets {
		verdict, passed := One(ctx, t, timeout)
		mark := "✓"
		if !passed {
			mark, ok = "✗", false
		}
		fmt.Fprintf(w, "%s %s: %s\n", mark, model.Sanitize(t.Name), model.Sanitize(verdict))
	}
	return ok
}

// One opens a target and fetches its first page: what came back, or the
// error, and whether it worked.
func One(ctx context.Context, t Target, timeout time.Duration) (string, bool) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	src, provider, release, err := t.Open(ctx)
	if err != nil {
		return err.Error(), false
	}
	if release != nil {
		defer release()
	}
	start := time.Now()
	page, err := src.Fetch(ctx, model.Query{}, "")
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		return err.Error(), false
	}
	verdict := fmt.Sprintf("%s on the first page in %v", plural(len(page.Events), "event"), took)
	if t.Name != provider && !strings.HasSuffix(t.Name, " "+provider) { // "demo canary" says it already
		verdict = provider + ": " + verdict
	}
	var newest time.Time // a file may list its events oldest first
	for _, e := range page.Events {
		if e.Time.After(newest) {
			newest = e.Time
		}
	}
	if !newest.IsZero() {
		verdict += ", newest " + newest.UTC().Format("2006-01-02 15:04 UTC")
	}
	if page.Total > 0 {
		verdict += fmt.Sprintf(", %d pages", page.Total)
	}
	if page.Notice != "" {
		verdict += "; the provider says: " + page.Notice
	}
	if how := sources.ExplainOf(src); how != "" { // which endpoint or types a walk uses
		verdict += "; " + how
	}
	if d, ok := src.(sources.Diagnoser); ok { // Domo: the zone its times seem to be in
		for _, hint := range d.Diagnose(ctx, page) {
			verdict += "; " + hint
		}
	}
	return verdict, true
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
