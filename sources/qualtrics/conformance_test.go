package qualtrics

import (
	"slices"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// variant is one way the API may behave, for TestConformance: the activity
// type in force ("" = the configured default), the emulator's options, and
// whether the client signs in with OAuth.
type variant struct {
	typ   string
	opts  qualtricsemu.Options
	oauth bool
}

// TestConformance runs the shared suite over each way the API may behave:
// both forms of nextPage, both sign-ins, both default orders, and an
// activity type the client does not know.
func TestConformance(t *testing.T) {
	sourcetest.RunVariants(t, []sourcetest.Variant[variant]{
		{Name: "skipToken, API token, default type", Opts: variant{"", qualtricsemu.Options{}, false}},
		{Name: "nextPage URL, OAuth, asc by default", Opts: variant{"logins", qualtricsemu.Options{NextPage: qualtricsemu.NextPageURL, DefaultOrder: "asc", OmitLastNextPage: true}, true}},
		{Name: "unknown type, strict filters", Opts: variant{"response_exports", qualtricsemu.Options{StrictFilters: true, DescribedTypes: true}, false}},
	}, func(t *testing.T, v sourcetest.Variant[variant], cfg sourcetest.Config) sourcetest.Fixture {
		typ := v.Opts.typ
		if typ == "" {
			typ = defaultActivityType
		}
		opts := v.Opts.opts
		// Six days of one type: all inside the 7-day default window.
		opts.Events, opts.Latency, opts.Seed = cfg.Events, cfg.Latency, int64(cfg.Events)
		opts.Types, opts.Span = []string{typ}, 6*24*time.Hour
		em, srv := serve(t, opts)
		c := Config{PageSize: cfg.PageSize}
		if v.Opts.oauth {
			c = oauthConfig(cfg.PageSize)
		}
		entries := em.Entries()
		if len(entries) != cfg.Events {
			t.Fatalf("emulator holds %d events, the suite asked for %d", len(entries), cfg.Events)
		}
		return sourcetest.Fixture{Source: client(srv, c), Events: eventsOf(t, entries), Query: model.Query{Action: v.Opts.typ}}
	})
}

func TestCapabilities(t *testing.T) {
	caps := sources.CapabilitiesOf(New(Config{Common: transport.Common{BaseURL: "https://iad1.qualtrics.com/API/v3"}, ActivityType: "password_resets"}))
	if !caps.Server(sources.FieldTime) || !caps.Server(sources.FieldAction) {
		t.Error("time and action are not server-side")
	}
	if caps.Server(sources.FieldActor) || caps.Server(sources.FieldText) {
		t.Error("actor or text reported server-side; only whole user ids are sent")
	}
	if caps.DefaultWindow != 7*24*time.Hour || !caps.ActionRequired {
		t.Errorf("capabilities %+v: want the 7-day window and a required action", caps)
	}
	if caps.Actions[0] != "password_resets" || !slices.Contains(caps.Actions, "logins") || len(caps.Actions) != len(ActivityTypes())+1 ||
		caps.Actions[len(caps.Actions)-1] != AllTypes {
		t.Errorf("actions %v: want the configured type first, then the other documented ones once, then all", caps.Actions)
	}
	if _, ok := any(New(Config{})).(sources.ActionLister); !ok {
		t.Error("Source does not list its activity types")
	}
}
