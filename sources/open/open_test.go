package open

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

type one struct{ name string }

func (o one) Fetch(context.Context, model.Query, string) (sources.Page, error) {
	return sources.Page{Events: []model.Event{{ID: o.name}}}, nil
}

// registry has provider "ok", which opens, "bad", which fails to (as a
// secret that cannot be read does), and a demo for "ok" only.
func registry(stopped *int) *sources.Registry {
	opts := func() any { return &struct{}{} }
	return sources.NewRegistry(
		sources.Provider{Name: "ok", Options: opts,
			Open: func(_ context.Context, env sources.Env) (sources.Source, error) { return one{env.Name}, nil },
			Demo: func(_ context.Context, env sources.Env) (sources.Source, func() error, error) {
				return one{env.Name}, func() error { *stopped++; return nil }, nil
			}},
		sources.Provider{Name: "bad", Options: opts,
			Open: func(context.Context, sources.Env) (sources.Source, error) { return nil, errors.New("no secret") }},
	)
}

func config(reg *sources.Registry) Config {
	providers := map[string]string{"a": "ok", "b": "bad", "c": "ok"}
	return Config{Registry: reg, File: "cfg.toml",
		Provider: func(n string) (string, bool) { p, ok := providers[n]; return p, ok },
		Decode:   func(string, any) error { return nil }}
}

// One source opens as itself; several merge, a part that cannot open
// failing beside the others; none opening is the error; a name the config
// lacks says so.
func TestSources(t *testing.T) {
	var stopped int
	c := config(registry(&stopped))
	ctx := context.Background()
	sel, err := c.Sources(ctx, "a", []string{"a"})
	if err != nil || sel.Merged || sel.Provider != "ok" || sel.Release == nil {
		t.Fatalf("one: %+v, %v", sel, err)
	}
	sel, err = c.Sources(ctx, "a+b", []string{"a", "b"})
	if err != nil || !sel.Merged || sel.Provider != "merged" || sel.Name != "a+b" {
		t.Fatalf("merged: %+v, %v", sel, err)
	}
	page, err := sel.Source.Fetch(ctx, model.Query{}, "")
	if err != nil || len(page.Events) != 1 || len(page.Parts) != 2 || page.Parts[1].Err == nil || !strings.Contains(page.Parts[1].Err.Error(), "no secret") {
		t.Errorf("merged page: %+v, %v", page, err)
	}
	if _, err := c.Sources(ctx, "b", []string{"b"}); err == nil || !strings.Contains(err.Error(), `opening source "b": no secret`) {
		t.Errorf("b: %v", err)
	}
	if _, _, err := c.Source(ctx, "z"); err == nil || err.Error() != `no source "z" in cfg.toml` {
		t.Errorf("z: %v", err)
	}
}

// Demos opens the default demo, merges several and releases every
// emulator it started; an unknown one stops those already started.
func TestDemos(t *testing.T) {
	var stopped int
	reg := registry(&stopped)
	ctx := context.Background()
	if _, err := Demos(ctx, reg, nil, nil); err == nil || !strings.Contains(err.Error(), `no demo for "canary"`) {
		t.Errorf("default demo in a registry without canary: %v", err)
	}
	sel, err := Demos(ctx, reg, []string{"ok"}, nil)
	if err != nil || sel.Merged || sel.Name != "ok" || sel.Provider != "ok" {
		t.Fatalf("%+v, %v", sel, err)
	}
	if got := DemoNotice(sel, []string{"ok", "other"}); got != "demo: the real ok client against its emulator; also: trail --demo other, or several merged" {
		t.Errorf("notice %q", got)
	}
	sel.Release()
	if _, err := Demos(ctx, reg, []string{"ok", "bad"}, nil); err == nil || stopped != 1 { // the bad name is refused before ok starts
		t.Errorf("a bad demo after a good one: %v, %d stopped", err, stopped)
	}
}
