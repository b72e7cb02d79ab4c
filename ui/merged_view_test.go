package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// mergedStandIn plays a merged source: events that name their source, and
// each page reporting its parts, one of them failed.
type mergedStandIn struct{ *sourcetest.Memory }

func (s mergedStandIn) Fetch(ctx context.Context, q model.Query, c string) (sources.Page, error) {
	p, err := s.Memory.Fetch(ctx, q, c)
	for i := range p.Events {
		p.Events[i].Source, p.Events[i].Provider = "prod-canary", "canary"
		if i%2 == 1 {
			p.Events[i].Source, p.Events[i].Provider = "intercom-eu", "intercom"
		}
	}
	p.Parts = []sources.Part{
		{Name: "prod-canary", Provider: "canary", Events: 25, Done: p.Next == ""},
		{Name: "intercom-eu", Provider: "intercom", Events: 25},
		{Name: "domo", Provider: "domo", Err: errors.New("domo: unauthorized")},
	}
	if c == "" {
		p.Notice = "domo: unauthorized (HTTP 401); the other sources go on"
	}
	return p, err
}

func TestMergedViewShowsSourcesAndParts(t *testing.T) {
	evs := sourcetest.GenerateEvents(50, testNow, time.Minute)
	d := newDriver(t, mergedStandIn{sourcetest.NewMemory(evs, 50)}, 140, 40)
	d.until("first page", loaded(50))
	d.requireScreen("SOURCE")
	d.requireScreen("prod-canary")
	d.requireScreen("intercom-eu")
	// Beside a message, or where the line is short of room, the sources are
	// said in short; with the room, in full.
	d.requireScreen("3 sources, 1 failed")
	d.requireScreen("domo: unauthorized")
	d.m.status = statusMsg{}
	d.send(tea_size(200, 40))
	d.requireScreen("prod-canary: all 25 read · intercom-eu: 25 so far · domo: failed")
	// The detail names the event's source.
	d.requireScreen("source    prod-canary (canary)")
	d.press("j")
	d.requireScreen("source    intercom-eu (intercom)")
}

// Where the sources' counts and a message do not both fit, the counts are
// said in short and the message shows (it was hidden behind them); the end
// of the list is not called the end of the log while a source failed.
func TestMergedViewKeepsTheMessageAndAnHonestEnd(t *testing.T) {
	evs := sourcetest.GenerateEvents(50, testNow, time.Minute)
	d := newDriver(t, mergedStandIn{sourcetest.NewMemory(evs, 50)}, 100, 40)
	d.until("first page", loaded(50))
	d.m.setStatus("sent raw JSON (120 B) to the terminal's clipboard (OSC 52)", statusInfo, 0)
	s := statusOf(d)
	if !strings.Contains(s, "3 sources, 1 failed") || !strings.Contains(s, "sent raw JSON") {
		t.Errorf("status line at 100 columns: %q", s)
	}
	d.press("G")
	d.requireScreen("end of what the other sources hold ── domo failed (m: why)")
	if strings.Contains(d.screen(), "end of log") {
		t.Errorf("the list says end of log while domo failed:\n%s", d.screen())
	}
}

// windowed is a source whose provider looks back w when the query sets no
// start (0: it reads its whole log).
type windowed struct {
	*sourcetest.Memory
	w time.Duration
}

func (s windowed) Capabilities() sources.Capabilities {
	return sources.Capabilities{ServerSide: sources.FieldTime, DefaultWindow: s.w}
}

// TestMergedViewSaysEachSourcesDefaultWindow: the top bar of a view whose
// sources look back differently by default says each source's window, not
// the longest as if it were the view's; where they share one it says that
// it is every source's; with an end and no start it names the sources that
// begin a window before it. The filter pane's start field says the same.
func TestMergedViewSaysEachSourcesDefaultWindow(t *testing.T) {
	evs := sourcetest.GenerateEvents(20, testNow, time.Minute)
	const month, week = 30 * 24 * time.Hour, 7 * 24 * time.Hour
	view := func(ws ...time.Duration) sources.Source {
		var parts []merge.Named
		for i, w := range ws {
			name := []string{"prod-canary", "intercom-eu", "domo", "qualtrics"}[i]
			parts = append(parts, merge.Named{Name: name, Provider: "memory", Source: windowed{sourcetest.NewMemory(evs, 20), w}})
		}
		return merge.New(parts, merge.Options{})
	}
	until := func(o *Options) { o.Query = model.Query{Until: testNow.Add(-time.Hour)} }
	for _, tc := range []struct {
		name string
		src  sources.Source
		opts []func(*Options)
		says string
	}{
		{"one source", windowed{sourcetest.NewMemory(evs, 20), month}, nil, "last 30 days (provider default)"},
		{"windows differ", view(0, month, month, week), nil,
			"prod-canary: all time · intercom-eu, domo: last 30 days · qualtrics: last 7 days (source defaults)"},
		{"one window shared", view(month, month), nil, "last 30 days (every source's default)"},
		{"windows differ, an end", view(0, month, week), []func(*Options){until},
			"from 30 days before for intercom-eu, 7 days before for domo (source defaults)"},
		{"one window shared, an end", view(week, week), []func(*Options){until}, "from 7 days before (every source's default)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDriver(t, tc.src, 200, 40, tc.opts...)
			d.until("first page", func(m *Model) bool { return !m.feed.fetching() })
			d.requireScreen(tc.says)
			if _, ok := tc.src.(*merge.Source); ok && strings.Contains(d.screen(), "provider default") {
				t.Errorf("a view's top bar calls a window the provider default:\n%s", d.screen())
			}
		})
	}
	d := newDriver(t, view(0, month), 200, 40)
	d.until("first page", func(m *Model) bool { return !m.feed.fetching() })
	d.press("f")
	d.requireScreen("empty = source defaults: prod-canary: all time · intercom-eu: last 30 days")
}
