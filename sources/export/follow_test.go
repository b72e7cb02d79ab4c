package export

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/follow/followtest"
)

var followT0 = time.Date(2026, 11, 17, 15, 0, 0, 0, time.UTC)

// batches is an output that adds to the log after each batch and ends the
// follow after the last.
type batches struct {
	bytes.Buffer
	n     int
	after []func()
	stop  context.CancelFunc
}

func (b *batches) Write(p []byte) (int, error) {
	n, err := b.Buffer.Write(p)
	if b.n < len(b.after) {
		b.after[b.n]()
	}
	b.n++
	if b.n >= len(b.after) {
		b.stop()
	}
	return n, err
}

func fastFollow(l sources.Source) FollowRequest {
	return FollowRequest{Source: l, Name: "log", Provider: "test", Interval: func(string) time.Duration { return time.Millisecond },
		Walk: sources.WalkOptions{Attempts: 1}}
}

// The backlog, then each batch of new events, oldest first, each once; a
// stop asked for ends with status 0 and says where the state is.
func TestFollowWritesBacklogThenNewEvents(t *testing.T) {
	l := followtest.NewLog(3)
	l.Add(followT0, followT0.Add(time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &batches{stop: cancel}
	out.after = []func(){
		func() { l.Add(followT0.Add(time.Second), followT0.Add(2*time.Second)) }, // one in the head's second
		func() {
			l.Add(followT0.Add(3*time.Second), followT0.Add(4*time.Second), followT0.Add(5*time.Second), followT0.Add(6*time.Second))
		},
		func() {},
	}
	var stderr bytes.Buffer
	if err := Follow(ctx, fastFollow(l), out, &stderr); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		rec, err := model.ParseRecord([]byte(line))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rec.ID)
	}
	if got := strings.Join(ids, " "); got != "1 2 3 4 5 6 7 8" {
		t.Errorf("written %q, want every event once, each batch oldest first: 1 2 3 4 5 6 7 8", got)
	}
	if !strings.Contains(stderr.String(), "follow stopped after 8 events; the state is not kept (no --state)") {
		t.Errorf("stderr: %q", stderr.String())
	}
}

// A provider that refuses every request for good ends the follow with
// ExitRefused after saying so; it does not retry forever.
func TestFollowStopsWhenRefused(t *testing.T) {
	l := followtest.NewLog(3)
	l.FailNext(&sources.Error{Kind: sources.ErrUnauthorized, Provider: "test", Status: 401, Message: "bad token"})
	var stdout, stderr bytes.Buffer
	err := Follow(context.Background(), fastFollow(l), &stdout, &stderr)
	var exit *ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != ExitRefused {
		t.Fatalf("err %v, want exit status %d", err, ExitRefused)
	}
	if !strings.Contains(stderr.String(), "refuses every request") {
		t.Errorf("stderr: %q", stderr.String())
	}
}

// A transient failure is said on stderr with when it is tried again, and
// the follow goes on.
func TestFollowRetriesATransientFailure(t *testing.T) {
	l := followtest.NewLog(3)
	l.Add(followT0)
	l.FailNext(&sources.Error{Kind: sources.ErrUnavailable, Provider: "test", Status: 503, Message: "down"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &batches{stop: cancel, after: []func(){func() {}}}
	var stderr bytes.Buffer
	if err := Follow(ctx, fastFollow(l), out, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "trying again in") || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("stderr %q, output %q", stderr.String(), out.String())
	}
}

// A state file kept for another source is refused, not used.
func TestFollowRefusesAnotherSourcesState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte(`{"version":1,"source":"other","heads":{}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	req := fastFollow(followtest.NewLog(3))
	req.State = path
	err := Follow(context.Background(), req, &bytes.Buffer{}, &bytes.Buffer{})
	var exit *ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != ExitFailed || !strings.Contains(err.Error(), `for source "other"`) {
		t.Errorf("err %v", err)
	}
}

// With -o, lines written after the last saved state (a kill between the
// two) are held on the next start, and a partial last line is cut off.
func TestFollowReconcilesTheOutput(t *testing.T) {
	dir := t.TempDir()
	out, state := filepath.Join(dir, "out.jsonl"), filepath.Join(dir, "state.json")
	l := followtest.NewLog(3)
	l.Add(followT0, followT0.Add(time.Second))
	whole := `{"source":"log","provider":"test","id":"1","time":"2026-11-17T15:00:00Z","action":"","actor":"","target":"","summary":"","ip":"","outcome":"","raw":null}` + "\n"
	if err := os.WriteFile(out, []byte(whole+`{"source":"log","id":"2","ti`), 0o600); err != nil {
		t.Fatal(err)
	}
	req := fastFollow(l)
	req.Output, req.State = out, state
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			if b, _ := os.ReadFile(out); strings.Count(string(b), "\n") >= 2 {
				cancel()
			}
			time.Sleep(time.Millisecond)
		}
	}()
	if err := Follow(ctx, req, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	if got := strings.Count(string(b), `"id":"1"`); got != 1 || !strings.HasPrefix(string(b), whole) || !strings.HasSuffix(string(b), "\n") {
		t.Errorf("output after a restart:\n%s", b)
	}
	if got := strings.Count(string(b), `"id":"2"`); got != 1 {
		t.Errorf("event 2 written %d times after its partial line was cut off, want once:\n%s", got, b)
	}
}

// A state file kept for other filters is refused: its heads would skip
// events the new filters match.
func TestFollowRefusesAStateForOtherFilters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte(`{"version":1,"source":"log","heads":{},"query":"action=\"user_login\""}`), 0o600); err != nil {
		t.Fatal(err)
	}
	req := fastFollow(followtest.NewLog(3))
	req.State = path
	req.Query.Action = "user_logout"
	err := Follow(context.Background(), req, &bytes.Buffer{}, &bytes.Buffer{})
	var exit *ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != ExitFailed || !strings.Contains(err.Error(), `kept for other filters (action="user_login")`) {
		t.Errorf("err %v", err)
	}
}
