package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/domo"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/faults"
	"github.com/trail-dev/trail/sources/intercom"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/qualtrics"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/ui"
)

// faultyProvider is one provider's emulator and config, for browsing
// through faults.
type faultyProvider struct {
	provider sources.Provider
	emulator func(now time.Time, plan faults.Plan) http.Handler
	table    string // the [sources.x] keys after provider and base_url
}

func faultyProviders() []faultyProvider {
	return []faultyProvider{
		{canary.Provider(), func(now time.Time, plan faults.Plan) http.Handler {
			return canaryemu.New(canaryemu.Options{Token: "t0k", Now: now, Events: 240, Seed: 4, Faults: plan})
		}, "token = \"t0k\"\npage_size = 20\n"},
		{domo.Provider(), func(now time.Time, plan faults.Plan) http.Handler {
			return domoemu.New(domoemu.Options{ClientID: "cl1ent", ClientSecret: "s3cret", Now: now, Events: 240, Seed: 4, Faults: plan})
		}, "client_id = \"cl1ent\"\nclient_secret = \"s3cret\"\npage_size = 20\n"},
		{intercom.Provider(), func(now time.Time, plan faults.Plan) http.Handler {
			return intercomemu.New(intercomemu.Options{Token: "t0k", Now: now, Events: 240, Seed: 4, Faults: plan})
		}, "token = \"t0k\"\npage_size = 20\n"},
		{qualtrics.Provider(), func(now time.Time, plan faults.Plan) http.Handler {
			return qualtricsemu.New(qualtricsemu.Options{Token: "t0k", Now: now, Events: 240, Seed: 4, Span: 5 * 24 * time.Hour, Types: []string{"logins"}, Faults: plan})
		}, "token = \"t0k\"\npage_size = 20\n"},
	}
}

// Scrolling to the end of a log whose provider fails every other request,
// in every way there is, loads every event exactly once, in order: the
// same events, in the same order, as a walk of the same log without faults.
func TestE2EBrowsingThroughFaults(t *testing.T) {
	if raceEnabled {
		t.Skip("waits out real rate limits")
	}
	now := time.Now().Truncate(time.Second)
	for _, fp := range faultyProviders() {
		t.Run(fp.provider.Name, func(t *testing.T) {
			t.Parallel()
			clean := httptest.NewServer(fp.emulator(now, faults.Plan{}))
			defer clean.Close()
			plan := faults.Plan{Every: 2, Kinds: faults.All, Wait: time.Second, Delay: 2 * time.Second}
			flaky := fp.emulator(now, plan)
			srv := httptest.NewServer(flaky)
			defer srv.Close()
			open := func(url string) sources.Source {
				src, _ := openConfigured(t, fp.provider, fmt.Sprintf("[net]\ntimeout = \"1s\"\n[sources.x]\nprovider = %q\nbase_url = %q\n%s",
					fp.provider.Name, url, fp.table))
				return src
			}
			want, err := sourcetest.Walked(context.Background(), open(clean.URL), model.Query{}, sources.WalkOptions{})
			if err != nil {
				t.Fatal(err)
			}

			e := startE2E(t, ui.New(ui.Options{Source: open(srv.URL), SourceName: "flaky", Theme: ui.ThemeNone}), 100, 30)
			deadline := time.Now().Add(90 * time.Second)
			for !strings.Contains(e.screen(), "end of log") {
				if time.Now().After(deadline) {
					t.Fatalf("never reached the end\n%s", e.screen())
				}
				if strings.Contains(e.screen(), "r retries") {
					e.press("r") // a failure outlasted the retries: the user retries
				}
				e.press("G")
				time.Sleep(50 * time.Millisecond)
			}
			e.press("q")
			got := e.tm.FinalModel(t).(recorder).Model.Loaded()
			if len(got) != len(want) {
				t.Fatalf("loaded %d events, the log holds %d", len(got), len(want))
			}
			for i := range want {
				if got[i].ID != want[i].ID {
					t.Fatalf("event %d is %s, want %s", i, got[i].ID, want[i].ID)
				}
			}
			injected := map[faults.Kind]bool{}
			for _, k := range flaky.(interface{ Injected() []faults.Kind }).Injected() {
				injected[k] = true
			}
			if len(injected) < len(faults.All) {
				t.Errorf("only %v of the faults were injected", injected)
			}
		})
	}
}
