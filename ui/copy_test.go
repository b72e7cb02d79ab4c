package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/internal/uitest"
)

// oneEvent returns a driver at 120x40 over a log whose first event has raw
// as its Raw, loaded and selected.
func oneEvent(t *testing.T, raw string, opts ...func(*Options)) *driver {
	t.Helper()
	evs, _ := memoryLog(3, 50)
	evs[0].Raw = []byte(raw)
	d := newDriver(t, sourcetestMemory(evs), 120, 40, opts...)
	d.until("first page", loaded(3))
	return d
}

// cursorTo moves the detail pane's cursor to the first line whose plain text
// contains s (the pane must have the keyboard).
func cursorTo(t *testing.T, d *driver, s string) {
	t.Helper()
	for i, l := range d.m.detail.Lines() {
		if strings.Contains(ansi.Strip(l), s) {
			d.m.detail.MoveCursor(i - d.m.detail.Cursor())
			return
		}
	}
	t.Fatalf("no detail line holds %q:\n%s", s, strings.Join(d.m.detail.Lines(), "\n"))
}

func lastClip(t *testing.T, d *driver) string {
	t.Helper()
	if len(d.clipboard) == 0 {
		t.Fatal("nothing was copied")
	}
	return d.clipboard[len(d.clipboard)-1]
}

