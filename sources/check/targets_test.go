package check_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/check"
	"github.com/trail-dev/trail/sources/open"
)

type empty struct{}

func (empty) Fetch(context.Context, model.Query, string) (sources.Page, error) {
	return sources.Page{}, nil
}

// The config's verdict comes first, its warnings after it, escaped; then
// each demo or configured source is a target that opens as open does, a
// name without a demo failing as its own verdict.
func TestConfigAndTargets(t *testing.T) {
	var b strings.Builder
	check.ConfigOK(&b, "~/.config/trail/config.toml", []string{"token is written \x1b[31m literally"})
	if b.String() != "config ~/.config/trail/config.toml: ok\nwarning: token is written \\x1b[31m literally\n" {
		t.Errorf("%q", b.String())
	}
	stops := 0
	opts := func() any { return &struct{}{} }
	reg := sources.NewRegistry(sources.Provider{Name: "p", Options: opts,
		Open: func(context.Context, sources.Env) (sources.Source, error) { return empty{}, nil },
		Demo: func(context.Context, sources.Env) (sources.Source, func() error, error) {
			return empty{}, func() error { stops++; return nil }, nil
		}})
	b.Reset()
	if check.Run(context.Background(), &b, check.Demos(reg, []string{"p", "q"}, nil), time.Second) || stops != 1 ||
		!strings.HasPrefix(b.String(), "✓ demo p: 0 events") || !strings.Contains(b.String(), "✗ demo q: no demo for \"q\"; demos: p") {
		t.Errorf("demos: %q, %d stopped", b.String(), stops)
	}
	c := open.Config{Registry: reg, File: "cfg", Provider: func(n string) (string, bool) { return "p", n == "a" },
		Decode: func(string, any) error { return nil }}
	b.Reset()
	if check.Run(context.Background(), &b, check.Configured(c, []string{"a", "z"}), time.Second) ||
		!strings.HasPrefix(b.String(), "✓ a: p: 0 events") || !strings.Contains(b.String(), "✗ z: no source \"z\" in cfg") {
		t.Errorf("configured: %q", b.String())
	}
}
