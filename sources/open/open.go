// Package open turns what a command line names into one open Source:
// configured sources through their providers, several merged into one list
// by time, and the providers' demos against their emulators. The explorer,
// `trail export` and `trail check` open the same way through it.
//
// It sees sources (and merge) only, never the config: main hands it a
// Config made of the config file's answers (which provider a source has,
// how its table decodes) and the settings every source shares.
package open

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/merge"
)

// Config is how to open a configured source.
type Config struct {
	// Registry holds the providers trail was built with.
	Registry *sources.Registry
	// File names the config file in errors about a source it lacks.
	File string
	// Provider returns the provider of the source called name, and whether
	// the config has such a source.
	Provider func(name string) (provider string, ok bool)
	// Decode fills a provider's options struct from the source's table.
	Decode func(name string, opts any) error
	// Env is what every source shares: the secret resolver, the timeouts,
	// the wait ceiling and the debug log. Name and Decode are set per source.
	Env sources.Env
}

// Source opens the source called name; it reads secrets but makes no
// request. It returns the source's provider too.
func (c Config) Source(ctx context.Context, name string) (sources.Source, string, error) {
	provider, ok := c.Provider(name)
	if !ok {
		return nil, "", fmt.Errorf("no source %q in %s", name, c.File)
	}
	p, ok := c.Registry.Lookup(provider)
	if !ok {
		return nil, "", fmt.Errorf("source %q has unknown provider %q", name, provider)
	}
	env := c.Env
	env.Name = name
	env.Decode = func(v any) error { return c.Decode(name, v) }
	if env.Log != nil {
		env.Log = env.Log.With("source", name)
	}
	src, err := p.Open(ctx, env)
	if err != nil {
		return nil, "", fmt.Errorf("opening source %q: %w", name, err)
	}
	return src, provider, nil
}

// Selection is what a command opened: one source, or several merged (whose
// provider is "merged").
type Selection struct {
	Source         sources.Source
	Name, Provider string
	Merged         bool
	// Release stops what the selection started (the demos' emulators); it
	// is never nil.
	Release func()
}

// Sources opens the sources names, called name on the screen and in
// exports: one source as itself, several merged. A source of several that
// cannot be opened (a secret that cannot be read) shows as failed beside
// the others instead of stopping them; only if none opens is it an error.
func (c Config) Sources(ctx context.Context, name string, names []string) (Selection, error) {
	out := Selection{Name: name, Release: func() {}}
	if len(names) == 1 {
		var err error
		out.Source, out.Provider, err = c.Source(ctx, names[0])
		return out, err
	}
	parts := make([]merge.Named, 0, len(names))
	var errs []error
	for _, n := range names {
		src, provider, err := c.Source(ctx, n)
		if err != nil {
			provider, _ = c.Provider(n)
			src = unopened{err}
			errs = append(errs, err)
		}
		parts = append(parts, merge.Named{Name: n, Provider: provider, Source: src})
	}
	if len(errs) == len(parts) {
		return Selection{}, errors.Join(errs...)
	}
	out.Source, out.Provider, out.Merged = merge.New(parts, merge.Options{}), "merged", true
	return out, nil
}

// unopened stands in a merged view for a source that could not be opened,
// so that it shows as failed beside the others.
type unopened struct{ err error }

func (u unopened) Fetch(ctx context.Context, _ model.Query, _ string) (sources.Page, error) {
	if err := ctx.Err(); err != nil {
		return sources.Page{}, err
	}
	return sources.Page{}, u.err
}

// DefaultDemo is the demo `trail --demo` opens when no provider is named.
const DefaultDemo = "canary"

// Demos starts the demos of the named providers (DefaultDemo if none): each
// provider's real client against its emulator on loopback, logging to log;
// several are merged into one list, as sources are, named "a+b".
func Demos(ctx context.Context, reg *sources.Registry, providers []string, log *slog.Logger) (Selection, error) {
	if len(providers) == 0 {
		providers = []string{DefaultDemo}
	}
	if err := CheckDemos(reg, providers); err != nil {
		return Selection{}, err // before any emulator starts
	}
	var parts []merge.Named
	var stops []func() error
	release := func() {
		for _, stop := range stops {
			_ = stop()
		}
	}
	for _, provider := range providers {
		src, stop, err := reg.Demo(ctx, provider, sources.Env{Log: log})
		if err != nil {
			release()
			return Selection{}, err
		}
		stops = append(stops, stop)
		parts = append(parts, merge.Named{Name: provider, Provider: provider, Source: src})
	}
	// Named by its provider, as each source of a merged demo is: an export's
	// records say "canary" whether one demo or several.
	sel := Selection{Source: parts[0].Source, Name: providers[0], Provider: providers[0], Release: release}
	if len(parts) > 1 {
		sel.Source, sel.Name, sel.Provider, sel.Merged = merge.New(parts, merge.Options{}), strings.Join(providers, "+"), "merged", true
	}
	return sel, nil
}

// CheckDemos says whether every provider named has a demo, starting none:
// a caller can refuse a wrong name before anything else.
func CheckDemos(reg *sources.Registry, providers []string) error {
	for _, p := range providers {
		if err := reg.CheckDemo(p); err != nil {
			return err
		}
	}
	return nil
}

// DemoNotice is what the explorer says first on a demo selection: whose
// real client runs against which emulator, and for a single demo which
// others there are.
func DemoNotice(sel Selection, demos []string) string {
	names := strings.Split(sel.Name, "+")
	if !sel.Merged {
		names = []string{sel.Provider}
	}
	notice := "demo: the real " + strings.Join(names, ", ") + " client against its emulator"
	if !sel.Merged {
		if others := slices.DeleteFunc(slices.Clone(demos), func(n string) bool { return n == sel.Provider }); len(others) > 0 {
			notice += "; also: trail --demo " + strings.Join(others, "|") + ", or several merged"
		}
	}
	return notice
}
