package sources

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/trail-dev/trail/model"
)

// Export formats.
const (
	FormatJSONL = "jsonl"
	FormatCSV   = "csv"
)

// ErrPartialLine says that a failed write left part of a line at the end of
// the output, which could not be cut off (a pipe, a terminal).
var ErrPartialLine = errors.New("the output ends in a partial line")

// ExportOptions says what to write and how to walk.
type ExportOptions struct {
	Format   string // FormatJSONL (default) or FormatCSV
	Source   string // the source's name, written in every record
	Provider string // its provider, written in every record
	Walk     WalkOptions
	// Keep, when set, writes only the events it keeps (the marked ones);
	// the walk still reads every page of the query.
	Keep func(*model.Event) bool
	// Want, with Keep, ends the walk once that many events are written:
	// an export of marks stops at the last one found.
	Want int
}

// errEnough ends a walk that has written every event it wanted.
var errEnough = errors.New("every wanted event is written")

// FormatFor picks the export format from a file name: .csv is CSV, anything
// else trail's JSONL.
func FormatFor(name string) string {
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		return FormatCSV
	}
	return FormatJSONL
}

// Export walks every page of q from src and writes each event to w, in the
// provider's order, as JSONL records or CSV rows. Output is written a page
// (at most about 64 KiB) at a time, and an event counts once its line is
// written in full: the count returned is what w holds. When a write fails
// part way (a full disk, a file size limit), a w that can be truncated (an
// *os.File) is cut back to the end of its last whole line; one that cannot
// gets ErrPartialLine joined to the error. When the walk stops early (the
// context ends, the provider fails for good) what was written is whole
// lines too.
func Export(ctx context.Context, src Source, q model.Query, opts ExportOptions, w io.Writer) (int, error) {
	lw := newLineWriter(w)
	var write func([]model.Event) error
	switch opts.Format {
	case "", FormatJSONL:
		write = func(evs []model.Event) error {
			for i := range evs {
				var err error
				if lw.buf, err = model.AppendEventJSONL(lw.buf, opts.Source, opts.Provider, &evs[i]); err != nil {
					return err
				}
				if err := lw.endEvent(); err != nil {
					return err
				}
			}
			return lw.flush()
		}
	case FormatCSV:
		var cell bytes.Buffer
		cw := csv.NewWriter(&cell)
		row := func(cells []string) error {
			cell.Reset()
			if err := cw.Write(cells); err != nil {
				return err
			}
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			lw.buf = append(lw.buf, cell.Bytes()...)
			return nil
		}
		if err := row(model.CSVHeader); err != nil {
			return 0, err
		}
		lw.header = len(lw.buf)
		write = func(evs []model.Event) error {
			for i := range evs {
				if err := row(model.NewRecord(opts.Source, opts.Provider, &evs[i]).CSVRow()); err != nil {
					return err
				}
				if err := lw.endEvent(); err != nil {
					return err
				}
			}
			return lw.flush()
		}
	default:
		return 0, fmt.Errorf("unknown export format %q: use %s or %s", opts.Format, FormatJSONL, FormatCSV)
	}
	if opts.Keep != nil {
		all := write
		write = func(evs []model.Event) error {
			kept := make([]model.Event, 0, len(evs))
			for i := range evs {
				if opts.Keep(&evs[i]) {
					kept = append(kept, evs[i])
				}
			}
			if err := all(kept); err != nil {
				return err
			}
			if opts.Want > 0 && lw.events >= opts.Want {
				return errEnough
			}
			return nil
		}
	}
	walk := opts.Walk
	walk.Ahead = true // fetch the next page while this one is written
	err := Walk(ctx, src, q, walk, write)
	if errors.Is(err, errEnough) {
		err = nil
	}
	if ferr := lw.flush(); err == nil {
		err = ferr
	}
	return lw.events, err
}

// lineWriter gathers whole lines and writes them in batches, counting an
// event only once all its bytes are written.
type lineWriter struct {
	w      io.Writer
	buf    []byte
	ends   []int // where each buffered event's line ends in buf
	header int   // bytes of buf that are a header, not an event
	events int   // events written in full
	start  int64 // w's offset when the export began, if it can seek
	seeks  bool
	whole  int64 // bytes written that end on a whole line
	failed error
}

// truncater is an output that can be cut back to its last whole line.
type truncater interface {
	io.Seeker
	Truncate(size int64) error
}

func newLineWriter(w io.Writer) *lineWriter {
	lw := &lineWriter{w: w, buf: make([]byte, 0, 64<<10)}
	if t, ok := w.(truncater); ok {
		if off, err := t.Seek(0, io.SeekCurrent); err == nil {
			lw.start, lw.seeks = off, true
		}
	}
	return lw
}

// endEvent marks the end of an event's line, writing the batch out when it
// has grown past 64 KiB.
func (lw *lineWriter) endEvent() error {
	lw.ends = append(lw.ends, len(lw.buf))
	if len(lw.buf) >= 64<<10 {
		return lw.flush()
	}
	return nil
}

// flush writes the batch, counts the events it holds in full, and after a
// failed write cuts the output back to its last whole line.
func (lw *lineWriter) flush() error {
	if lw.failed != nil {
		return lw.failed
	}
	if len(lw.buf) == 0 {
		return nil
	}
	n, err := lw.w.Write(lw.buf)
	if err == nil && n < len(lw.buf) {
		err = io.ErrShortWrite
	}
	whole := 0
	if lw.header > 0 && n >= lw.header {
		whole, lw.header = lw.header, 0
	}
	for _, end := range lw.ends {
		if end > n {
			break
		}
		lw.events++
		whole = end
	}
	lw.whole += int64(whole)
	lw.buf, lw.ends = lw.buf[:0], lw.ends[:0]
	if err != nil {
		if n > whole {
			err = lw.cut(err)
		}
		lw.failed = err
	}
	return err
}

// cut removes the partial line a failed write left at the end of the
// output.
func (lw *lineWriter) cut(err error) error {
	t, ok := lw.w.(truncater)
	if !ok || !lw.seeks {
		return fmt.Errorf("%w; %w", err, ErrPartialLine)
	}
	size := lw.start + lw.whole
	if terr := t.Truncate(size); terr != nil {
		return fmt.Errorf("%w; %w", err, ErrPartialLine)
	}
	_, _ = t.Seek(size, io.SeekStart)
	return err
}
