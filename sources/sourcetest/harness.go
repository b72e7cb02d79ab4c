package sourcetest

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/faults"
	"github.com/trail-dev/trail/sources/transport"
)

// The scaffolding the providers' fault and secret tests share: one plan,
// one transport, one export and one debug log, so each provider's test
// says only what is its own.

// FaultPlan is the plan an export-through-faults test runs under: every
// other request fails, in every way.
func FaultPlan() faults.Plan {
	return faults.Plan{Every: 2, Kinds: faults.All, Wait: time.Second, Delay: 400 * time.Millisecond}
}

// FaultyHTTP is the transport such a test gives its client: quick retries,
// short attempts (the plan's slow answers time out), four attempts.
func FaultyHTTP() transport.Options {
	return transport.Options{Backoff: time.Millisecond, Timeout: 200 * time.Millisecond, Attempts: 4}
}

// ExportHTTP is the transport an exact-export fixture (RunExport) gives its
// client: quick retries, attempts shorter than the fault plan's slow
// answers, no waiting when a server asks for it, four attempts.
func ExportHTTP() transport.Options {
	return transport.Options{Backoff: time.Millisecond, Timeout: 150 * time.Millisecond, MaxWait: time.Nanosecond, Attempts: 4}
}

// ExportAll exports every event of src with a millisecond walk backoff, as
// the fault tests do, and returns what was written, the count and the error.
func ExportAll(t testing.TB, src sources.Source) (string, int, error) {
	t.Helper()
	var out bytes.Buffer
	n, err := sources.Export(context.Background(), src, model.Query{}, sources.ExportOptions{Walk: sources.WalkOptions{Backoff: time.Millisecond}}, &out)
	return out.String(), n, err
}

// ExportFile exports every event of src with opts to a file named name in a
// scratch folder, as `trail export --output` does, and returns its path.
func ExportFile(t testing.TB, src sources.Source, name string, opts sources.ExportOptions) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if _, err := sources.Export(context.Background(), src, model.Query{}, opts, out); err != nil {
		t.Fatal(err)
	}
	return path
}

// DebugLog returns a debug-level text log, as --debug writes, and the buffer
// it writes to.
func DebugLog() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}

// ErrorTexts collects what failed fetches said, for a test that then looks
// for a secret in all of it.
type ErrorTexts []string

// Fetch fetches one page, bounded by 3 seconds, and keeps the error's text.
func (e *ErrorTexts) Fetch(src sources.Source, q model.Query, cursor string) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := src.Fetch(ctx, q, cursor); err != nil {
		*e = append(*e, err.Error())
	}
}

// DemoEnv is the Env main.go gives a demo: a clock fixed at now and the
// debug log, written to debug.
func DemoEnv(now time.Time, debug *bytes.Buffer) sources.Env {
	return sources.Env{
		Now: func() time.Time { return now },
		Log: slog.New(slog.NewTextHandler(debug, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
}

// Clock is a clock a test moves by hand, safe to share between a client and
// an emulator.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a Clock standing at now.
func NewClock(now time.Time) *Clock { return &Clock{now: now} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// RequireExportThroughFaults exports every event of src, whose server fails
// under FaultPlan, and fails t unless the export comes through with exactly
// the events want names (ids, in order) and every kind of fault was
// injected along the way.
func RequireExportThroughFaults(t testing.TB, src sources.Source, want []string, injected func() []faults.Kind) {
	t.Helper()
	out, n, err := ExportAll(t, src)
	if err != nil {
		t.Fatalf("export through faults: %v (injected %v)", err, injected())
	}
	RequireExported(t, out, n, want)
	RequireAllFaults(t, injected())
}
