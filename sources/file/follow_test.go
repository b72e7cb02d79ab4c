package file_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/file"
	"github.com/trail-dev/trail/sources/follow"
	"github.com/trail-dev/trail/sources/follow/followtest"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// appender writes trail records to the end of a JSON-lines file, as a
// collector does.
type appender struct {
	mu   sync.Mutex
	path string
	n    int
}

func (a *appender) add(at ...time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f, err := os.OpenFile(a.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	for _, t := range at {
		a.n++
		e := model.Event{ID: fmt.Sprint(a.n), Time: t, Action: "user_login", Actor: "alice", Raw: []byte(fmt.Sprintf(`{"n":%d}`, a.n))}
		line, err := model.NewRecord("log", "canary", &e).AppendJSONL(nil)
		if err != nil {
			panic(err)
		}
		if _, err := f.Write(line); err != nil {
			panic(err)
		}
	}
}

// A file that grows is followed from where each check stopped reading: every
// line appended comes once, bursts of pages and same-second lines included.
func TestFollowAGrowingFile(t *testing.T) {
	a := &appender{path: filepath.Join(t.TempDir(), "log.jsonl")}
	for i := 20; i > 0; i-- {
		a.add(now.Add(-time.Duration(i) * time.Minute))
	}
	src, err := file.Open(a.path, 5)
	if err != nil {
		t.Fatal(err)
	}
	followtest.Run(t, followtest.Fixture{Source: src, PageSize: 5, Clock: sourcetest.NewClock(now), Add: a.add})
}

// After the first check, a check reads only what was appended; a partial
// last line waits for its newline; a truncated file is said and read again
// from its start.
func TestTailReadsOnlyWhatWasAppended(t *testing.T) {
	a := &appender{path: filepath.Join(t.TempDir(), "log.jsonl")}
	a.add(now.Add(-time.Minute), now)
	src, err := file.Open(a.path, 5)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := follow.Poll(ctx, src, model.Query{}, follow.Head{}, follow.Options{})
	if err != nil || len(res.Events) != 2 || res.Head.Mark == "" {
		t.Fatalf("first poll: %d events, mark %q, %v", len(res.Events), res.Head.Mark, err)
	}
	a.add(now.Add(time.Second))
	f, _ := os.OpenFile(a.path, os.O_WRONLY|os.O_APPEND, 0o600)
	fmt.Fprint(f, `{"source":"log","id":"partial`)
	f.Close()
	res2, err := follow.Poll(ctx, src, model.Query{}, res.Head, follow.Options{})
	if err != nil || len(res2.Events) != 1 || res2.Events[0].ID != "3" || res2.Pages != 1 {
		t.Fatalf("second poll: %v (%d reads), %v; want event 3 alone in one read", sourcetest.IDs(res2.Events), res2.Pages, err)
	}
	if err := os.Truncate(a.path, 0); err != nil {
		t.Fatal(err)
	}
	a.n = 10
	a.add(now.Add(2 * time.Second))
	res3, err := follow.Poll(ctx, src, model.Query{}, res2.Head, follow.Options{})
	if err != nil || len(res3.Events) != 1 || res3.Events[0].ID != "11" || !strings.Contains(res3.Notice, "truncated or replaced") {
		t.Fatalf("after a truncation: %v, notice %q, %v", sourcetest.IDs(res3.Events), res3.Notice, err)
	}
}
