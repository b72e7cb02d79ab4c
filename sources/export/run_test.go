package export_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/export"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/sourcetest"
)

var (
	start = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	fast  = sources.WalkOptions{Attempts: 1, Backoff: time.Millisecond}
)

func memory(n int) *sourcetest.Memory {
	return sourcetest.NewMemory(sourcetest.GenerateEvents(n, start, time.Minute), 10)
}

func TestRunToStdout(t *testing.T) {
	var out, errOut bytes.Buffer
	err := export.Run(context.Background(), export.Request{Source: memory(35), Name: "m", Provider: "memory", Walk: fast}, &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 35 {
		t.Errorf("%d lines on stdout, want 35", n)
	}
	if errOut.Len() != 0 {
		t.Errorf("stderr is not a terminal, yet: %q", errOut.String())
	}
}

func TestRunOnATerminalSaysWhatItDid(t *testing.T) {
	var out, errOut bytes.Buffer
	path := filepath.Join(t.TempDir(), "x.csv")
	format, _ := export.Format("", path)
	err := export.Run(context.Background(), export.Request{Source: memory(12), Format: format, Output: path, TTY: true, Walk: fast}, &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "page 2 of 2 · 12 events") || !strings.Contains(errOut.String(), "exported 12 events to "+path) {
		t.Errorf("stderr: %q", errOut.String())
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), "source,provider,") || out.Len() != 0 {
		t.Errorf("file %q, stdout %q", data, out.String())
	}
}

// TestRunRefusesAnExistingFile: `-o` onto an existing file says so before
// any request and leaves it; --force replaces it (issue 16.6).
func TestRunRefusesAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "evidence.jsonl")
	os.WriteFile(path, []byte("old\n"), 0o644)
	src := memory(5)
	err := export.Run(context.Background(), export.Request{Source: src, Output: path, Walk: fast}, nil, nil)
	if !errors.Is(err, export.ErrExists) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old\n" || src.Calls() != 0 {
		t.Fatalf("file %q after %d requests", b, src.Calls())
	}
	var errOut bytes.Buffer
	if err := export.Run(context.Background(), export.Request{Source: src, Output: path, Force: true, Walk: fast}, nil, &errOut); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if strings.Count(string(b), "\n") != 5 || info.Mode().Perm() != 0o600 {
		t.Errorf("after --force: %d lines, mode %v", strings.Count(string(b), "\n"), info.Mode().Perm())
	}
}

// failing fails every fetch after the first.
type failing struct {
	sources.Source
	calls int
}

func (f *failing) Fetch(ctx context.Context, q model.Query, c string) (sources.Page, error) {
	f.calls++
	if f.calls > 1 {
		return sources.Page{}, &sources.Error{Kind: sources.ErrUnauthorized, Provider: "memory", Message: "token refused"}
	}
	return f.Source.Fetch(ctx, q, c)
}

func TestRunFailureSaysWhatTheFileHolds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.jsonl")
	var errOut bytes.Buffer
	err := export.Run(context.Background(), export.Request{Source: &failing{Source: memory(30)}, Output: path, Walk: fast}, nil, &errOut)
	if !errors.Is(err, export.ErrReported) {
		t.Fatalf("err = %v", err)
	}
	want := "trail: export stopped early after 10 events: memory: token refused\ntrail: " + path + " holds the 10 events written before the stop, as whole lines\n"
	if errOut.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errOut.String(), want)
	}
}

func TestRunMergedPartFailure(t *testing.T) {
	m := merge.New([]merge.Named{
		{Name: "good", Provider: "memory", Source: memory(25)},
		{Name: "bad", Provider: "memory", Source: &failing{Source: memory(25)}},
	}, merge.Options{PageSize: 10})
	var out, errOut bytes.Buffer
	err := export.Run(context.Background(), export.Request{Source: m, Merged: true, Walk: fast}, &out, &errOut)
	if !errors.Is(err, export.ErrReported) || !strings.Contains(errOut.String(), "source bad failed after 10 events") {
		t.Errorf("err %v, stderr %q", err, errOut.String())
	}
	if n := strings.Count(out.String(), "\n"); n != 35 {
		t.Errorf("%d events written, want 25 + 10", n)
	}
}

func TestFormatAndRange(t *testing.T) {
	for _, tt := range []struct{ flag, out, want string }{
		{"", "", "jsonl"}, {"", "a.CSV", "csv"}, {"jsonl", "a.csv", "jsonl"}, {"csv", "", "csv"},
	} {
		if got, err := export.Format(tt.flag, tt.out); got != tt.want || err != nil {
			t.Errorf("Format(%q, %q) = %q, %v", tt.flag, tt.out, got, err)
		}
	}
	if _, err := export.Format("xml", ""); err == nil || !strings.Contains(err.Error(), "jsonl or csv") {
		t.Errorf("Format(xml): %v", err)
	}
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	from, to, err := export.Range("24h", "2026-11-20", now, time.UTC)
	if err != nil || !from.Equal(now.Add(-24*time.Hour)) || !to.Equal(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Range = %v, %v, %v", from, to, err)
	}
	if _, _, err := export.Range("1h", "2h", now, time.UTC); err == nil || !strings.Contains(err.Error(), "after --since") {
		t.Errorf("backwards range: %v", err)
	}
	if _, _, err := export.Range("yesterdayish", "", now, time.UTC); err == nil || !strings.HasPrefix(err.Error(), "--since: ") {
		t.Errorf("bad --since: %v", err)
	}
}

