package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/theme"
)

// TestGoldenViews pins the layout at the sizes an on-call engineer meets:
// 80x24 (the smallest usual terminal), 120x40 and 200x50 (list and detail
// side by side). Colours are stripped; `go test ./ui -update` rewrites them.
func TestGoldenViews(t *testing.T) {
	sizes := []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}, {"200x50", 200, 50}}
	scenes := []struct {
		name string
		keys []string
	}{
		{"list", nil},
		{"moved", []string{"j", "j", "j"}},
		{"detail", []string{"j", "enter"}},
		{"filter", []string{"f"}},
		{"query", typed("f", "outcome:failure -actor:svc-backup ip:203.0.113.0/24,2001:db8::/32 since:7d")},
		{"queryerror", typed("f", "outcome:failure ip:203.0.113/24")},
		{"queryapplied", append(typed("f", "action:user_login* -actor:bob@example.com until:10m"), "enter")},
		{"help", []string{"?"}},
		{"end", []string{"G", "G", "G"}},
	}
	for _, size := range sizes {
		for _, scene := range scenes {
			t.Run(size.name+"/"+scene.name, func(t *testing.T) {
				evs := goldenEvents(120)
				evs[1].Summary = "Zoë logged in from 東京 with a very long description that will not fit in any column of the list at all"
				src := sourcetest.NewMemory(evs, 50)
				d := newDriver(t, src, size.w, size.h)
				d.until("first page", loaded(50))
				for _, k := range scene.keys {
					d.press(k)
					d.until("quiet", func(m *Model) bool { return !m.feed.fetching() })
				}
				golden.RequireEqual(t, d.screen())
			})
		}
	}
}

// TestGoldenThemes pins the colours: each theme at 80x24 and 120x40, with
// the escape sequences kept (made visible) in the golden files.
func TestGoldenThemes(t *testing.T) {
	for _, theme := range []string{theme.Dark, theme.Light, theme.None} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, scene := range []struct {
				name string
				keys []string
			}{{"list", []string{"j"}}, {"detail", []string{"j", "enter"}}, {"filter", []string{"f"}}} {
				t.Run(theme+"/"+sizeName(size)+"/"+scene.name, func(t *testing.T) {
					evs := goldenEvents(60)
					d := newDriver(t, sourcetest.NewMemory(evs, 50), size[0], size[1], func(o *Options) { o.Theme = theme })
					d.until("first page", loaded(50))
					for _, k := range scene.keys {
						d.press(k)
					}
					requireGoldenEscapes(t, d)
				})
			}
		}
	}
}

// goldenEvents is the log the golden screens are drawn over: n events 17
// minutes apart, the newest a minute before testNow.
func goldenEvents(n int) []model.Event {
	return sourcetest.GenerateEvents(n, testNow.Add(-time.Minute), 17*time.Minute)
}

// requireGoldenEscapes compares the view, its escape sequences kept and
// made visible, with the test's golden file.
func requireGoldenEscapes(t *testing.T, d *driver) {
	t.Helper()
	golden.RequireEqual(t, strings.ReplaceAll(d.m.View().Content, "\x1b", `\x1b`))
}

// sizeName is a terminal size as the golden files are named: 80x24.
func sizeName(size [2]int) string { return common.Itoa(size[0]) + "x" + common.Itoa(size[1]) }

// typed is the keys that press key, then type text.
func typed(key, text string) []string {
	keys := []string{key}
	for _, r := range text {
		keys = append(keys, string(r))
	}
	return keys
}
