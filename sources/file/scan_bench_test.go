package file_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/file"
)

// BenchmarkFilterNoMatch walks a whole file of Canary entries (benchFile)
// with a text filter that matches nothing, as a whole-file question does.
func BenchmarkFilterNoMatch(b *testing.B) {
	path := benchFile(b)
	for b.Loop() {
		src, err := file.Open(path, 0, canary.Codec())
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		if err := sources.Walk(context.Background(), src, model.Query{Text: "zzqxnomatch"}, sources.WalkOptions{Attempts: 1}, func(evs []model.Event) error {
			n += len(evs)
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		if n != 0 {
			b.Fatalf("%d events matched", n)
		}
	}
}

// BenchmarkExportFile exports a whole file of Canary entries, as
// `trail export` of a file source does, to a discarding writer.
func BenchmarkExportFile(b *testing.B) {
	path := benchFile(b)
	for b.Loop() {
		src, err := file.Open(path, 0, canary.Codec())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := sources.Export(context.Background(), src, model.Query{}, sources.ExportOptions{Source: "archive", Provider: "file"}, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// benchFile is the file TRAIL_BENCH_FILE names (.ci/bench passes its 1M
// file), else 100,000 Canary entries written here.
func benchFile(b *testing.B) string {
	path := os.Getenv("TRAIL_BENCH_FILE")
	if path == "" {
		path = filepath.Join(b.TempDir(), "canary.jsonl")
		var buf bytes.Buffer
		for i := range 100_000 {
			fmt.Fprintf(&buf, `{"action_type":"user_login","flock_id":"flock:default","id":%d,"message":"User alice@example.com logged in","timestamp":"2026-10-01 00:%02d:%02d UTC+0000","user":"alice@example.com","user_browser_agent":"Mozilla/5.0 (X11; Linux x86_64) Firefox/127.0","user_ip":"198.51.100.%d"}`+"\n", i, i/60%60, i%60, i%256)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return path
}
