package sources_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// fullDisk is a file that takes limit bytes and then fails, writing what
// fits as a full disk does, and can be truncated like an *os.File.
type fullDisk struct {
	data  []byte
	off   int
	limit int
}

var errDiskFull = errors.New("no space left on device")

func (d *fullDisk) Write(p []byte) (int, error) {
	room := max(0, d.limit-d.off)
	n := min(room, len(p))
	d.data = append(d.data[:d.off], p[:n]...)
	d.off += n
	if n < len(p) {
		return n, errDiskFull
	}
	return n, nil
}

func (d *fullDisk) Seek(off int64, whence int) (int64, error) {
	if whence == io.SeekStart {
		d.off = int(off)
	}
	return int64(d.off), nil
}

func (d *fullDisk) Truncate(size int64) error {
	d.data = d.data[:size]
	return nil
}

// TestExportCountsOnlyWhatIsOnDisk: a write that fails part way (a full
// disk) stops the export with the count of the events the file holds,
// whole lines only: the partial line is cut off (issue 16.7).
func TestExportCountsOnlyWhatIsOnDisk(t *testing.T) {
	evs := sourcetest.GenerateEvents(120, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	for _, format := range []string{sources.FormatJSONL, sources.FormatCSV} {
		for _, limit := range []int{0, 1, 700, 5000, 9000} {
			t.Run(fmt.Sprintf("%s/%d", format, limit), func(t *testing.T) {
				disk := &fullDisk{limit: limit}
				n, err := sources.Export(context.Background(), sourcetest.NewMemory(evs, 50), model.Query{},
					sources.ExportOptions{Format: format, Walk: fast}, disk)
				if !errors.Is(err, errDiskFull) {
					t.Fatalf("err = %v, want the disk's error", err)
				}
				lines := strings.Count(string(disk.data), "\n")
				if len(disk.data) > 0 && disk.data[len(disk.data)-1] != '\n' {
					t.Fatalf("the file ends in a partial line: %q", disk.data[max(0, len(disk.data)-40):])
				}
				if format == sources.FormatCSV && lines > 0 {
					lines-- // the header
				}
				if n != lines {
					t.Errorf("reported %d events, the file holds %d", n, lines)
				}
			})
		}
	}
}

// TestExportFileSizeLimit exports to a real file in a process whose file
// size limit (RLIMIT_FSIZE, as `ulimit -f 20`) is 20 KiB: the count it
// reports is the number of whole lines in the file, and there is no half
// line at its end.
func TestExportFileSizeLimit(t *testing.T) {
	_, out, data := sourcetest.FileSizeLimited(t, exportUnderLimit)
	m := strings.TrimSpace(string(out))
	i := strings.Index(m, "events=")
	if i < 0 {
		t.Fatalf("helper said %q", m)
	}
	n, _ := strconv.Atoi(strings.Fields(m[i+len("events="):])[0])
	if lines := bytes.Count(data, []byte("\n")); n != lines || n == 0 {
		t.Errorf("reported %d events, the file holds %d whole lines", n, lines)
	}
}

// exportUnderLimit is the child's part of TestExportFileSizeLimit: it
// exports to a new file at path and prints the count it reports.
func exportUnderLimit(t *testing.T, path string) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	evs := sourcetest.GenerateEvents(500, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	n, err := sources.Export(context.Background(), sourcetest.NewMemory(evs, 100), model.Query{}, sources.ExportOptions{Walk: fast}, f)
	f.Close()
	if err == nil {
		t.Fatal("no error past the limit")
	}
	fmt.Printf("events=%d err=%v\n", n, err)
}

// pipeFull is an output that cannot be truncated (a pipe) and fails after
// limit bytes.
type pipeFull struct{ disk fullDisk }

func (p *pipeFull) Write(b []byte) (int, error) { return p.disk.Write(b) }

// TestExportSaysWhenAPartialLineStays: when the output cannot be cut back,
// the error says that it ends in a partial line, and the count is still of
// whole lines only.
func TestExportSaysWhenAPartialLineStays(t *testing.T) {
	evs := sourcetest.GenerateEvents(120, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	p := &pipeFull{fullDisk{limit: 5000}}
	n, err := sources.Export(context.Background(), sourcetest.NewMemory(evs, 50), model.Query{}, sources.ExportOptions{Walk: fast}, p)
	if !errors.Is(err, errDiskFull) || !errors.Is(err, sources.ErrPartialLine) {
		t.Fatalf("err = %v, want the disk's error and ErrPartialLine", err)
	}
	if lines := strings.Count(string(p.disk.data), "\n"); n != lines {
		t.Errorf("reported %d events, %d whole lines were written", n, lines)
	}
}
