package file_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
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
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// BenchmarkFilterNoMatch walks a whole file of Canary entries (benchFile)
// with a text filter that matches nothing, as a whole-file question does.
func BenchmarkFilterNoMatch(b *testing.B) {
	path := benchFile(b)
	for b.Loop() {
		walkNoMatch(b, openPath(b, path, 0))
	}
}

// walkNoMatch walks src with a text filter that matches nothing and fails
// if any event matched.
func walkNoMatch(b *testing.B, src sources.Source) {
	b.Helper()
	evs, err := sourcetest.Walked(context.Background(), src, model.Query{Text: "zzqxnomatch"}, sources.WalkOptions{Attempts: 1})
	if err != nil {
		b.Fatal(err)
	}
	if len(evs) != 0 {
		b.Fatalf("%d events matched", len(evs))
	}
}

// BenchmarkExportFile exports a whole file of Canary entries, as
// `trail export` of a file source does, to a discarding writer.
func BenchmarkExportFile(b *testing.B) {
	path := benchFile(b)
	for b.Loop() {
		src := openPath(b, path, 0)
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

// BenchmarkFindNearTheEnd finds, as `/` does beyond the loaded window, a
// text that first occurs near the end of the file (TRAIL_BENCH_FILE, else
// 200,000 Canary entries written here), reading from the start, and runs
// `grep -m1 -i -F` for the same text on the same file in the same
// iteration, so both see the same load: it reports each one's time and
// their ratio.
func BenchmarkFindNearTheEnd(b *testing.B) {
	path := os.Getenv("TRAIL_BENCH_FILE")
	if path == "" {
		path = filepath.Join(b.TempDir(), "canary.jsonl")
		var buf bytes.Buffer
		for i := range 200_000 {
			fmt.Fprintf(&buf, `{"action_type":"user_login","flock_id":"flock:default","id":%d,"message":"User alice@example.com logged in (session %016x)","timestamp":"2026-10-01 00:%02d:%02d UTC+0000","user":"alice@example.com","user_browser_agent":"Mozilla/5.0 (X11; Linux x86_64) Firefox/127.0","user_ip":"198.51.100.%d"}`+"\n", i, uint64(i+1)*0x9E3779B97F4A7C15, i/60%60, i%60, i%256)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	grep, err := exec.LookPath("grep")
	if err != nil {
		b.Skip("no grep")
	}
	text, at, size := lateText(b, path)
	b.Logf("looking for %q, first at byte %d of %d (%.1f %%)", text, at, size, 100*float64(at)/float64(size))
	src := openPath(b, path, 0)
	var inFind, inGrep time.Duration
	for b.Loop() {
		t0 := time.Now()
		found, err := src.Find(context.Background(), sources.FindRequest{Text: text})
		if err != nil {
			b.Fatal(err)
		}
		if !found.OK || found.Offset != at {
			b.Fatalf("found %+v, want the line at %d", found, at)
		}
		t1 := time.Now()
		if out, err := exec.Command(grep, "-m1", "-i", "-F", "-c", "--", text, path).Output(); err != nil || string(out) != "1\n" {
			b.Fatalf("grep: %q, %v", out, err)
		}
		inFind, inGrep = inFind+t1.Sub(t0), inGrep+time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(inFind)/1e6/n, "find-ms/op")
	b.ReportMetric(float64(inGrep)/1e6/n, "grep-ms/op")
	b.ReportMetric(float64(inFind)/float64(inGrep), "find/grep")
}

// lateText is a word of letters and digits, 12 or more long, that first
// occurs (ignoring case) in one of the last 1,000 lines of path, the line
// nearest the end that has one, and where that line starts. A word, not a
// number or a quoted key: those a decoder may write otherwise, so the
// prefilter cannot rule a line out by them and the search would decode
// every line.
func lateText(b *testing.B, path string) (string, int64, int64) {
	body, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	lower := bytes.ToLower(body)
	end := len(bytes.TrimRight(lower, "\n"))
	for range 1000 {
		start := bytes.LastIndexByte(lower[:end], '\n') + 1
		line := lower[start:end]
		for i := 0; i < len(line); {
			j := i
			for j < len(line) && (line[j] >= 'a' && line[j] <= 'z' || line[j] >= '0' && line[j] <= '9') {
				j++
			}
			if tok := line[i:j]; len(tok) >= 12 && bytes.ContainsFunc(tok, func(r rune) bool { return r >= 'a' && r <= 'z' }) &&
				bytes.Index(lower, tok) == start+i {
				return string(tok), int64(start), int64(len(body))
			}
			i = j + 1
		}
		if start == 0 {
			break
		}
		end = start - 1
	}
	b.Skip("no word of the last 1,000 lines occurs first there")
	return "", 0, 0
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
					walkNoMatch(b, src)
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
		src = canary.New(canary.Config{Common: transport.Common{BaseURL: srv.URL}, Token: "t"})
	case "domo":
		srv := httptest.NewServer(domoemu.New(domoemu.Options{ClientID: "c", ClientSecret: "s", Now: now, Events: 2000, Seed: 5}))
		defer srv.Close()
		src, q = domo.New(domo.Config{Common: transport.Common{BaseURL: srv.URL, Now: nowf}, ClientID: "c", ClientSecret: "s"}), month
	case "intercom":
		srv := httptest.NewServer(intercomemu.New(intercomemu.Options{Token: "t", Now: now, Events: 2000, Seed: 5}))
		defer srv.Close()
		src, q = intercom.New(intercom.Config{Common: transport.Common{BaseURL: srv.URL, Now: nowf}, Token: "t"}), month
	case "qualtrics":
		srv := httptest.NewServer(qualtricsemu.New(qualtricsemu.Options{Token: "t", Now: now, Events: 2000, Seed: 5, Span: 5 * 24 * time.Hour}))
		defer srv.Close()
		src, q = qualtrics.New(qualtrics.Config{Common: transport.Common{BaseURL: srv.URL, Now: nowf}, Token: "t", ActivityType: qualtrics.AllTypes}), model.Query{Since: now.Add(-6 * 24 * time.Hour)}
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
