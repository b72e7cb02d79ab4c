package sources_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

func TestExportJSONLAndCSV(t *testing.T) {
	evs := sourcetest.GenerateEvents(57, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	evs[3].Actor = "=cmd|' /C calc'!A0"
	src := sourcetest.NewMemory(evs, 10)
	var jl bytes.Buffer
	n, err := sources.Export(context.Background(), src, model.Query{}, sources.ExportOptions{Source: "prod", Provider: "memory", Walk: fast}, &jl)
	if err != nil || n != 57 {
		t.Fatalf("jsonl export: %d events, %v", n, err)
	}
	lines := strings.Split(strings.TrimSuffix(jl.String(), "\n"), "\n")
	if len(lines) != 57 {
		t.Fatalf("%d lines, want 57", len(lines))
	}
	for i, l := range lines {
		r, err := model.ParseRecord([]byte(l))
		if err != nil || r.ID != evs[i].ID || r.Source != "prod" || !bytes.Equal(r.Raw, evs[i].Raw) {
			t.Fatalf("line %d: %+v, %v", i, r, err)
		}
	}

	var cb bytes.Buffer
	n, err = sources.Export(context.Background(), src, model.Query{}, sources.ExportOptions{Format: sources.FormatFor("out.CSV"), Walk: fast}, &cb)
	if err != nil || n != 57 {
		t.Fatalf("csv export: %d, %v", n, err)
	}
	rows, err := csv.NewReader(&cb).ReadAll()
	if err != nil || len(rows) != 58 || rows[0][0] != "source" {
		t.Fatalf("csv: %d rows, %v", len(rows), err)
	}
	if got := rows[4][5]; got != "'=cmd|' /C calc'!A0" {
		t.Errorf("formula cell written as %q", got)
	}
}

func TestExportStopsWithWholeLines(t *testing.T) {
	evs := sourcetest.GenerateEvents(50, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	src := sourcetest.NewMemory(evs, 10)
	denied := &sources.Error{Kind: sources.ErrUnauthorized, Status: 401}
	var out bytes.Buffer
	// Fail for good on the third page.
	fail := &failAfter{Source: src, after: 2, err: denied}
	n, err := sources.Export(context.Background(), fail, model.Query{}, sources.ExportOptions{Walk: fast}, &out)
	if !errors.Is(err, sources.ErrUnauthorized) || n != 20 {
		t.Fatalf("got %d events, %v; want 20 and the failure", n, err)
	}
	if !strings.HasSuffix(out.String(), "\n") || strings.Count(out.String(), "\n") != 20 {
		t.Errorf("output is not 20 whole lines: %q", out.String()[max(0, out.Len()-80):])
	}
}

// failAfter fails every fetch after the first `after`.
type failAfter struct {
	sources.Source
	after, calls int
	err          error
}

func (f *failAfter) Fetch(ctx context.Context, q model.Query, c string) (sources.Page, error) {
	f.calls++
	if f.calls > f.after {
		return sources.Page{}, f.err
	}
	return f.Source.Fetch(ctx, q, c)
}

// TestExportKeep writes only the events Keep keeps, and stops at the page
// holding the last one when Want says how many there are.
func TestExportKeep(t *testing.T) {
	evs := sourcetest.GenerateEvents(57, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Minute)
	src := sourcetest.NewMemory(evs, 10)
	want := map[string]bool{evs[2].ID: true, evs[13].ID: true, evs[14].ID: true}
	keep := func(e *model.Event) bool { return want[e.ID] }
	var out bytes.Buffer
	pages := 0
	walk := fast
	walk.Progress = func(p sources.WalkProgress) { pages = p.Pages }
	n, err := sources.Export(context.Background(), src, model.Query{}, sources.ExportOptions{Walk: walk, Keep: keep, Want: len(want)}, &out)
	if err != nil || n != 3 {
		t.Fatalf("export of 3 kept events: %d, %v", n, err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	for i, l := range lines {
		r, err := model.ParseRecord([]byte(l))
		if err != nil || !want[r.ID] {
			t.Fatalf("line %d is %+v, %v: not a kept event", i, r, err)
		}
	}
	if pages < 1 || pages > 2 {
		t.Errorf("walked %d pages; the kept events are all on the first 2", pages)
	}
	var csvOut bytes.Buffer
	n, err = sources.Export(context.Background(), src, model.Query{}, sources.ExportOptions{Format: sources.FormatCSV, Walk: fast, Keep: keep}, &csvOut)
	if rows, _ := csv.NewReader(&csvOut).ReadAll(); err != nil || n != 3 || len(rows) != 4 {
		t.Fatalf("csv export of kept events: %d events, %d rows, %v", n, len(rows), err)
	}
}
