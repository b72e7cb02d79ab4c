package sources_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// counting counts a source's fetches, and those under way.
type counting struct {
	sources.Source
	fetches, inFlight atomic.Int32
}

func (c *counting) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	c.fetches.Add(1)
	c.inFlight.Add(1)
	defer c.inFlight.Add(-1)
	return c.Source.Fetch(ctx, q, cursor)
}

// walkTrace is what fn and Progress heard, in order, and how it ended.
func walkTrace(t *testing.T, src sources.Source, ahead bool, failAt int) string {
	t.Helper()
	var b strings.Builder
	opts := fast
	opts.Ahead = ahead
	opts.Progress = func(p sources.WalkProgress) {
		fmt.Fprintf(&b, "progress pages=%d events=%d total=%d waiting=%v reason=%q notice=%q\n", p.Pages, p.Events, p.Total, !p.Until.IsZero(), p.Reason, p.Notice)
	}
	pages := 0
	err := sources.Walk(context.Background(), src, model.Query{}, opts, func(evs []model.Event) error {
		pages++
		fmt.Fprintf(&b, "page %v\n", sourcetest.IDs(evs))
		if pages == failAt {
			return errors.New("the writer failed")
		}
		return nil
	})
	fmt.Fprintf(&b, "end: %v", err)
	return b.String()
}