// sameJSON fails unless a and b are both JSON and read as the same value.
func sameJSON(t *testing.T, got, want string) {
	t.Helper()
	var a, b any
	if err := json.Unmarshal([]byte(got), &a); err != nil {
		t.Fatalf("copied %q: not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("copied %q, want the JSON value %s", got, want)
	}
}

// Issue 14.2: Y on an object or array line copies that whole value, as JSON.
func TestYCopiesTheWholeObjectOrArray(t *testing.T) {
	raw := `{"id": "1", "meta": {"x": [1, 2], "y": "z"}, "list": [{"k": "v"}, []], "empty": {}}`
	d := oneEvent(t, raw)
	d.press("tab")
	for _, c := range []struct{ line, want, name string }{
		{`"meta": {`, `{"x": [1, 2], "y": "z"}`, "meta"},
		{`"x": [`, `[1, 2]`, "x"},
		{`"list": [`, `[{"k": "v"}, []]`, "list"},
		{`"empty": {}`, `{}`, "empty"},
	} {
		cursorTo(t, d, c.line)
		d.press("Y")
		got := lastClip(t, d)
		if got == "{" || got == "[" {
			t.Fatalf("Y on %s copied only %q", c.line, got)
		}
		sameJSON(t, got, c.want)
		d.requireScreen(`sent field "` + c.name + `" (`)
	}
	cursorTo(t, d, `"k": "v"`)
	d.press("Y")
	if got := lastClip(t, d); got != "v" {
		t.Errorf("Y on a string line copied %q, want its text", got)
	}
	d.m.detail.MoveCursor(-1) // the { of the list's first element
	d.press("Y")
	sameJSON(t, lastClip(t, d), `{"k": "v"}`)
}

// Issue 16.1: a Canary entry whose key is literally "raw JSON" put
// ESC[201~echo PASTEJACK CR on the clipboard, which ends bracketed paste and
// runs the command. No copy holds it raw, whatever the key is called.
func TestCopyNeverCarriesAPasteJack(t *testing.T) {
	raw := `{"raw JSON":"\u001b[201~echo PASTEJACK\r","id":"7"}`
	d := oneEvent(t, raw)
	d.press("tab")
	cursorTo(t, d, `"raw JSON": `)
	d.press("Y")
	got := lastClip(t, d)
	if r, bad := uitest.Forbidden(got); bad {
		t.Fatalf("Y copied %q, holding %U raw", got, r)
	}
	if got != `\x1b[201~echo PASTEJACK\r` {
		t.Errorf("Y copied %q, want the text with the screen's visible escapes", got)
	}
	// The status names a field's copy as a field: it reads like y's whole
	// raw copy no more.
	if got := d.m.status.text; !strings.HasPrefix(got, `sent field "raw JSON" (`) {
		t.Errorf("Y on the \"raw JSON\" key says %q", got)
	}
	cursorTo(t, d, "raw  (y copies it all)") // the header line, also named "raw JSON"
	d.press("Y")
	if got := lastClip(t, d); got != raw {
		t.Errorf("Y on the raw header copied %q, want the raw JSON (already safe) %q", got, raw)
	}
	d.press("y")
	if got := lastClip(t, d); got != raw {
		t.Errorf("y copied %q, want %q", got, raw)
	}
}

// Issue 16.1: y copied a row's raw C1 and bidi characters, and non-JSON raw
// (an unreadable file line) byte for byte.
func TestYCopiesRawWithoutControlCharacters(t *testing.T) {
	raw := "{\"user\":\"a\u009bb\u202ec\u200bd\",\n \"n\":1}"
	d := oneEvent(t, raw)
	d.press("y")
	got := lastClip(t, d)
	if r, bad := uitest.Forbidden(got); bad {
		t.Fatalf("y copied %q, holding %U raw", got, r)
	}
	if want := `{"user":"a\u009bb\u202ec\u200bd","n":1}`; got != want {
		t.Errorf("y copied %q, want %q", got, want)
	}
	sameJSON(t, got, raw)
	d.press("tab")
	cursorTo(t, d, `"user": `)
	d.press("Y")
	if got := lastClip(t, d); got != `a\u009bb\u202ec\u200bd` {
		t.Errorf("Y on the user line copied %q", got)
	}

	notJSON := "\x1b[201~rm -rf ~\r\u009b\u202e" // a file line trail could not read
	d = oneEvent(t, notJSON)
	d.press("y")
	if got := lastClip(t, d); got != model.Sanitize(notJSON) {
		t.Errorf("y on raw that is not JSON copied %q, want %q", got, model.Sanitize(notJSON))
	}
}

// Issue 14.3: the status line says a copy was sent, not that it arrived,
// and names tmux only when tmux load-buffer -w worked.
func TestCopyStatusSaysOnlyWhatTrailKnows(t *testing.T) {
	bin := t.TempDir()
	log := filepath.Join(bin, "took")
	tmux := filepath.Join(bin, "tmux")
	write := func(script string) {
		if err := os.WriteFile(tmux, []byte("#!/bin/sh\n"+script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	inTmux := func(o *Options) {
		o.Getenv = func(k string) string {
			if k == "TMUX" {
				return "/tmp/tmux-0/default,1,0"
			}
			return ""
		}
	}

	d := oneEvent(t, `{"id":"1"}`) // not in tmux
	d.press("y")
	d.requireScreen("sent raw JSON of event")
	if s := d.screen(); strings.Contains(s, "copied") || strings.Contains(s, "tmux") {
		t.Errorf("outside tmux the status claims more than a send:\n%s", s)
	}

	write(`[ "$1 $2 $3" = "load-buffer -w -" ] && cat > "` + log + `"`)
	d = oneEvent(t, `{"id":"1"}`, inTmux)
	d.press("y")
	tmuxAnswered := func(m *Model) bool { return strings.Contains(m.status.text, "tmux") }
	d.until("tmux's answer", tmuxAnswered)
	if b, err := os.ReadFile(log); err != nil || string(b) != `{"id":"1"}` {
		t.Fatalf("tmux got %q (%v)", b, err)
	}
	if got := d.m.status.text; !strings.Contains(got, "sent raw JSON of event "+d.m.selected().ID+" (10 B) by OSC 52 and by tmux load-buffer -w") {
		t.Errorf("after tmux took it the status is %q", got)
	}
	// One copy, one entry in the message log: tmux's answer refines the first.
	d.m.status = statusMsg{}
	d.press("m")
	if s := d.screen(); strings.Count(s, "sent raw JSON") != 1 || !strings.Contains(s, "by tmux load-buffer -w") {
		t.Errorf("the message log does not hold the copy once, as tmux answered:\n%s", s)
	}
	d.press("esc")

	write(`echo "no server running on /tmp/tmux-0/default" >&2; exit 1`)
	d = oneEvent(t, `{"id":"1"}`, inTmux)
	d.press("y")
	d.until("tmux's answer", tmuxAnswered)
	if got := d.m.status.text; !strings.Contains(got, "tmux load-buffer -w failed") || !strings.Contains(got, "no server running") ||
		strings.Contains(got, "by tmux") {
		t.Errorf("after tmux failed the status is %q", got)
	}
	d.m.status = statusMsg{}
	d.press("m")
	if s := d.screen(); strings.Count(s, "sent raw JSON") != 1 || !strings.Contains(s, "failed") {
		t.Errorf("the message log does not hold the failed copy once:\n%s", s)
	}
}

// Issue 14.3: the help tells a tmux user how to check that a copy arrived.
func TestHelpSaysHowToCheckACopy(t *testing.T) {
	d := oneEvent(t, `{"id":"1"}`)
	d.m.height = 60
	d.press("?")
	s := strings.Join(strings.Fields(d.screen()), " ")
	for _, want := range []string{"OSC 52", "tmux load-buffer -w", "tmux show-buffer", "set -g set-clipboard on"} {
		if !strings.Contains(s, want) {
			t.Errorf("the help does not say %q:\n%s", want, d.screen())
		}
	}
}
