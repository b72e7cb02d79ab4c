package ui

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
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
	d.requireScreen("prod-canary: all 25 read · intercom-eu: 25 so far · domo: failed")
	// The detail names the event's source.
	d.requireScreen("source    prod-canary (canary)")
	d.press("j")
	d.requireScreen("source    intercom-eu (intercom)")
	d.requireScreen("domo: unauthorized")
}
