package ui

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui/theme"
)

// driver runs a Model the way Bubble Tea does, without a terminal: commands
// run in goroutines, their messages are fed back through Update, batches are
// expanded. Tests send real key messages and wait for the model to settle.
type driver struct {
	t         testing.TB
	m         Model
	msgs      chan tea.Msg
	clipboard []string
}

// testNow is the fixed clock of UI tests.
var testNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func newDriver(t testing.TB, src sources.Source, w, h int, opts ...func(*Options)) *driver {
	t.Helper()
	o := Options{
		Source: src, SourceName: "test", Provider: "memory",
		Location: time.UTC, Theme: theme.None, Now: func() time.Time { return testNow },
		Getenv: func(string) string { return "" }, // not the tmux the tests may run in
	}
	for _, f := range opts {
		f(&o)
	}
	d := &driver{t: t, m: New(o), msgs: make(chan tea.Msg, 4096)}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.exec(d.m.Init())
	return d
}

func (d *driver) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() { d.msgs <- cmd() }()
}

func (d *driver) send(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			d.exec(c)
		}
		return
	case spinner.TickMsg:
		return // the spinner's animation is not under test
	}
	if fmt.Sprintf("%T", msg) == "tea.setClipboardMsg" {
		d.clipboard = append(d.clipboard, fmt.Sprint(msg))
		return
	}
	next, cmd := d.m.Update(msg)
	d.m = next.(Model)
	d.exec(cmd)
}

// settle handles messages until none has come for a short while.
func (d *driver) settle() {
	d.t.Helper()
	for {
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-time.After(60 * time.Millisecond):
			return
		}
	}
}

// until handles messages until cond holds, failing the test after a while.
func (d *driver) until(what string, cond func(m *Model) bool) {
	d.t.Helper()
	deadline := time.After(5 * time.Second)
	for !cond(&d.m) {
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-time.After(5 * time.Millisecond): // conditions on the source change without a message
		case <-deadline:
			d.t.Fatalf("timed out waiting for %s; screen:\n%s", what, d.screen())
		}
	}
}

// press sends keys by name ("j", "G", "enter", "shift+tab") and settles.
func (d *driver) press(keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		d.send(keyMsg(k))
		d.settle()
	}
}

// typeText sends each rune of s as a key press.
func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	d.settle()
}

func keyMsg(name string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"pgdown":    {Code: tea.KeyPgDown},
		"pgup":      {Code: tea.KeyPgUp},
		"backspace": {Code: tea.KeyBackspace},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
		"ctrl+r":    {Code: 'r', Mod: tea.ModCtrl},
		"space":     {Code: tea.KeySpace, Text: " "},
	}
	if k, ok := special[name]; ok {
		return k
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

// screen is the current view without colours.
func (d *driver) screen() string { return ansi.Strip(d.m.View().Content) }

func (d *driver) requireScreen(substr string) {
	d.t.Helper()
	if s := d.screen(); !strings.Contains(s, substr) {
		d.t.Fatalf("screen lacks %q:\n%s", substr, s)
	}
}

// pageUntil presses key up to n times, each time until no page is being
// fetched, and stops once done says the window is where it was going.
func (d *driver) pageUntil(key string, n int, done func(*feed) bool) {
	d.t.Helper()
	for i := 0; i < n && !done(&d.m.feed); i++ {
		d.press(key)
		d.until("page", func(m *Model) bool { return !m.feed.fetching() })
	}
}

// exportTo names path in the open export prompt, presses enter and waits
// until the export is over (what names that end, for the message).
func (d *driver) exportTo(path, what string) {
	d.t.Helper()
	d.m.export.SetName(path)
	d.press("enter")
	d.until(what, func(m *Model) bool { return !m.export.Running() })
}

// exportRecords is exportTo for an export that ends with says on screen:
// it returns the records of the file written, each line read back.
func (d *driver) exportRecords(path, says string) []model.Record {
	d.t.Helper()
	d.exportTo(path, "export done")
	d.requireScreen(says)
	data, err := os.ReadFile(path)
	if err != nil {
		d.t.Fatal(err)
	}
	var recs []model.Record
	for i, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		r, err := model.ParseRecord([]byte(l))
		if err != nil {
			d.t.Fatalf("line %d of %s: %v", i, path, err)
		}
		recs = append(recs, r)
	}
	return recs
}

// memoryLog returns n generated events and a Memory source paging them.
func memoryLog(n, pageSize int) ([]model.Event, *sourcetest.Memory) {
	evs := sourcetest.GenerateEvents(n, testNow.Add(-time.Minute), 3*time.Minute)
	return evs, sourcetest.NewMemory(evs, pageSize)
}

// requireHas fails the test for each of want that s does not contain and
// each of not that it does; format and args say what s is, for the
// messages.
func requireHas(t testing.TB, s string, want, not []string, format string, args ...any) {
	t.Helper()
	what := fmt.Sprintf(format, args...)
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q: %q", what, w, s)
		}
	}
	for _, n := range not {
		if strings.Contains(s, n) {
			t.Errorf("%s has %q, which should not be there: %q", what, n, s)
		}
	}
}

// startOn is how most tests begin: a driver of w×h over a memory log of n
// events in pages of 50, its first page loaded. It returns the log's events.
func startOn(t testing.TB, n, w, h int, opts ...func(*Options)) (*driver, []model.Event) {
	t.Helper()
	evs, src := memoryLog(n, 50)
	d := newDriver(t, src, w, h, opts...)
	d.until("first page", loaded(min(n, 50)))
	return d, evs
}

func loaded(n int) func(m *Model) bool {
	return func(m *Model) bool { return m.feed.events.Len() >= n && !m.feed.fetching() }
}

type evType = model.Event

func tea_size(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

func sourcetestMemory(evs []model.Event) *sourcetest.Memory { return sourcetest.NewMemory(evs, 50) }

func sourcetestMemoryPaged(evs []model.Event, pageSize int) *sourcetest.Memory {
	return sourcetest.NewMemory(evs, pageSize)
}
