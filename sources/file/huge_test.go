package file_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/file"
)

// sparse writes a JSON-lines file with a good entry, then lines of n MiB
// of NUL bytes (holes: almost nothing on disk, as in issue 16), then a good
// entry, made with os.Truncate and WriteAt.
func sparse(t *testing.T, lines, mib int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sparse.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	first := `{"id":"first","time":"2026-11-20T10:00:00Z"}` + "\n"
	if _, err := f.WriteString(first); err != nil {
		t.Fatal(err)
	}
	off := int64(len(first))
	for range lines {
		off += int64(mib) << 20
		if _, err := f.WriteAt([]byte("\n"), off); err != nil {
			t.Fatal(err)
		}
		off++
	}
	if _, err := f.WriteAt([]byte(`{"id":"last","time":"2026-11-20T11:00:00Z"}`+"\n"), off); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, off+int64(len(`{"id":"last","time":"2026-11-20T11:00:00Z"}`+"\n"))); err != nil {
		t.Fatal(err)
	}
	return path
}

// allocated is how many bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A sparse file of a few KiB on disk whose lines are megabytes of NULs
// (issue 16: 4.5 GB to export) is read in pages bounded by bytes: every
// line is kept as an event, those over the per-entry limit clipped to it
// and saying so, and no page costs more than a few times the page bound,
// whatever the lines hold. Read forwards and backwards.
func TestHugeLinesAreClippedAndPagesBoundedByBytes(t *testing.T) {
	const lines, mib = 12, 20
	path := sparse(t, lines, mib)
	for _, back := range []bool{false, true} {
		t.Run(fmt.Sprintf("back=%v", back), func(t *testing.T) {
			src := openPath(t, path, 100)
			var evs []model.Event
			var page sources.Page
			var err error
			var worst uint64
			for i := 0; i == 0 || (!back && page.Next != "") || (back && page.Prev != ""); i++ {
				if i > 2*lines+4 {
					t.Fatal("too many pages")
				}
				cur := page.Next
				if back {
					cur = page.Prev
				}
				n := allocated(func() {
					switch {
					case i == 0 && back:
						page, err = src.Last(context.Background(), model.Query{})
					default:
						page, err = src.Fetch(context.Background(), model.Query{}, cur)
					}
				})
				if err != nil {
					t.Fatalf("page %d: %v", i+1, err)
				}
				worst = max(worst, n)
				if back {
					evs = append(append([]model.Event(nil), page.Events...), evs...)
				} else {
					evs = append(evs, page.Events...)
				}
			}
			if len(evs) != lines+2 || evs[0].ID != "first" || evs[len(evs)-1].ID != "last" {
				t.Fatalf("%d events, first %q, last %q; want %d, first and last", len(evs), evs[0].ID, evs[len(evs)-1].ID, lines+2)
			}
			for _, e := range evs[1 : len(evs)-1] {
				if len(e.Raw) > file.MaxEntry || !strings.Contains(e.Summary, fmt.Sprintf("%d MiB", mib)) || !strings.Contains(e.Summary, "clipped") {
					t.Fatalf("huge line: %d bytes of raw, summary %q", len(e.Raw), e.Summary)
				}
			}
			if worst > 4*file.MaxPageBytes {
				t.Errorf("a page allocated %d MiB; want at most %d MiB", worst>>20, 4*file.MaxPageBytes>>20)
			}
		})
	}
}

// In a JSON array and in a saved API response, an entry over the limit is
// kept clipped too, and a line far longer than the old 64 MiB bound (an
// error before) is an event like any other.
func TestHugeEntriesInEveryLayout(t *testing.T) {
	big := strings.Repeat("x", 3<<20)
	files := map[string]string{
		"array.json": `[{"id":"a"},"` + big + `",{"id":"b"}]`,
		"saved.json": `{"audit_trail":[{"id":1,"action_type":"a"},{"id":2,"message":"` + big + `"},{"id":3,"action_type":"c"}],"result":"success"}`,
	}
	for name, body := range files {
		t.Run(name, func(t *testing.T) {
			src := openCanary(t, name, []byte(body), 10)
			p, err := src.Fetch(context.Background(), model.Query{}, "")
			if err != nil || len(p.Events) != 3 {
				t.Fatalf("%d events, %v", len(p.Events), err)
			}
			mid := p.Events[1]
			if len(mid.Raw) != file.MaxEntry || !strings.Contains(mid.Summary, "this entry is 3.0 MiB") || p.Events[2].Raw == nil || len(p.Events[2].Raw) > 100 {
				t.Errorf("middle entry: %d bytes, %q", len(mid.Raw), mid.Summary)
			}
		})
	}
	t.Run("line of 100 MiB", func(t *testing.T) {
		path := sparse(t, 1, 100)
		src := openPath(t, path, 10)
		p, err := src.Fetch(context.Background(), model.Query{}, "")
		if err != nil || len(p.Events) != 3 {
			t.Fatalf("%d events, %v", len(p.Events), err)
		}
		if s := p.Events[1].Summary; !strings.Contains(s, "100 MiB") || !strings.Contains(s, "line 2 of the file") {
			t.Errorf("summary %q", s)
		}
	})
}
