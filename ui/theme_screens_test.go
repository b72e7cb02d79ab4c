package ui

import (
	"image/color"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui/theme"
)

// themeScreen is one screen a user can open, reached by keys from the list.
type themeScreen struct {
	name string
	keys []string // pressed after the first page is in
	text string   // typed after the keys
	want string   // on the screen once it is open, to know the keys reached it
}

// themeScreens is every screen trail draws, with its prompts.
var themeScreens = []themeScreen{
	{name: "list", keys: []string{"j"}, want: "test"},
	{name: "detail pane", keys: []string{"j", "tab"}, want: "actor"},
	{name: "full-screen detail", keys: []string{"j", "enter"}, want: "actor"},
	{name: "filter", keys: []string{"f"}, want: "since"},
	{name: "action chooser", keys: []string{"f", "tab", "tab", "tab"}, text: "login", want: "of 3"},
	{name: "search prompt", keys: []string{"/"}, text: "user", want: "/user"},
	{name: "export prompt", keys: []string{"e"}, want: "export to: "},
	{name: "help", keys: []string{"?"}, want: "find and filter"},
	{name: "insights", keys: []string{"s"}, want: "insights"},
	{name: "message log", keys: []string{"m"}, want: "a notice for the log"},
}

// renderThemeScreens opens each screen in the theme at 80x24 and 200x50 (list
// and detail side by side) and hands its frame, escapes kept, to check; then
// a merged view of several sources, one failed; the quit prompt, asked while
// an export runs, comes last.
func renderThemeScreens(t *testing.T, name string, check func(t *testing.T, frame string)) {
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		for _, sc := range themeScreens {
			t.Run(name+"/"+sizeName(size)+"/"+sc.name, func(t *testing.T) {
				evs := goldenEvents(120)
				d := newDriver(t, sourcetest.NewMemory(evs, 50), size[0], size[1], func(o *Options) {
					o.Theme = name
					o.Notice = "a notice for the log"
				})
				d.until("first page", loaded(50))
				d.m.filter.SetActions([]string{"user_login", "user_login_failure", "admin_login"})
				d.press(sc.keys...)
				if sc.text != "" {
					d.typeText(sc.text)
				}
				d.requireScreen(sc.want)
				check(t, d.m.View().Content)
			})
		}
	}
	// A merged view: its SOURCE column, each source's count on the status
	// bar and a failed source's message.
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		t.Run(name+"/"+sizeName(size)+"/merged view", func(t *testing.T) {
			evs := sourcetest.GenerateEvents(50, testNow, time.Minute)
			d := newDriver(t, mergedStandIn{sourcetest.NewMemory(evs, 50)}, size[0], size[1], func(o *Options) { o.Theme = name })
			d.until("first page", loaded(50))
			d.requireScreen("SOURCE")
			d.requireScreen("domo: unauthorized")
			check(t, d.m.View().Content)
			d.m.status = statusMsg{}
			d.press("G")
			d.requireScreen("domo failed")
			check(t, d.m.View().Content)
		})
	}
	t.Run(name+"/quit prompt", func(t *testing.T) {
		_, mem := memoryLog(400, 50)
		src := &stalling{Memory: mem, serve: 2}
		d := newDriver(t, src, 80, 24, func(o *Options) { o.Theme = name })
		d.until("first page", loaded(50))
		d.press("e")
		d.m.export.SetName(filepath.Join(t.TempDir(), "evidence.jsonl"))
		d.press("enter")
		d.until("a page exported", func(m *Model) bool { return m.export.Exported() >= 50 })
		d.press("q")
		d.requireScreen("y quit and stop the export")
		check(t, d.m.View().Content)
		d.press("y")
	})
}

// sgrRE matches a Select Graphic Rendition sequence and captures its
// parameters.
var sgrRE = regexp.MustCompile("\x1b\\[([0-9;:]*)m")

