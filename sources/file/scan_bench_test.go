package file_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/domo"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/file"
	"github.com/trail-dev/trail/sources/intercom"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/qualtrics"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
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

// BenchmarkFilterNoMatchShapes walks a file of 200,000 entries of each
// provider, as its emulator's API sends them, with a text filter that
// matches nothing, reading with every codec as the file provider does:
// "listed" with each codec's Made, "unlisted" with the Made of Domo's,
// Intercom's and Qualtrics' codecs taken away, as before they had one
// (every entry those codecs may read is decoded).
func BenchmarkFilterNoMatchShapes(b *testing.B) {
	for _, shape := range []string{"canary", "domo", "intercom", "qualtrics"} {
		path := shapeFile(b, shape, 200_000)
		for _, listed := range []bool{false, true} {
			codecs := []sources.Codec{canary.Codec(), domo.Codec(), intercom.Codec(), qualtrics.Codec()}
			name := "listed"
			if !listed {
				name = "unlisted"
				for i := range codecs[1:] {
					codecs[1+i].Made = nil
				}
			}
			b.Run(shape+"/"+name, func(b *testing.B) {
				for b.Loop() {
					src, err := file.Open(path, 0, codecs...)
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
			})
		}
	}
}

// shapeFile writes n entries of provider's emulator, 2,000 distinct ones
// over and over, one a line.
func shapeFile(b *testing.B, provider string, n int) string {
	b.Helper()
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	nowf := func() time.Time { return now }
	month := model.Query{Since: now.Add(-29 * 24 * time.Hour)}
	var src sources.Source
	q := model.Query{}
	switch provider {
	case "canary":
		srv := httptest.NewServer(canaryemu.New(canaryemu.Options{Token: "t", Now: now, Events: 2000, Seed: 5}))
		defer srv.Close()
		src = canary.New(canary.Config{BaseURL: srv.URL, Token: "t"})
	case "domo":
		srv := httptest.NewServer(domoemu.New(domoemu.Options{ClientID: "c", ClientSecret: "s", Now: now, Events: 2000, Seed: 5}))
		defer srv.Close()
		src, q = domo.New(domo.Config{BaseURL: srv.URL, ClientID: "c", ClientSecret: "s", Now: nowf}), month
	case "intercom":
		srv := httptest.NewServer(intercomemu.New(intercomemu.Options{Token: "t", Now: now, Events: 2000, Seed: 5}))
		defer srv.Close()
		src, q = intercom.New(intercom.Config{BaseURL: srv.URL, Token: "t", Now: nowf}), month
	case "qualtrics":
		srv := httptest.NewServer(qualtricsemu.New(qualtricsemu.Options{Token: "t", Now: now, Events: 2000, Seed: 5, Span: 5 * 24 * time.Hour}))
		defer srv.Close()
		src, q = qualtrics.New(qualtrics.Config{BaseURL: srv.URL, Token: "t", ActivityType: qualtrics.AllTypes, Now: nowf}), model.Query{Since: now.Add(-6 * 24 * time.Hour)}
	}
	var lines [][]byte
	if err := sources.Walk(context.Background(), src, q, sources.WalkOptions{Attempts: 1}, func(evs []model.Event) error {
		for _, e := range evs {
			lines = append(lines, e.Raw)
		}
		return nil
	}); err != nil || len(lines) == 0 {
		b.Fatalf("%s: %d entries, %v", provider, len(lines), err)
	}
	var buf bytes.Buffer
	for i := 0; i < n; i++ {
		buf.Write(lines[i%len(lines)])
		buf.WriteByte('\n')
	}
	path := filepath.Join(b.TempDir(), provider+".jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}
