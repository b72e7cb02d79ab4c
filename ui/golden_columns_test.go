package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui/common"
)

// TestGoldenColumns pins [ui] columns: the columns chosen, in their order,
// sized to the rows on screen, at 80x24 and 120x40; the summary may stand
// anywhere, or not at all.
func TestGoldenColumns(t *testing.T) {
	for _, cols := range []struct {
		name string
		cols []string
	}{
		{"ids", []string{"time", "outcome", "actor_id", "target", "client", "location", "summary"}},
		{"summary-first", []string{"summary", "action", "ip", "time"}},
		{"no-summary", []string{"time", "actor", "ip", "location"}},
	} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(cols.name+"/"+sizeName(size), func(t *testing.T) {
				evs := goldenEvents(60)
				for i := range evs {
					evs[i].ActorID = "u-" + common.Itoa(1000+i%7)
					evs[i].Target = []string{"flock:default", "device:0001", "survey:SV_abc"}[i%3]
					evs[i].Client = []string{"Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", "curl/8.5", ""}[i%3]
					evs[i].Location = []string{"Berlin, DE", "", "Austin, US"}[i%3]
				}
				d := newDriver(t, sourcetest.NewMemory(evs, 50), size[0], size[1], func(o *Options) { o.Columns = cols.cols })
				d.until("first page", loaded(50))
				d.press("j")
				golden.RequireEqual(t, d.screen())
				if strings.Contains(d.screen(), "[ui]") {
					t.Errorf("valid columns were refused:\n%s", d.screen())
				}
			})
		}
	}
}

// TestColumnsRefused: columns the list does not know (main checks them
// first; this is the UI's own guard) keep the default layout and say why.
func TestColumnsRefused(t *testing.T) {
	d, _ := startOn(t, 20, 120, 40, func(o *Options) { o.Columns = []string{"time", "nope"} })
	if !strings.Contains(d.m.status.text, `no column "nope"`) {
		t.Errorf("status %q does not say which column is bad", d.m.status.text)
	}
	d.requireScreen("ACTION")
}
