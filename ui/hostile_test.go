package ui

import (
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui/internal/uitest"
	"github.com/trail-dev/trail/ui/theme"
)

// hostile holds what attackers put in audit logs: a failed login's user
// name or user agent with terminal escape sequences in it.
var hostile = []string{
	"\x1b[2J\x1b[H",                // clear screen, cursor home
	"\x1b]0;pwned\x07",             // set window title
	"\x1b]52;c;cm0gLXJmIH4=\x1b\\", // write the clipboard
	"\x1b[5mblink\x1b[0m",          // an SGR the UI never uses
	"\u009b31m",                    // C1 CSI
	"\x9b",                         // raw C1 byte (invalid UTF-8)
	"admin\u202egnp.exe",           // bidi override
	"a\u2066b\u2069c",              // bidi isolate
	"line1\nline2\rover",           // newline and carriage return
	"zero\u200bwidth",              // zero-width space
	"\x1bP+q544e\x1b\\",            // DCS query
	"\x1b_APC\x1b\\",               // APC
	"\x1b[6n",                      // cursor position request
}

func hostileEvents() []model.Event {
	evs := sourcetest.GenerateEvents(len(hostile)*2, testNow, 0)
	for i, h := range hostile {
		e := &evs[i]
		e.Actor, e.Action, e.Summary, e.IP, e.Target, e.Client = h, h, "summary "+h, h, h, h
		e.Changes = []model.Change{{Field: h, Before: h, After: h}}
		e.Raw = []byte(`{"user":"` + strings.ReplaceAll(strings.ReplaceAll(h, `\`, `\\`), "\n", `\n`) + `","raw_bidi":"x` + "\u202e" + `y"}`)
	}
	return evs
}

// TestHostileTextNeverReachesTheTerminal renders events full of escape
// sequences in every pane and theme and checks that the only escape
// sequences in the output are the colours trail draws with.
func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	for _, theme := range []string{theme.None, theme.Dark, theme.Light} {
		for _, size := range [][2]int{{80, 24}, {200, 50}} {
			evs := hostileEvents()
			src := sourcetest.NewMemory(evs, 50)
			d := newDriver(t, src, size[0], size[1], func(o *Options) { o.Theme = theme })
			d.until("first page", loaded(len(evs)))
			for i := range hostile {
				uitest.CheckTerminalSafe(t, theme, d.m.View().Content)
				if i == 0 {
					d.press("enter")
					uitest.CheckTerminalSafe(t, theme, d.m.View().Content)
					d.press("esc", "/")
					d.typeText("\x1b]0;")
					uitest.CheckTerminalSafe(t, theme, d.m.View().Content)
					d.press("esc")
				}
				d.send(keyMsg("j"))
			}
			screen := d.screen()
			d.press("g")
			screen += d.screen()
			for _, want := range []string{`\x1b[2J`, `\u202e`} {
				if !strings.Contains(screen, want) {
					t.Errorf("%s %v: the escape %s is not shown visibly", theme, size, want)
				}
			}
		}
	}
}
