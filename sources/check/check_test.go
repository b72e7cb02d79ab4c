package check_test

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/check"
	"github.com/trail-dev/trail/sources/sourcetest"
)

func opens(src sources.Source, provider string, released *bool) func(context.Context) (sources.Source, string, func(), error) {
	return func(context.Context) (sources.Source, string, func(), error) {
		return src, provider, func() { *released = true }, nil
	}
}

func TestRunVerdicts(t *testing.T) {
	evs := sourcetest.GenerateEvents(25, time.Date(2026, 11, 20, 12, 30, 0, 0, time.UTC), time.Minute)
	down := sourcetest.NewMemory(evs, 10)
	down.FailNext(&sources.Error{Kind: sources.ErrUnavailable, Provider: "memory", Message: "could not reach x", Hint: "check the network"})
	var released bool
	targets := []check.Target{
		{Name: "good", Open: opens(sourcetest.NewMemory(evs, 10), "memory", &released)},
		{Name: "down", Open: opens(down, "memory", new(bool))},
		{Name: "demo memory", Open: opens(sourcetest.NewMemory(evs, 10), "memory", new(bool))},
		{Name: "bad\x1b[2J", Open: func(context.Context) (sources.Source, string, func(), error) {
			return nil, "", nil, errors.New("no token")
		}},
	}
	var out bytes.Buffer
	if check.Run(context.Background(), &out, targets, time.Second) {
		t.Error("Run passed with two failures")
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	want := []*regexp.Regexp{
		regexp.MustCompile(`^✓ good: memory: 10 events on the first page in \d+m?s, newest 2026-11-20 12:30 UTC, 3 pages$`),
		regexp.MustCompile(`^✗ down: memory: could not reach x; check the network$`),
		regexp.MustCompile(`^✓ demo memory: 10 events on the first page`), // the name says the provider: once
		regexp.MustCompile(`^✗ bad\\x1b\[2J: no token$`),
	}
	if len(lines) != len(want) {
		t.Fatalf("output:\n%s", out.String())
	}
	for i, re := range want {
		if !re.MatchString(lines[i]) {
			t.Errorf("line %d = %q, want %s", i, lines[i], re)
		}
	}
	if !released {
		t.Error("the source was not released")
	}
}

// diagnosing is a source with something to say about its settings.
type diagnosing struct{ *sourcetest.Memory }

func (diagnosing) Diagnose(_ context.Context, first sources.Page) []string {
	return []string{"the newest entry reads 7h in the future"}
}

// A source's own diagnosis (Domo's zone) follows its verdict.
func TestRunPrintsDiagnoses(t *testing.T) {
	evs := sourcetest.GenerateEvents(3, time.Date(2026, 11, 20, 12, 30, 0, 0, time.UTC), -time.Minute)
	var out bytes.Buffer
	targets := []check.Target{{Name: "d", Open: opens(diagnosing{sourcetest.NewMemory(evs, 10)}, "memory", new(bool))}}
	if !check.Run(context.Background(), &out, targets, time.Second) {
		t.Fatalf("Run failed: %s", out.String())
	}
	if !strings.HasSuffix(strings.TrimSpace(out.String()), "; the newest entry reads 7h in the future") {
		t.Errorf("output %q lacks the diagnosis", out.String())
	}
}

// A file listed oldest first: the first page's newest event is its last,
// not its first (check said "newest 2026-10-01 00:00" of a page running to
// 00:20 on the bench's generated file).
func TestNewestOfAPageOldestFirst(t *testing.T) {
	evs := sourcetest.GenerateEvents(25, time.Date(2026, 11, 20, 12, 30, 0, 0, time.UTC), time.Minute)
	for i, j := 0, len(evs)-1; i < j; i, j = i+1, j-1 {
		evs[i], evs[j] = evs[j], evs[i] // 12:06 first, 12:30 last
	}
	var out bytes.Buffer
	check.Run(context.Background(), &out, []check.Target{{Name: "file", Open: opens(sourcetest.NewMemory(evs, 10), "file", new(bool))}}, time.Second)
	if !strings.Contains(out.String(), "newest 2026-11-20 12:15 UTC") {
		t.Errorf("check of a page from 12:06 to 12:15: %q", out.String())
	}
}
