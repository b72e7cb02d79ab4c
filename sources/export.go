package sources

import (
	"bufio"
	"context"
	"encoding/csv"
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

// ExportOptions says what to write and how to walk.
type ExportOptions struct {
	Format   string // FormatJSONL (default) or FormatCSV
	Source   string // the source's name, written in every record
	Provider string // its provider, written in every record
	Walk     WalkOptions
}

// FormatFor picks the export format from a file name: .csv is CSV, anything
// else trail's JSONL.
func FormatFor(name string) string {
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		return FormatCSV
	}
	return FormatJSONL
}

// Export walks every page of q from src and writes each event to w, in the
// provider's order, as JSONL records or CSV rows. Output is buffered and
// flushed whole lines at a time, so when the walk stops early (the context
// ends, the provider fails for good) what was written is complete lines.
// It returns how many events were written.
func Export(ctx context.Context, src Source, q model.Query, opts ExportOptions, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	n := 0
	var write func([]model.Event) error
	switch opts.Format {
	case "", FormatJSONL:
		var line []byte
		write = func(evs []model.Event) error {
			for i := range evs {
				var err error
				line, err = model.NewRecord(opts.Source, opts.Provider, &evs[i]).AppendJSONL(line[:0])
				if err != nil {
					return err
				}
				if _, err := bw.Write(line); err != nil {
					return err
				}
				n++
			}
			return bw.Flush()
		}
	case FormatCSV:
		cw := csv.NewWriter(bw)
		if err := cw.Write(model.CSVHeader); err != nil {
			return 0, err
		}
		write = func(evs []model.Event) error {
			for i := range evs {
				if err := cw.Write(model.NewRecord(opts.Source, opts.Provider, &evs[i]).CSVRow()); err != nil {
					return err
				}
				n++
			}
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			return bw.Flush()
		}
	default:
		return 0, fmt.Errorf("unknown export format %q: use %s or %s", opts.Format, FormatJSONL, FormatCSV)
	}
	err := Walk(ctx, src, q, opts.Walk, write)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return n, err
}
