package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// squeeze is s without white space, so a message wrapped anywhere over lines
// reads as one.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// flat is the screen with its lines joined and runs of spaces made one, so a
// message wrapped over lines reads as one.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// Every notice, warning and error can be read in full in the message log,
// with its time and level, however narrow the window: the status line cuts
// them, and says where the rest is.
func TestMessageLogKeepsEveryMessageInFull(t *testing.T) {
	notice := "no config at /home/analyst/.config/trail/config.toml: showing the built-in demo; run trail --help to configure a source"
	warning := "config.toml line 7: sources.prod.token is written literally; use env:NAME, cmd:COMMAND or file:PATH"
	_, src := memoryLog(150, 50)
	d := newDriver(t, src, 40, 15, func(o *Options) {
		o.Notice = notice
		o.Warnings = []string{warning}
	})
	d.until("first page", loaded(50))
	if strings.Contains(flat(d.screen()), warning) {
		t.Fatalf("the warning fits on a 40-column status line? the test needs a longer one")
	}
	d.requireScreen("m: more")
	src.FailNext(&sources.Error{Kind: sources.ErrUnavailable, Provider: "memory", Message: "could not reach 127.0.0.1:9: connection refused (after 3 attempts)"})
	d.press("G")
	d.until("failure", func(m *Model) bool { return m.feed.err != nil })

	// It opens on the newest messages and scrolls to the oldest.
	d.press("m")
	end := d.screen()
	d.press("g")
	top := d.screen()
	if top == end {
		t.Errorf("g did not scroll the log:\n%s", top)
	}
	s := squeeze(end + top)
	for _, want := range []string{notice, warning, "could not reach 127.0.0.1:9: connection refused (after 3 attempts)",
		"12:00:00 info", "12:00:00 warn", "12:00:00 error", "messages"} {
		if !strings.Contains(s, squeeze(want)) {
			t.Errorf("the message log lacks %q:\n%s\n%s", want, end, top)
		}
	}
	// esc closes it, back to the list.
	d.press("esc")
	if d.m.showLog {
		t.Fatal("esc left the message log open")
	}
	d.requireScreen("TIME")
}

// The log's key is remappable like any other, and the help names it.
func TestMessageLogKeyRemaps(t *testing.T) {
	d, _ := startOn(t, 50, 120, 40, func(o *Options) { o.Keys = map[string][]string{"messages": {"L"}} })
	d.press("m")
	if d.m.showLog {
		t.Fatal("m opened the log after it was rebound to L")
	}
	d.press("L")
	if !d.m.showLog {
		t.Fatal("L did not open the log")
	}
	d.requireScreen("nothing yet")
	d.press("L", "?")
	if !strings.Contains(flat(d.screen()), "L messages (every notice") {
		t.Errorf("the help does not name L for the message log:\n%s", d.screen())
	}
}

// A failed source of a merged view is in the log with its whole error, not
// the notice cut to fit the status line.
func TestMergedPartFailureLoggedInFull(t *testing.T) {
	evs := sourcetest.GenerateEvents(50, testNow, time.Minute)
	long := "domo: unauthorized (HTTP 401): the client credentials were refused by api.domo.com; check client_id and client_secret in the config"
	src := partFailing{mergedStandIn{sourcetest.NewMemory(evs, 50)}, errors.New(long)}
	d := newDriver(t, src, 80, 24)
	d.until("first page", loaded(50))
	d.press("m")
	d.press("g")
	if s := squeeze(d.screen()); !strings.Contains(s, squeeze("domo failed (the other sources go on): "+long)) {
		t.Errorf("the log lacks the part's whole error:\n%s", d.screen())
	}
}

// partFailing is a merged stand-in whose failed part has a long error.
type partFailing struct {
	mergedStandIn
	err error
}

func (s partFailing) Fetch(ctx contextT, q queryT, c string) (sources.Page, error) {
	p, err := s.mergedStandIn.Fetch(ctx, q, c)
	for i := range p.Parts {
		if p.Parts[i].Err != nil {
			p.Parts[i].Err = s.err
		}
	}
	return p, err
}

type (
	contextT = context.Context
	queryT   = model.Query
)

// A notice given at start is on the status line for a while, then leaves
// the room to the paging state; the log keeps it.
func TestStartNoticeGoesToTheLog(t *testing.T) {
	notice := "demo: the real canary client against its emulator; also: trail --demo domo|intercom|qualtrics, or several merged"
	d, _ := startOn(t, 150, 120, 40, func(o *Options) { o.Notice = notice })
	d.requireScreen("demo: the real canary client")
	d.send(statusExpiredMsg{id: d.m.status.id}) // its time is up
	if s := statusOf(d); strings.Contains(s, "demo:") || !strings.Contains(s, "] next page") {
		t.Errorf("after its time the status line says %q; want the paging state and no notice", s)
	}
	d.press("m")
	if !strings.Contains(squeeze(d.screen()), squeeze(notice)) {
		t.Errorf("the log lacks the start notice:\n%s", d.screen())
	}
}

// An export error, cut on an 80-column status line, is in the log in full.
func TestExportErrorReadInTheLog(t *testing.T) {
	d, _ := startOn(t, 50, 80, 24)
	path := filepath.Join(t.TempDir(), "a-directory-that-does-not-exist", "with-a-long-name", "export.jsonl")
	d.press("e")
	d.exportTo(path, "export failed")
	if strings.Contains(squeeze(statusOf(d)), squeeze(path)) {
		t.Fatalf("the whole error fits on the status line? %q", statusOf(d))
	}
	d.press("m")
	d.press("G")
	if s := squeeze(d.screen()); !strings.Contains(s, squeeze("export failed after 0 events: open "+path+": no such file or directory")) {
		t.Errorf("the log lacks the whole export error:\n%s", d.screen())
	}
}

// A failed source of a merged view whose notice says its whole error is
// logged once, not once as the notice and again as the part's error.
func TestMergedPartFailureLoggedOnce(t *testing.T) {
	evs := sourcetest.GenerateEvents(50, testNow, time.Minute)
	long := "domo: unauthorized (HTTP 401): the client credentials were refused"
	src := noticeSaysAll{partFailing{mergedStandIn{sourcetest.NewMemory(evs, 50)}, errors.New(long)}}
	d := newDriver(t, src, 120, 30)
	d.until("first page", loaded(50))
	d.m.status = statusMsg{}
	d.press("m")
	if s := d.screen(); strings.Count(s, "refused") != 1 {
		t.Errorf("the log does not hold domo's failure once:\n%s", s)
	}
}

// noticeSaysAll's first page's notice names its failed part with the whole
// error, as sources/merge writes it.
type noticeSaysAll struct{ partFailing }

func (s noticeSaysAll) Fetch(ctx contextT, q queryT, c string) (sources.Page, error) {
	p, err := s.partFailing.Fetch(ctx, q, c)
	if c == "" {
		p.Notice = "source domo failed: " + s.err.Error() + "; the other sources go on"
	}
	return p, err
}

// A kept search that re-runs on a new filter warns of no match only over
// events it searched: never "no match in the 0 loaded events" before the
// new query's first page is in.
func TestKeptSearchSaysNothingOverNoEvents(t *testing.T) {
	d, _ := startOn(t, 200, 120, 30)
	d.press("/")
	d.typeText("login_failure")
	d.press("enter")
	d.m.query = model.Query{Action: "user_login_success"}
	d.exec(d.m.restart())
	d.settle()
	d.m.status = statusMsg{}
	d.press("m")
	if s := d.screen(); strings.Contains(s, "0 loaded events") {
		t.Errorf("the log warns over no events:\n%s", s)
	}
}
