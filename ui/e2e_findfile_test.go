package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/file"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui"
)

// gated is a file source whose searches in the file stop at their first
// report of progress until the test lets one go (or it is cancelled), so
// the test sees the search under way whatever the machine's speed.
type gated struct {
	*file.Source
	release chan struct{}
}

func (g *gated) Find(ctx context.Context, req sources.FindRequest) (sources.Found, error) {
	progress, first := req.Progress, true
	req.Progress = func(done, total int64) {
		progress(done, total)
		if first {
			first = false
			select {
			case <-g.release:
			case <-ctx.Done():
			}
		}
	}
	return g.Source.Find(ctx, req)
}

// fileOf writes n Canary entries, one a line, to a file; the entries at
// the indexes of marked say "found the NeedleWord (k)", k counting them
// from 1.
func fileOf(t *testing.T, n int, marked ...int) string {
	t.Helper()
	k := map[int]int{}
	for j, i := range marked {
		k[i] = j + 1
	}
	var b bytes.Buffer
	for i := range n {
		msg := "User alice@example.com logged in"
		if k[i] > 0 {
			msg = fmt.Sprintf("User mallory@example.com found the NeedleWord (%d)", k[i])
		}
		fmt.Fprintf(&b, `{"action_type":"user_login","flock_id":"flock:default","id":%d,"message":%q,"timestamp":"2026-10-01 %02d:%02d:%02d UTC+0000","user":"alice@example.com","user_ip":"198.51.100.%d"}`+"\n",
			i, msg, 23-i/3600%24, 59-i/60%60, 59-i%60, i%256)
	}
	path := filepath.Join(t.TempDir(), "archive.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// openArchive opens the file of Canary entries at path, in pages of 100.
func openArchive(t *testing.T, path string) *file.Source {
	t.Helper()
	src, err := file.Open(path, 100, canary.Codec())
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// startCapped starts trail at 120x40 on src, its window capped at 300
// events, and waits for the first page of 100.
func startCapped(t *testing.T, src sources.Source, name, provider string) *e2e {
	t.Helper()
	m := ui.New(ui.Options{Source: src, SourceName: name, Provider: provider, Location: time.UTC, Theme: ui.ThemeNone, MaxEvents: 300})
	e := startE2E(t, m, 120, 40)
	e.waitFor("row 1 of 100 loaded")
	return e
}

// On a file of 50,000 events with the window capped at 300, / finds a
// match 98 % into the file, far beyond what is loaded: the status bar shows
// the search's progress, keys answer while it runs, esc stops it, n starts
// it again; the match found opens the view at it, n goes on from there,
// backspace comes back; a text the file does not hold is said to be in no
// event of the file.
func TestE2ESearchGoesOnInTheFile(t *testing.T) {
	path := fileOf(t, 50_000, 49_000, 49_050)
	src := openArchive(t, path)
	g := &gated{Source: src, release: make(chan struct{})}
	e := startCapped(t, g, "archive", "file")

	e.search("needleword")
	progress := regexp.MustCompile(`searching file… [1-9][0-9]?%`)
	e.waitUntil("the search's progress", func(s string) bool { return progress.MatchString(s) })
	if s := e.screen(); strings.Contains(s, "no match") {
		t.Errorf("a match beyond the window was said not to be there:\n%s", s)
	}

	// Keys answer while it runs.
	e.press("j")
	e.waitFor("row 2 of")
	if !progress.MatchString(e.screen()) {
		t.Errorf("moving the cursor ended the search:\n%s", e.screen())
	}

	// esc stops it; n starts it again from the cursor.
	e.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	e.waitFor("stopped searching the file")
	if progress.MatchString(e.screen()) {
		t.Errorf("still searching after esc:\n%s", e.screen())
	}
	e.press("n")
	e.waitUntil("the search's progress again", func(s string) bool { return progress.MatchString(s) })
	g.release <- struct{}{}
	at := regexp.MustCompile(`at the match of /needleword, 9[78] % into the file`)
	e.waitUntil("the view at the match", func(s string) bool { return at.MatchString(s) })
	e.waitFor("NeedleWord (1)")
	if s := e.screen(); strings.Contains(s, "NeedleWord (2)") || progress.MatchString(s) {
		t.Errorf("the view at the match:\n%s", s)
	}

	// n goes on from the match; backspace comes back to the view before.
	e.press("n")
	e.waitFor("NeedleWord (2)")
	e.tm.Send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	e.waitFor("back to the view before")
	e.waitUntil("the first page again", func(s string) bool {
		return strings.Contains(s, "row 2 of") && !strings.Contains(s, "at the match of")
	})

	// A text the file does not hold: said so, once the file was read.
	e.search("zzqxnomatch")
	e.waitUntil("the search's progress", func(s string) bool { return progress.MatchString(s) })
	g.release <- struct{}{}
	e.waitFor("no match for /zzqxnomatch in the file")
	e.quit()
}

// A source that cannot search beyond what is loaded (an API) keeps the
// search to the loaded events and says so.
func TestE2ESearchOfAnAPISaysItCoveredTheLoadedEvents(t *testing.T) {
	mem := sourcetest.NewMemory(sourcetest.GenerateEvents(500, time.Now(), time.Minute), 100)
	e := startCapped(t, mem, "api", "memory")
	e.search("zzqxnomatch")
	e.waitFor("no match in the 100 loaded events")
	if s := e.screen(); strings.Contains(s, "searching file") || strings.Contains(s, "in the file") {
		t.Errorf("an API search claims the file:\n%s", s)
	}
	e.quit()
}

// From the end of the file (G), / finds nothing below and goes round from
// the start of the file to the first match; N from there finds nothing
// above it and goes round from the end to the last one.
func TestE2ESearchGoesRoundTheFileBothWays(t *testing.T) {
	path := fileOf(t, 50_000, 500, 49_000)
	src := openArchive(t, path)
	e := startCapped(t, src, "archive", "file")
	e.press("G")
	e.waitFor("end of log")

	e.search("needleword")
	e.waitFor("at the match of /needleword, 0 % into the file")
	e.waitFor("NeedleWord (1)")

	e.press("N")
	at := regexp.MustCompile(`at the match of /needleword, 9[78] % into the file`)
	e.waitUntil("the view at the last match", func(s string) bool { return at.MatchString(s) })
	e.waitFor("NeedleWord (2)")
	if s := e.screen(); strings.Contains(s, "NeedleWord (1)") || strings.Contains(s, "no match") {
		t.Errorf("N from the first match:\n%s", s)
	}
	e.quit()
}

// With the only match of the file loaded behind the cursor, / reads the
// rest of the file (and, from the end, the part before the loaded events)
// and then wraps to the loaded match, not opening the view anew.
func TestE2ESearchWrapsToTheLoadedMatchWhenTheFileHasNoOther(t *testing.T) {
	for _, c := range []struct {
		name  string
		match int
	}{{"at the start", 50}, {"at the end", 49_950}} {
		t.Run(c.name, func(t *testing.T) {
			src := openArchive(t, fileOf(t, 50_000, c.match))
			e := startCapped(t, src, "archive", "file")
			if c.match > 100 {
				e.press("G") // the file's last page, the cursor on its last row
				e.waitFor("end of log")
			} else {
				e.press("]") // the next page, past the match
				e.waitFor("row 101 of")
			}
			e.search("needleword")
			e.waitFor("search wrapped")
			e.waitFor("NeedleWord (1)")
			if s := e.screen(); strings.Contains(s, "at the match of") || strings.Contains(s, "no match") {
				t.Errorf("the loaded match:\n%s", s)
			}
			e.quit()
		})
	}
}

// In a JSON array, whose pages have no way back, a window that let its
// first pages go does not pass for the start of the file: / reads the file
// from its start and finds the match that was let go. N, which cannot read
// an array backwards, says it searched the loaded events only.
func TestE2ESearchInAJSONArray(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i := range 3000 {
		msg := "User alice@example.com logged in"
		if i == 10 {
			msg = "User mallory@example.com found the NeedleWord (1)"
		}
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"action_type":"user_login","flock_id":"flock:default","id":%d,"message":%q,"timestamp":"2026-10-01 10:%02d:%02d UTC+0000","user":"alice@example.com"}`, i, msg, 59-i/60%60, 59-i%60)
	}
	b.WriteString("\n]\n")
	path := filepath.Join(t.TempDir(), "archive.json")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	src := openArchive(t, path)
	e := startCapped(t, src, "archive", "file")
	for i := 0; i < 20 && !strings.Contains(e.screen(), "end of log"); i++ {
		e.press("G") // an array is walked to its end, its first pages let go
		time.Sleep(100 * time.Millisecond)
	}
	e.waitFor("end of log")

	e.press("N")
	e.waitFor("no search")
	e.search("needleword")
	e.waitFor("at the match of /needleword, 0 % into the file")
	e.waitFor("NeedleWord (1)")

	e.press("N") // up from the match: an array cannot be read backwards
	e.press("m") // the message log has the message in full
	e.waitFor("search wrapped in the loaded events (this file cannot be searched backwards)")
	if s := e.screen(); strings.Contains(s, "no match for") {
		t.Errorf("N in an array claims the file:\n%s", s)
	}
	e.press("m") // closes the log
	e.waitFor("at the match of")
	e.quit()
}
