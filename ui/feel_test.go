package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/ui/common"
)

func TestRebindKeys(t *testing.T) {
	_, src := memoryLog(60, 50)
	d := newDriver(t, src, 120, 40, func(o *Options) {
		o.Keys = map[string][]string{"down": {"ctrl+n", "down"}, "up": {"ctrl+p"}}
	})
	d.until("first page", loaded(50))
	d.press("ctrl+n", "ctrl+n")
	if d.m.list.Cursor() != 2 {
		t.Fatalf("ctrl+n moved the cursor to %d", d.m.list.Cursor())
	}
	d.press("j") // j is no longer bound to anything
	if d.m.list.Cursor() != 2 {
		t.Fatalf("the old key still moves: cursor %d", d.m.list.Cursor())
	}
	d.press("?")
	if s := flat(d.screen()); !strings.Contains(s, "ctrl+n/↓ down") || !strings.Contains(s, "ctrl+p up") {
		t.Errorf("the help does not name the rebound keys:\n%s", d.screen())
	}
}

func TestCopyFieldFromListAndDetail(t *testing.T) {
	evs, src := memoryLog(10, 50)
	evs[0].Summary = "Zoë \x1b[31mred\x1b[0m"
	d := newDriver(t, src, 120, 40)
	d.until("first page", loaded(10))
	d.press("Y")
	if len(d.clipboard) != 1 || d.clipboard[0] != `Zoë \x1b[31mred\x1b[0m` {
		t.Fatalf("Y in the list copied %q; want the summary with its escapes made visible", d.clipboard)
	}
	d.requireScreen("sent summary (" + common.Itoa(len(d.clipboard[0])) + " B)")
	d.press("tab") // the detail pane: its cursor picks a line
	for !strings.HasPrefix(d.m.detail.Selection().Name, "ip") {
		d.send(keyMsg("j"))
	}
	d.press("Y")
	if got := d.clipboard[len(d.clipboard)-1]; got != evs[0].IP {
		t.Fatalf("Y on the ip line copied %q, want %q", got, evs[0].IP)
	}
	// Down into the raw JSON: a "key": "value" line copies the value.
	for d.m.detail.Selection().Name != `field "user"` {
		d.send(keyMsg("j"))
	}
	d.press("Y")
	if got := d.clipboard[len(d.clipboard)-1]; got != evs[0].Actor {
		t.Fatalf("Y on the raw user line copied %q, want %q", got, evs[0].Actor)
	}
	d.requireScreen(`sent field "user"`)
}

func TestMouseWheelAndClick(t *testing.T) {
	_, src := memoryLog(60, 50)
	d := newDriver(t, src, 120, 40, func(o *Options) { o.Mouse = true })
	d.until("first page", loaded(50))
	if d.m.View().MouseMode != tea.MouseModeCellMotion {
		t.Fatal("the mouse is not on")
	}
	d.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 10, Y: 5})
	if d.m.list.Cursor() != 3 {
		t.Fatalf("a wheel notch moved the cursor to %d", d.m.list.Cursor())
	}
	// The top bar, the timeline's two lines, the list's title and its
	// header, then rows 0.. (the timeline was not counted: a click landed
	// a row below the one under the pointer).
	d.send(tea.MouseClickMsg{Button: tea.MouseLeft, X: 10, Y: 10})
	if d.m.list.Cursor() != 5 {
		t.Fatalf("a click on the sixth row put the cursor on %d", d.m.list.Cursor())
	}
	d.send(tea.MouseClickMsg{Button: tea.MouseLeft, X: 10, Y: 30})
	if d.m.focus != focusDetail {
		t.Fatal("a click on the detail pane did not focus it")
	}
	plain := newDriver(t, src, 120, 40)
	if plain.m.View().MouseMode != tea.MouseModeNone {
		t.Error("the mouse is on by default")
	}
}

func TestSummaryScrollsSideways(t *testing.T) {
	evs, src := memoryLog(5, 50)
	evs[0].Summary = strings.Repeat("abcdefghij", 12) + "THE END"
	d := newDriver(t, src, 100, 30)
	d.until("first page", loaded(5))
	row := func() string { return lineAfter(d.screen(), "SUMMARY") } // the first event's row
	if strings.Contains(row(), "THE END") {
		t.Fatal("the summary fits without scrolling; the test needs a longer one")
	}
	for i := 0; i < 15 && !strings.Contains(row(), "THE END"); i++ {
		d.send(keyMsg("l"))
	}
	if !strings.Contains(row(), "THE END") {
		t.Fatalf("scrolled %d cells, the row is %q", d.m.list.HScroll(), row())
	}
	d.requireScreen("SUMMARY « " + common.Itoa(d.m.list.HScroll()))
	for i := 0; i < 15; i++ {
		d.send(keyMsg("h"))
	}
	if d.m.list.HScroll() != 0 {
		t.Errorf("h did not scroll back: %d", d.m.list.HScroll())
	}
}

func TestColumnsDropAsTheTerminalNarrows(t *testing.T) {
	d, _ := startOn(t, 5, 120, 30)
	header := func() string { return lineWith(d.screen(), "SUMMARY") }
	for _, step := range []struct {
		width       int
		has, hasNot []string
	}{
		{120, []string{"TIME", "ACTOR", "ACTION", "IP", "SUMMARY"}, nil},
		{90, []string{"TIME", "ACTOR", "ACTION", "SUMMARY"}, []string{" IP "}},
		{54, []string{"TIME", "ACTOR", "SUMMARY"}, []string{"ACTION"}},
		{36, []string{"TIME", "SUMMARY"}, []string{"ACTOR"}},
	} {
		d.send(tea.WindowSizeMsg{Width: step.width, Height: 30})
		requireHas(t, header(), step.has, step.hasNot, "at %d columns the header", step.width)
		for i, line := range strings.Split(d.screen(), "\n") {
			if w := ansi.StringWidth(line); w > step.width {
				t.Fatalf("at %d columns line %d is %d wide: %q", step.width, i, w, line)
			}
		}
	}
}

// lineWith returns the first line of screen containing s.
func lineWith(screen, s string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// lineAfter returns the line after the first one containing s.
func lineAfter(screen, s string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, s) && i+1 < len(lines) {
			return lines[i+1]
		}
	}
	return ""
}

func TestDetailPaneToggle(t *testing.T) {
	for _, w := range []int{120, 160} { // stacked, then side by side
		d, _ := startOn(t, 60, w, 40)
		rows, cols := d.m.list.Height(), d.m.list.Width()
		d.requireScreen(" event 60 ")
		d.press("tab") // focus in the detail: p must hand it back to the list
		d.press("p")
		if d.m.detail.Height() != 0 || d.m.list.Height()*d.m.list.Width() <= rows*cols || d.m.focus != focusList {
			t.Fatalf("%d wide: after p the list is %dx%d (was %dx%d), the detail %d rows, focus %v",
				w, d.m.list.Width(), d.m.list.Height(), cols, rows, d.m.detail.Height(), d.m.focus)
		}
		if strings.Contains(d.screen(), " event 60 ") {
			t.Fatalf("%d wide: the detail is still drawn:\n%s", w, d.screen())
		}
		d.press("enter") // full screen detail still works
		d.requireScreen(" event 60 ")
		d.press("enter", "p")
		if d.m.list.Height() != rows || d.m.list.Width() != cols || d.m.detail.Height() == 0 {
			t.Fatalf("%d wide: p again gives a %dx%d list, want %dx%d, and a detail pane", w, d.m.list.Width(), d.m.list.Height(), cols, rows)
		}
	}
}