// colourSGRs lists the colour settings in frame's SGR sequences, each as
// the parameters that set it ("38;5;240", "91", "39"); wide keeps only the
// 256-colour and true-colour ones.
func colourSGRs(frame string, wide bool) []string {
	var found []string
	for _, m := range sgrRE.FindAllStringSubmatch(frame, -1) {
		ps := strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' })
		for i := 0; i < len(ps); i++ {
			p := ps[i]
			if j := strings.IndexByte(p, ':'); j >= 0 { // 38:5:240, 4:3
				head := p[:j]
				if head == "38" || head == "48" || head == "58" {
					found = append(found, p)
				}
				continue
			}
			n, _ := strconv.Atoi(p)
			switch {
			case n == 38 || n == 48 || n == 58:
				end := i + 1
				if end < len(ps) {
					switch ps[end] {
					case "5":
						end += 2
					case "2":
						end += 4
					}
				}
				end = min(end, len(ps))
				found = append(found, strings.Join(ps[i:end], ";"))
				i = end - 1
			case wide:
			case n >= 30 && n <= 37, n == 39, n >= 40 && n <= 47, n == 49, n == 59,
				n >= 90 && n <= 97, n >= 100 && n <= 107:
				found = append(found, p)
			}
		}
	}
	return found
}

// The none theme emits no colour at all, on any screen or prompt: bold,
// reverse and underline only. Bubbles' text inputs drew their placeholder
// in a 256-colour grey (38;5;240) in every theme, none included.
func TestThemeNoneHasNoColour(t *testing.T) {
	renderThemeScreens(t, theme.None, func(t *testing.T, frame string) {
		if c := colourSGRs(frame, false); len(c) > 0 {
			t.Errorf("the none theme sets colours %q:\n%s", c, strings.ReplaceAll(frame, "\x1b", `\x1b`))
		}
	})
}

// The dark and light themes use the 16 ANSI colours only, which follow the
// user's terminal palette: no 256-colour or true-colour sequence on any
// screen or prompt.
func TestThemesUseSixteenColours(t *testing.T) {
	for _, name := range []string{theme.Dark, theme.Light} {
		renderThemeScreens(t, name, func(t *testing.T, frame string) {
			if c := colourSGRs(frame, true); len(c) > 0 {
				t.Errorf("the %s theme sets colours beyond the 16 ANSI ones %q:\n%s", name, c, strings.ReplaceAll(frame, "\x1b", `\x1b`))
			}
		})
	}
}

// The checks above can fail: they see the colours they are looking for.
func TestColourSGRs(t *testing.T) {
	for _, c := range []struct {
		frame      string
		wide, want string
	}{
		{"\x1b[1;7mrow\x1b[m \x1b[4m", "", ""},
		{"\x1b[38;5;240mph\x1b[m", "38;5;240", "38;5;240"},
		{"\x1b[1;38;2;1;2;3;4m", "38;2;1;2;3", "38;2;1;2;3"},
		{"\x1b[48:5:17m", "48:5:17", "48:5:17"},
		{"\x1b[97;44mx\x1b[39m", "", "97 44 39"},
		{"\x1b[1;4;103m", "", "103"},
	} {
		if got := strings.Join(colourSGRs(c.frame, true), " "); got != c.wide {
			t.Errorf("wide colours in %q: %q, want %q", c.frame, got, c.wide)
		}
		if got := strings.Join(colourSGRs(c.frame, false), " "); got != c.want {
			t.Errorf("colours in %q: %q, want %q", c.frame, got, c.want)
		}
	}
}

// A theme chosen after start (auto, once the terminal tells its background)
// reaches the text inputs too: the filter's cursor takes the new accent.
func TestThemeChangeRestylesInputs(t *testing.T) {
	evs := goldenEvents(60)
	d := newDriver(t, sourcetest.NewMemory(evs, 50), 80, 24, func(o *Options) { o.Theme = theme.Auto })
	d.until("first page", loaded(50))
	d.send(tea.BackgroundColorMsg{Color: color.White})
	d.press("f")
	// The focused field's cursor is drawn in reverse video in the accent:
	// blue (34) in the light theme, bright cyan (96) in the dark one.
	frame := d.m.View().Content
	if !strings.Contains(frame, "\x1b[7;34m") || strings.Contains(frame, "\x1b[7;96m") {
		t.Errorf("the filter's cursor is not drawn in the light theme's accent:\n%s", strings.ReplaceAll(frame, "\x1b", `\x1b`))
	}
}
