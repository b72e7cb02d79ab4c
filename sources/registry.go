package sources

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Provider describes one kind of source, such as "canary", and opens
// instances of it.
type Provider struct {
	// Name is the value of `provider` in the config.
	Name string
	// Summary is one line for `trail sources` and the help.
	Summary string
	// Options returns a pointer to the provider's zero options struct, so
	// a config can be checked (unknown keys, wrong types) without opening
	// anything or reading a secret.
	Options func() any
	// Open opens one source. It resolves secrets through env.Secret and must
	// not make a network request: `trail check` does that with Fetch.
	Open func(ctx context.Context, env Env) (Source, error)
	// Demo, if set, starts the provider's emulator in-process on loopback
	// and returns the real client pointed at it, for `trail --demo NAME`.
	// stop shuts the emulator down. The emulator's data ends at env's clock;
	// env's Log is the debug log, as for a configured source, so --debug
	// shows the demo's requests too.
	Demo DemoFunc
}

// DemoFunc starts a provider's demo: its emulator on loopback and the real
// client pointed at it. stop shuts the emulator down.
type DemoFunc func(ctx context.Context, env Env) (src Source, stop func() error, err error)

// WithDemo returns p with demo as its Demo. main.go builds each provider's
// demo from its emulator package this way, so no client imports its
// emulator.
func (p Provider) WithDemo(demo DemoFunc) Provider {
	p.Demo = demo
	return p
}

// Registry holds the providers trail was built with. It is a value built in
// main.go, not global state, so a test can make one with only what it needs.
type Registry struct {
	byName map[string]Provider
}

// NewRegistry returns a registry of ps. A provider without a name or Open
// function, or a name given twice, is a programming error and panics, as in
// database/sql.Register.
func NewRegistry(ps ...Provider) *Registry {
	r := &Registry{byName: make(map[string]Provider, len(ps))}
	for _, p := range ps {
		if p.Name == "" || p.Open == nil || p.Options == nil {
			panic(fmt.Sprintf("sources: provider %q is incomplete", p.Name))
		}
		if _, dup := r.byName[p.Name]; dup {
			panic("sources: provider registered twice: " + p.Name)
		}
		r.byName[p.Name] = p
	}
	return r
}

// Lookup returns the provider called name.
func (r *Registry) Lookup(name string) (Provider, bool) {
	p, ok := r.byName[name]
	return p, ok
}

// Demo starts the demo of the provider called name (see Provider.Demo),
// logging to env.Log under "demo NAME". A name with no demo is an error that
// lists the demos there are.
func (r *Registry) Demo(ctx context.Context, name string, env Env) (src Source, stop func() error, err error) {
	if err := r.CheckDemo(name); err != nil {
		return nil, nil, err
	}
	p := r.byName[name]
	env.Name = name
	if env.Log != nil {
		env.Log = env.Log.With("source", "demo "+name)
	}
	return p.Demo(ctx, env)
}

// CheckDemo says, without starting it, whether name has a demo: nil, or the
// error Demo would give.
func (r *Registry) CheckDemo(name string) error {
	if p, ok := r.byName[name]; !ok || p.Demo == nil {
		return fmt.Errorf("no demo for %q; demos: %s", name, strings.Join(r.Demos(), ", "))
	}
	return nil
}

// Demos returns the names of the providers that have a demo, sorted.
func (r *Registry) Demos() []string {
	var names []string
	for _, n := range r.Names() {
		if r.byName[n].Demo != nil {
			names = append(names, n)
		}
	}
	return names
}

// Names returns the provider names, sorted.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.byName))
	for n := range r.byName {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