// TestWalkAheadIsWalk: fetching ahead, fn and Progress hear the same pages,
// waits and notices in the same order, and the walk ends the same way:
// done, a transient failure retried, a cursor loop refused, fn failing.
func TestWalkAheadIsWalk(t *testing.T) {
	evs := sourcetest.GenerateEvents(95, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	memory := func() sources.Source {
		m := sourcetest.NewMemory(evs, 10)
		m.FailNext(&sources.Error{Kind: sources.ErrUnavailable, Status: 502},
			&sources.Error{Kind: sources.ErrRateLimited, Status: 429, RetryAfter: time.Millisecond})
		return m
	}
	for _, c := range []struct {
		name   string
		src    func() sources.Source
		failAt int
	}{
		{"whole", memory, 0},
		{"fn fails", memory, 4},
		{"cursor loop", func() sources.Source { return looping{} }, 0},
		{"gives up", func() sources.Source {
			m := sourcetest.NewMemory(evs, 10)
			m.FailNext(&sources.Error{Kind: sources.ErrUnauthorized, Status: 401})
			return m
		}, 0},
	} {
		want := walkTrace(t, c.src(), false, c.failAt)
		if got := walkTrace(t, c.src(), true, c.failAt); got != want {
			t.Errorf("%s: ahead\n%s\nwant, as without\n%s", c.name, got, want)
		}
	}
}

// exportToday is what export wrote before it fetched ahead: each page in
// turn, each event's record as NewRecord and AppendJSONL make it.
func exportToday(t *testing.T, src sources.Source) []byte {
	t.Helper()
	var out []byte
	if err := sources.Walk(context.Background(), src, model.Query{}, fast, func(evs []model.Event) error {
		for i := range evs {
			var err error
			if out, err = model.NewRecord("prod", "memory", &evs[i]).AppendJSONL(out); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func exportEvents() []model.Event {
	evs := sourcetest.GenerateEvents(2500, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	// Some the one-pass writer leaves to the general way.
	evs[3].Summary = "caf\u00e9 \u202e"
	evs[4].Raw = []byte(`{"a": [1, 2],` + "\n" + `"b":"\u00e9"}`)
	evs[5].Raw = []byte(`not json`)
	evs[6].Actor = "tab\there"
	evs[7].Raw = nil
	return evs
}

// TestExportAheadWritesTheSameBytes: the pipelined, one-pass export writes
// what the export before it wrote, byte for byte, in the same order.
func TestExportAheadWritesTheSameBytes(t *testing.T) {
	evs := exportEvents()
	want := exportToday(t, sourcetest.NewMemory(evs, 100))
	var got bytes.Buffer
	n, err := sources.Export(context.Background(), sourcetest.NewMemory(evs, 100), model.Query{}, sources.ExportOptions{Source: "prod", Provider: "memory", Walk: fast}, &got)
	if err != nil || n != len(evs) {
		t.Fatalf("exported %d of %d: %v", n, len(evs), err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("export differs from the export before it fetched ahead (%d bytes, want %d)", got.Len(), len(want))
	}
}

// requireWholePrefix checks that out is the first n lines of full: no
// event lost on the way, none written twice.
func requireWholePrefix(t *testing.T, what string, out, full []byte, n int) {
	t.Helper()
	if !bytes.HasPrefix(full, out) {
		t.Fatalf("%s: the output is not a prefix of the whole export", what)
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		t.Fatalf("%s: the output ends in a partial line", what)
	}
	if lines := bytes.Count(out, []byte("\n")); lines != n {
		t.Fatalf("%s: export counted %d events and the output holds %d lines", what, n, lines)
	}
}

// TestExportAheadStopsOnAFullDisk: a write failing part way stops the walk
// and its fetcher; what is on disk is whole lines, counted exactly, the
// first of the export, and at most one page more was fetched than written.
func TestExportAheadStopsOnAFullDisk(t *testing.T) {
	evs := exportEvents()
	full := exportToday(t, sourcetest.NewMemory(evs, 100))
	for _, limit := range []int{0, 1, 70_000, 300_000, len(full) - 1} {
		src := &counting{Source: sourcetest.NewMemory(evs, 100)}
		d := &fullDisk{limit: limit}
		n, err := sources.Export(context.Background(), src, model.Query{}, sources.ExportOptions{Source: "prod", Provider: "memory", Walk: fast}, d)
		if !errors.Is(err, errDiskFull) {
			t.Fatalf("limit %d: %v, want the disk's error", limit, err)
		}
		what := fmt.Sprintf("limit %d", limit)
		requireWholePrefix(t, what, d.data[:d.off], full, n)
		if src.inFlight.Load() != 0 {
			t.Errorf("%s: a fetch is still under way after Export returned", what)
		}
		// The page that failed, and the one fetched while it was written.
		if f := int(src.fetches.Load()); f > n/100+2 {
			t.Errorf("%s: %d fetches for %d events written", what, f, n)
		}
	}
}

// cancelling is a writer that ends the export's context after some writes.
type cancelling struct {
	bytes.Buffer
	after  int
	cancel context.CancelFunc
}

func (c *cancelling) Write(p []byte) (int, error) {
	if c.after--; c.after == 0 {
		c.cancel()
	}
	return c.Buffer.Write(p)
}

// TestExportAheadStopsWhenCancelled: an interrupt stops the fetcher too;
// what was written is whole lines, the first of the export, counted.
func TestExportAheadStopsWhenCancelled(t *testing.T) {
	evs := exportEvents()
	full := exportToday(t, sourcetest.NewMemory(evs, 100))
	for _, after := range []int{1, 2, 5} {
		ctx, cancel := context.WithCancel(context.Background())
		src := &counting{Source: sourcetest.NewMemory(evs, 100)}
		w := &cancelling{after: after, cancel: cancel}
		n, err := sources.Export(ctx, src, model.Query{}, sources.ExportOptions{Source: "prod", Provider: "memory", Walk: fast}, w)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled after %d writes: %v, want context.Canceled", after, err)
		}
		requireWholePrefix(t, fmt.Sprintf("cancelled after %d writes", after), w.Bytes(), full, n)
		if n == len(evs) {
			t.Errorf("cancelled after %d writes, yet every event was exported", after)
		}
		if src.inFlight.Load() != 0 {
			t.Errorf("cancelled after %d writes: a fetch is still under way after Export returned", after)
		}
	}
}

// signalling tells when its second page is asked for.
type signalling struct {
	sources.Source
	calls  atomic.Int32
	second chan struct{}
}

func (s *signalling) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	if s.calls.Add(1) == 2 {
		close(s.second)
	}
	return s.Source.Fetch(ctx, q, cursor)
}

// waiting is a writer whose first write waits for the second page's fetch.
type waiting struct {
	bytes.Buffer
	second <-chan struct{}
	waited bool
}

func (w *waiting) Write(p []byte) (int, error) {
	if !w.waited {
		w.waited = true
		select {
		case <-w.second:
		case <-time.After(time.Minute):
			return 0, errors.New("page 2 was not fetched while page 1 was written")
		}
	}
	return w.Buffer.Write(p)
}

// TestExportFetchesWhileWriting: page 2 is asked for while page 1 is being
// written (before, export fetched, wrote, fetched in strict turn).
func TestExportFetchesWhileWriting(t *testing.T) {
	evs := exportEvents()[:300]
	src := &signalling{Source: sourcetest.NewMemory(evs, 100), second: make(chan struct{})}
	w := &waiting{second: src.second}
	n, err := sources.Export(context.Background(), src, model.Query{}, sources.ExportOptions{Source: "prod", Provider: "memory", Walk: fast}, w)
	if err != nil || n != len(evs) {
		t.Fatalf("exported %d of %d: %v", n, len(evs), err)
	}
}

// panicking is a source with a bug on its second page.
type panicking struct{ sources.Source }

func (p panicking) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	if cursor != "" {
		var evs []model.Event
		_ = evs[3] // index out of range
	}
	return p.Source.Fetch(ctx, q, cursor)
}

// TestExportAheadPanicsWhereTheCallerRecovers: a source that panics in the
// fetching goroutine does not end the process; Export panics with it in the
// caller's goroutine, as it did when it fetched there (the explorer
// recovers and reports an internal error), after writing the pages before.
func TestExportAheadPanicsWhereTheCallerRecovers(t *testing.T) {
	evs := exportEvents()[:300]
	var out bytes.Buffer
	var recovered any
	func() {
		defer func() { recovered = recover() }()
		_, _ = sources.Export(context.Background(), panicking{sourcetest.NewMemory(evs, 100)}, model.Query{}, sources.ExportOptions{Walk: fast}, &out)
	}()
	if recovered == nil {
		t.Fatal("Export did not panic with the source's panic")
	}
	if !strings.Contains(fmt.Sprint(recovered), "index out of range") {
		t.Errorf("panicked with %v", recovered)
	}
	if n := bytes.Count(out.Bytes(), []byte("\n")); n != 100 {
		t.Errorf("%d lines written before the panic, want the first page's 100", n)
	}
}
