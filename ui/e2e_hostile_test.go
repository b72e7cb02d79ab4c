package ui_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/ui"
)

// A console that answers every page with nothing and a cursor to another
// made the explorer fetch by itself, with no key pressed, until it showed
// "page 331 of 5" (issue 16). It stops at the page past the count the
// console stated, or after sources.MaxEmptyPages empty pages when it states
// none, says so, and fetches nothing more until asked.
func TestE2EEndlessEmptyPagesStop(t *testing.T) {
	for _, stated := range []int{5, 0} {
		t.Run(fmt.Sprintf("stated %d", stated), func(t *testing.T) {
			em := canaryemu.New(canaryemu.Options{Token: e2eToken, EndlessEmpty: true, StatedPages: stated})
			srv := httptest.NewServer(em)
			defer srv.Close()
			src, _ := openConfigured(t, canary.Provider(), fmt.Sprintf("[sources.c]\nprovider = \"canary\"\nbase_url = %q\ntoken = %q\n", srv.URL, e2eToken))
			e := startE2E(t, ui.New(ui.Options{Source: src, SourceName: "hostile", Theme: ui.ThemeNone}), 120, 30)
			want := sources.MaxEmptyPages
			if stated > 0 {
				e.waitFor("the server said there are 5 pages")
				want = stated + 1
			} else {
				e.waitFor("empty pages")
			}
			time.Sleep(300 * time.Millisecond) // time enough for a runaway chain to show
			if got := em.Received(); got != want {
				t.Errorf("the console got %d requests with no key pressed, want %d", got, want)
			}
			if s := e.screen(); !strings.Contains(strings.Join(strings.Fields(s), " "), "what was loaded is kept") {
				t.Errorf("the screen does not say what was kept:\n%s", s)
			}
			e.quit()
		})
	}
}
