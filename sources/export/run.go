package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// ErrReported says that Run has told the user on stderr what went wrong
// and what the output holds; the caller only exits non-zero.
var ErrReported = errors.New("export failed")

// Request is one export from the command line.
type Request struct {
	Source   sources.Source
	Name     string // the source's name, written in every record
	Provider string // its provider, written in every record
	Merged   bool   // Source is a merged view: a part may fail while the rest go on
	Query    model.Query
	Format   string // sources.FormatJSONL or FormatCSV (see Format)
	Output   string // a file, created by Create's rules; "" means stdout
	Force    bool   // replace an existing Output, once the export is whole
	TTY      bool   // stderr is a terminal: draw a progress line and a summary
	Walk     sources.WalkOptions
}

// Format returns the export format for the --format flag and the output
// name: the flag if given, else CSV for a .csv file, else JSONL.
func Format(flag, output string) (string, error) {
	switch flag {
	case "":
		return sources.FormatFor(output), nil
	case sources.FormatJSONL, sources.FormatCSV:
		return flag, nil
	}
	return "", fmt.Errorf("--format %q: use jsonl or csv", flag)
}

// Range reads --since and --until (RFC 3339, a date in loc, or an age
// before now) into a query's bounds.
func Range(since, until string, now time.Time, loc *time.Location) (from, to time.Time, err error) {
	for _, t := range []struct {
		flag, value string
		dst         *time.Time
	}{{"--since", since, &from}, {"--until", until, &to}} {
		if t.value == "" {
			continue
		}
		if *t.dst, err = model.ParseTimeSpec(t.value, now, loc); err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("%s: %w", t.flag, err)
		}
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return time.Time{}, time.Time{}, errors.New("--until must be after --since")
	}
	return from, to, nil
}

// Run writes every event of the request's source matching its query to
// stdout or its Output file. stdout carries only data; progress, what the
// provider says and the final word go to stderr. Interrupted or failed, it
// keeps what it wrote as whole lines, says how many events that is, and
// returns ErrReported; so it does when a part of a merged view failed while
// the others went on. An error returned before anything is written (the
// output file refused) is for the caller to print.
func Run(ctx context.Context, req Request, stdout, stderr io.Writer) error {
	w, where := stdout, "stdout"
	var file *File
	if req.Output != "" {
		f, err := Create(req.Output, FileOptions{Force: req.Force, Protect: sources.FilesOf(req.Source)})
		if errors.Is(err, ErrExists) {
			return fmt.Errorf("%w; choose another name, or add --force to replace it", err)
		}
		if err != nil {
			return err
		}
		file, w, where = f, f, req.Output
	}
	src := req.Source
	var watch *partsWatch
	if req.Merged {
		watch = &partsWatch{Source: src}
		src = watch
	}
	progress := &progress{w: stderr, tty: req.TTY, merged: req.Merged, notices: map[string]bool{}}
	walk := req.Walk
	walk.Progress = progress.report
	start := time.Now()
	n, err := sources.Export(sources.WithProgress(ctx, progress.fetching), src, req.Query, sources.ExportOptions{
		Format: req.Format, Source: req.Name, Provider: req.Provider, Walk: walk,
	}, w)
	progress.done()
	if file != nil && err == nil {
		err = file.Close()
	}
	if err != nil {
		why := err.Error()
		if ctx.Err() != nil {
			why = "interrupted"
		}
		fmt.Fprintf(stderr, "trail: export stopped early after %s: %s\n", plural(n, "event"), model.Sanitize(why))
		if file != nil {
			if where, _ = file.Fail(); where != req.Output {
				// --force: the old file stays whole.
				if where == "" {
					fmt.Fprintf(stderr, "trail: %s is unchanged\n", req.Output)
				} else {
					fmt.Fprintf(stderr, "trail: %s is unchanged; %s holds the %s written before the stop, as whole lines\n", req.Output, where, plural(n, "event"))
				}
				return ErrReported
			}
		}
		switch {
		case errors.Is(err, sources.ErrPartialLine):
			fmt.Fprintf(stderr, "trail: %s holds %s, then part of a line that could not be cut off\n", where, plural(n, "whole event"))
		case where != "stdout":
			fmt.Fprintf(stderr, "trail: %s holds the %s written before the stop, as whole lines\n", where, plural(n, "event"))
		}
		return ErrReported
	}
	if failed := watch.failed(); len(failed) > 0 {
		for _, p := range failed {
			fmt.Fprintf(stderr, "trail: source %s failed after %s, and the export lacks the rest of its events: %s\n",
				model.Sanitize(p.Name), plural(p.Events, "event"), model.Sanitize(p.Err.Error()))
		}
		if where != "stdout" {
			fmt.Fprintf(stderr, "trail: %s holds the %s written, as whole lines\n", where, plural(n, "event"))
		}
		return ErrReported
	}
	if how := sources.ExplainOf(req.Source); how != "" && req.Query.Action == "" {
		// Which types the export covered (Qualtrics), so a user who expected
		// more is told, not left to guess.
		fmt.Fprintf(stderr, "trail: %s %s\n", model.Sanitize(req.Name), model.Sanitize(how))
	}
	if req.TTY {
		fmt.Fprintf(stderr, "exported %s to %s in %v\n", plural(n, "event"), where, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// partsWatch passes a merged view's pages through and keeps the state of
// its parts as of the last one, so export can tell a complete walk from one
// that lost a source on the way (the merge goes on without it).
type partsWatch struct {
	sources.Source
	mu    sync.Mutex
	parts []sources.Part
}

// Fetch implements sources.Source.
func (w *partsWatch) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	page, err := w.Source.Fetch(ctx, q, cursor)
	if err == nil {
		w.mu.Lock()
		w.parts = page.Parts
		w.mu.Unlock()
	}
	return page, err
}

// Files implements sources.FileReader for the view it watches.
func (w *partsWatch) Files() []string { return sources.FilesOf(w.Source) }

// failed returns the parts that failed; none for a nil watch.
func (w *partsWatch) failed() []sources.Part {
	if w == nil {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []sources.Part
	for _, p := range w.parts {
		if p.Err != nil {
			out = append(out, p)
		}
	}
	return out
}

// plural is "1 event" or "n events".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
