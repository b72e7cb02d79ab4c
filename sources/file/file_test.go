package file_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/file"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

var now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// canaryExport exports n events from a Canary emulator to trail JSONL and
// returns the file and the events as the API gave them.
func canaryExport(t *testing.T, n int) (string, []model.Event) {
	t.Helper()
	srv := httptest.NewServer(canaryemu.New(canaryemu.Options{Token: "t", Now: now, Events: n, Seed: 3}))
	t.Cleanup(srv.Close)
	src := canary.New(canary.Config{Common: transport.Common{BaseURL: srv.URL}, Token: "t", PageSize: 37})
	want, err := sourcetest.Walked(context.Background(), src, model.Query{}, sources.WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return sourcetest.ExportFile(t, src, "export.jsonl", sources.ExportOptions{Source: "prod", Provider: "canary"}), want
}

// openCanary writes body to a file named name in a scratch folder and
// opens it as Canary entries in pages of pageSize.
func openCanary(t *testing.T, name string, body []byte, pageSize int) *file.Source {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	return openPath(t, path, pageSize)
}

// openPath opens the file at path as Canary entries in pages of pageSize.
func openPath(tb testing.TB, path string, pageSize int) *file.Source {
	tb.Helper()
	src, err := file.Open(path, pageSize, canary.Codec())
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

func walkAll(t *testing.T, src sources.Source, q model.Query) []model.Event {
	t.Helper()
	got, err := sourcetest.Walked(context.Background(), src, q, sources.WalkOptions{Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestExportReadsBackAsTheProviderGaveIt(t *testing.T) {
	path, want := canaryExport(t, 333)
	src := openPath(t, path, 50)
	got := walkAll(t, src, model.Query{})
	if len(got) != len(want) {
		t.Fatalf("read %d events back, exported %d", len(got), len(want))
	}
	for i := range want {
		// The export escapes characters a terminal must not see raw (C1,
		// bidi, ...) as \uXXXX: equivalent JSON, so every field reads back
		// the same and raw is the provider's entry with those escapes.
		want[i].Raw = model.AppendJSONEscaped(nil, want[i].Raw)
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("event %d differs:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestConformance(t *testing.T) {
	sourcetest.Run(t, func(t *testing.T, cfg sourcetest.Config) sourcetest.Fixture {
		evs := sourcetest.GenerateEvents(cfg.Events, now, 7*time.Minute)
		var buf bytes.Buffer
		for i := range evs {
			line, _ := model.NewRecord("mem", "memory", &evs[i]).AppendJSONL(nil)
			buf.Write(line)
		}
		path := filepath.Join(t.TempDir(), "log.jsonl")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		src, err := file.Open(path, cfg.PageSize)
		if err != nil {
			t.Fatal(err)
		}
		var s sources.Source = src
		if cfg.Latency > 0 {
			s = slow{src, cfg.Latency}
		}
		// Without a memory codec the records come back through Record.Event.
		for i := range evs {
			evs[i].Changes = nil
		}
		return sourcetest.Fixture{Source: s, Events: evs}
	})
}

// slow delays each fetch, for the suite's deadline test (reading a local file
// is otherwise too fast to time out).
type slow struct {
	sources.Source
	d time.Duration
}

func (s slow) Fetch(ctx context.Context, q model.Query, c string) (sources.Page, error) {
	if err := sources.Sleep(ctx, s.d, ""); err != nil {
		return sources.Page{}, err
	}
	return s.Source.Fetch(ctx, q, c)
}

func TestLayouts(t *testing.T) {
	emu := canaryemu.New(canaryemu.Options{Token: "t", Now: now, Events: 12, Seed: 5})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	want := walkAll(t, canary.New(canary.Config{Common: transport.Common{BaseURL: srv.URL}, Token: "t"}), model.Query{})
	var entries []json.RawMessage
	for _, e := range want {
		entries = append(entries, e.Raw)
	}
	array, _ := json.Marshal(entries)
	pretty, _ := json.MarshalIndent(entries, "", "  ")
	page, _ := json.Marshal(map[string]any{"audit_trail": entries, "cursor": map[string]any{"next": nil, "prev": nil}, "page_count": 1, "page_number": 1, "result": "success"})
	var lines bytes.Buffer
	for _, e := range entries {
		lines.Write(e)
		lines.WriteString("\r\n\n")
	}
	var records []json.RawMessage
	for i := range want {
		b, _ := json.Marshal(model.NewRecord("prod", "canary", &want[i]))
		records = append(records, b)
	}
	recordArray, _ := json.Marshal(records)

	for name, body := range map[string][]byte{
		"array of entries":        array,
		"indented array":          pretty,
		"saved API page":          page,
		"entries one per line":    lines.Bytes(),
		"array of export records": recordArray,
		"with a byte order mark":  append([]byte("\xef\xbb\xbf"), array...),
	} {
		t.Run(name, func(t *testing.T) {
			src := openCanary(t, "f.json", body, 5)
			got := walkAll(t, src, model.Query{})
			if len(got) != len(want) {
				t.Fatalf("%d events, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i].ID != want[i].ID || !got[i].Time.Equal(want[i].Time) || got[i].Summary != want[i].Summary || !bytes.Equal(sourcetest.CompactJSON(got[i].Raw), sourcetest.CompactJSON(want[i].Raw)) {
					t.Fatalf("event %d: got %+v, want %+v", i, got[i], want[i])
				}
			}
			// The page size changed from one page to the next (sources.Sizer)
			// loses and repeats nothing, in every layout.
			var sized []model.Event
			cursor := ""
			for i := 0; i < 20; i++ {
				size := []int{5, 1, 3, 10, 0}[i%5]
				p, err := src.FetchSize(context.Background(), model.Query{}, cursor, size)
				if err != nil {
					t.Fatalf("page %d at size %d: %v", i+1, size, err)
				}
				if asked := cmp.Or(size, 5); len(p.Events) > asked {
					t.Fatalf("page %d asked for %d holds %d", i+1, asked, len(p.Events))
				}
				sized = append(sized, p.Events...)
				if cursor = p.Next; cursor == "" {
					break
				}
			}
			if ids, wantIDs := sourcetest.IDs(sized), sourcetest.IDs(want); !slices.Equal(ids, wantIDs) {
				t.Fatalf("walk changing the page size: %v, want %v", ids, wantIDs)
			}
		})
	}
}

func TestReadsOnlyWhatAPageNeeds(t *testing.T) {
	// A file whose tail is broken: the first pages read fine, because
	// nothing past them is read until it is asked for.
	var b bytes.Buffer
	evs := sourcetest.GenerateEvents(20, now, time.Minute)
	for i := range evs {
		line, _ := model.NewRecord("s", "memory", &evs[i]).AppendJSONL(nil)
		b.Write(line)
	}
	b.WriteString(strings.Repeat("x", 3<<20)) // 3 MB of junk with no newline
	path := filepath.Join(t.TempDir(), "big.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	src, _ := file.Open(path, 10)
	p1, err := src.Fetch(context.Background(), model.Query{}, "")
	if err != nil || len(p1.Events) != 10 || p1.Next == "" {
		t.Fatalf("first page: %d events, next %q, %v", len(p1.Events), p1.Next, err)
	}
	p2, err := src.Fetch(context.Background(), model.Query{}, p1.Next)
	if err != nil || len(p2.Events) != 10 || p2.Events[9].ID != evs[19].ID {
		t.Fatalf("second page: %+v, %v", p2, err)
	}
	// The junk is one line over the per-entry limit, kept as an event
	// rather than dropped, clipped to the limit and saying so.
	p3, err := src.Fetch(context.Background(), model.Query{}, p2.Next)
	if err != nil || len(p3.Events) != 1 || !strings.Contains(p3.Events[0].Summary, "this entry is 3 MiB, more than the 1 MiB trail keeps of one: clipped") ||
		len(p3.Events[0].Raw) != file.MaxEntry || p3.Next != "" {
		t.Fatalf("junk page: %d events, %v", len(p3.Events), err)
	}
	// It says where the whole entry is, for the detail pane.
	if c := p3.Events[0].Clipped; c == nil || c.File != path || c.Line != 21 || c.Size < 3<<20 ||
		c.String() != fmt.Sprintf("entry clipped: %d bytes, whole entry at line 21 of %s", c.Size, path) {
		t.Errorf("clip info %+v", c)
	}
}

func TestTruncatedFileAndBadCursor(t *testing.T) {
	path, _ := canaryExport(t, 40)
	src, _ := file.Open(path, 10, canary.Codec())
	p1 := sourcetest.FirstPage(t, src, model.Query{})
	if err := os.Truncate(path, 100); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Fetch(context.Background(), model.Query{}, p1.Next); !errors.Is(err, sources.ErrBadCursor) {
		t.Errorf("cursor into a truncated file: %v", err)
	}
	for _, c := range []string{"garbage", "bDoxOjE6MTox", "a"} {
		if _, err := src.Fetch(context.Background(), model.Query{}, c); !errors.Is(err, sources.ErrBadCursor) {
			t.Errorf("cursor %q: %v", c, err)
		}
	}
	// A broken array says where.
	broken := filepath.Join(t.TempDir(), "broken.json")
	_ = os.WriteFile(broken, []byte(`[{"id":1},{"id":2`), 0o600)
	src, _ = file.Open(broken, 10, canary.Codec())
	if _, err := src.Fetch(context.Background(), model.Query{}, ""); !errors.Is(err, sources.ErrMalformed) || !strings.Contains(err.Error(), "cut off") {
		t.Errorf("broken array: %v", err)
	}
	if _, err := file.Open(filepath.Join(t.TempDir(), "nope.jsonl"), 0); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing file: %v", err)
	}
}

// TestFilesIsThePathRead: a file source names the file it reads, so that
// an export never writes over it.
func TestFilesIsThePathRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.jsonl")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := file.Open(path, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := sources.FilesOf(src); len(got) != 1 || got[0] != path {
		t.Errorf("FilesOf = %q", got)
	}
}