// TestRunDiskFullSaysWhatTheFileHolds is issue 16.7's reproduction: `trail
// export -o` under `ulimit -f 20` said 73 whole lines were kept when the
// file held 23 and a half. Here, in a child process with a 20 KiB file size
// limit, what stderr says the file holds is what it holds, whole lines.
func TestRunDiskFullSaysWhatTheFileHolds(t *testing.T) {
	path, out, data := sourcetest.FileSizeLimited(t, func(t *testing.T, path string) {
		err := export.Run(context.Background(), export.Request{Source: memory(500), Output: path, Walk: fast}, nil, os.Stdout)
		if !errors.Is(err, export.ErrReported) {
			t.Fatalf("err = %v", err)
		}
	})
	n := bytes.Count(data, []byte("\n"))
	want := fmt.Sprintf("trail: %s holds the %d events written before the stop, as whole lines\n", path, n)
	if !strings.Contains(string(out), want) || !strings.Contains(string(out), "file too large") {
		t.Errorf("child said:\n%s\nwant a line %q", out, want)
	}
}

// TestRunForceKeepsTheOldFileOnFailure: with --force, an export that stops
// early does not replace the file: a partial export is left beside it,
// named in the message, and one that wrote nothing leaves nothing.
func TestRunForceKeepsTheOldFileOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "evidence.jsonl")
	os.WriteFile(path, []byte("whole\n"), 0o600)
	var errOut bytes.Buffer
	err := export.Run(context.Background(), export.Request{Source: &failing{Source: memory(30)}, Output: path, Force: true, Walk: fast}, nil, &errOut)
	if !errors.Is(err, export.ErrReported) {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "whole\n" {
		t.Errorf("the old file now holds %q", b)
	}
	partial, _ := filepath.Glob(filepath.Join(dir, "evidence.jsonl.*.partial"))
	if len(partial) != 1 || !strings.Contains(errOut.String(), path+" is unchanged; "+partial[0]+" holds the 10 events written before the stop") {
		t.Fatalf("partial files %q, stderr %q", partial, errOut.String())
	}
	if b, _ := os.ReadFile(partial[0]); strings.Count(string(b), "\n") != 10 {
		t.Errorf("the partial export holds %d lines", strings.Count(string(b), "\n"))
	}
	os.Remove(partial[0])

	// Nothing written: nothing left beside it.
	src := memory(30)
	src.FailNext(&sources.Error{Kind: sources.ErrUnauthorized, Provider: "memory", Message: "token refused"})
	errOut.Reset()
	export.Run(context.Background(), export.Request{Source: src, Output: path, Force: true, Walk: fast}, nil, &errOut)
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || !strings.Contains(errOut.String(), path+" is unchanged\n") {
		t.Errorf("left %v; stderr %q", entries, errOut.String())
	}
}

// explaining is a source that says what a walk covered, as Qualtrics does.
type explaining struct{ *sourcetest.Memory }

func (explaining) Explain() string { return "covered activity type logins only" }

// An export without --action says what the walk covered; with one it does
// not (the user chose).
func TestRunSaysWhatTheWalkCovered(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := export.Run(context.Background(), export.Request{Source: explaining{memory(3)}, Name: "q", Walk: fast}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if got := errOut.String(); got != "trail: q covered activity type logins only\n" {
		t.Errorf("stderr %q", got)
	}
	errOut.Reset()
	q := model.Query{Action: "logins"}
	if err := export.Run(context.Background(), export.Request{Source: explaining{memory(3)}, Name: "q", Query: q, Walk: fast}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if errOut.Len() != 0 {
		t.Errorf("with --action, stderr %q", errOut.String())
	}
}

// throttled is a source whose Fetch sits out a wait inside, as the
// transport does for a rate limit under 90 seconds, and whose first Fetch
// fails with a rate limit the walk waits out.
type throttled struct {
	*sourcetest.Memory
	calls int
}

func (s *throttled) Fetch(ctx context.Context, q model.Query, c string) (sources.Page, error) {
	s.calls++
	if s.calls == 1 {
		return sources.Page{}, &sources.Error{Kind: sources.ErrRateLimited, Provider: "canary", Status: 429, RetryAfter: time.Millisecond}
	}
	if err := sources.Sleep(ctx, time.Millisecond, "canary: rate limited, waiting 1s as the server asked"); err != nil {
		return sources.Page{}, err
	}
	return s.Memory.Fetch(ctx, q, c)
}

// Every wait shows on stderr: off a terminal one line per wait (before,
// none: a wait looked like a hang), the transport's inside a Fetch too
// (export set no WithProgress); on a terminal in the live line.
func TestRunShowsEveryWait(t *testing.T) {
	var out, errOut bytes.Buffer
	walk := sources.WalkOptions{Attempts: 2, Backoff: time.Millisecond}
	if err := export.Run(context.Background(), export.Request{Source: &throttled{Memory: memory(5)}, Walk: walk}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "trail: waiting ") || !strings.HasSuffix(lines[0], ": rate limited by the provider") ||
		lines[1] != "trail: canary: rate limited, waiting 1s as the server asked" {
		t.Errorf("stderr off a terminal: %q", errOut.String())
	}
	errOut.Reset()
	if err := export.Run(context.Background(), export.Request{Source: &throttled{Memory: memory(5)}, Walk: walk, TTY: true}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if s := errOut.String(); !strings.Contains(s, "\rpage 0 · 0 events · waiting ") || !strings.Contains(s, "\rpage 0 · 0 events · canary: rate limited, waiting 1s as the server asked\x1b[K") {
		t.Errorf("stderr on a terminal: %q", s)
	}
}
