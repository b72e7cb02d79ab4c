package file_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/file"
	"github.com/trail-dev/trail/sources/sourcetest"
)

func jsonlFile(t *testing.T, n int, blankEvery int) (string, []model.Event) {
	t.Helper()
	evs := sourcetest.GenerateEvents(n, now, time.Minute)
	var b strings.Builder
	for i := range evs {
		line, _ := model.NewRecord("s", "memory", &evs[i]).AppendJSONL(nil)
		b.Write(line)
		if blankEvery > 0 && i%blankEvery == 0 {
			b.WriteString("\n  \n")
		}
	}
	path := filepath.Join(t.TempDir(), "log.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, evs
}

func ids(evs []model.Event) string {
	var b strings.Builder
	for _, e := range evs {
		b.WriteString(e.ID + " ")
	}
	return b.String()
}

func TestLastThenBackwardsToTheStart(t *testing.T) {
	for _, blank := range []int{0, 7} {
		path, evs := jsonlFile(t, 1234, blank)
		src, _ := file.Open(path, 100)
		ctx := context.Background()
		page, err := src.Last(ctx, model.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if page.Next != "" || page.Prev == "" || len(page.Events) != 100 {
			t.Fatalf("last page: %d events, next %q, prev %q", len(page.Events), page.Next, page.Prev)
		}
		if last := page.Events[len(page.Events)-1]; last.ID != evs[len(evs)-1].ID {
			t.Fatalf("last event %s, want %s", last.ID, evs[len(evs)-1].ID)
		}
		var pages [][]model.Event
		for {
			pages = append([][]model.Event{page.Events}, pages...)
			if page.Prev == "" {
				break
			}
			if page, err = src.Fetch(ctx, model.Query{}, page.Prev); err != nil {
				t.Fatal(err)
			}
		}
		var all []model.Event
		for _, p := range pages {
			all = append(all, p...)
		}
		if ids(all) != ids(evs) {
			t.Fatalf("blank %d: backwards walk gave %d events, want %d in file order", blank, len(all), len(evs))
		}
		// From the first backward page, Next goes forwards without a gap.
		second, err := src.Fetch(ctx, model.Query{}, mustFirstPage(t, src).Next)
		if err != nil || second.Events[0].ID != evs[100].ID {
			t.Fatalf("forward after backward: %v %v", err, second.Events)
		}
	}
}

func mustFirstPage(t *testing.T, src *file.Source) sources.Page {
	t.Helper()
	p := sourcetest.FirstPage(t, src, model.Query{})
	return p
}

func TestPrevOfAForwardPageIsTheOneBefore(t *testing.T) {
	path, evs := jsonlFile(t, 250, 3)
	src, _ := file.Open(path, 100)
	p1 := mustFirstPage(t, src)
	p2, _ := src.Fetch(context.Background(), model.Query{}, p1.Next)
	back, err := src.Fetch(context.Background(), model.Query{}, p2.Prev)
	if err != nil || ids(back.Events) != ids(evs[:100]) || back.Prev != "" {
		t.Fatalf("prev of page 2: %v, %d events, prev %q", err, len(back.Events), back.Prev)
	}
	if p2.Number != 2 || back.Number != 1 {
		t.Errorf("page numbers %d and %d, want 2 and 1", p2.Number, back.Number)
	}
}

func TestLastOfAnArrayIsUnsupported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.json")
	_ = os.WriteFile(path, []byte(`[{"id":1},{"id":2}]`), 0o600)
	src, _ := file.Open(path, 10)
	if _, err := src.Last(context.Background(), model.Query{}); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Last of an array: %v", err)
	}
}
