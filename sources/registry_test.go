package sources_test

import (
	"context"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

type nothing struct{}

func (nothing) Fetch(context.Context, model.Query, string) (sources.Page, error) {
	return sources.Page{}, nil
}

// Registry.Demo starts a provider's demo under its name, and a provider
// without one (or no provider) is an error that lists the demos there are.
func TestRegistryDemo(t *testing.T) {
	var gotName string
	open := func(context.Context, sources.Env) (sources.Source, error) { return nothing{}, nil }
	opts := func() any { return &struct{}{} }
	reg := sources.NewRegistry(
		sources.Provider{Name: "b", Open: open, Options: opts, Demo: func(_ context.Context, env sources.Env) (sources.Source, func() error, error) {
			gotName = env.Name
			return nothing{}, func() error { return nil }, nil
		}},
		sources.Provider{Name: "a", Open: open, Options: opts},
	)
	src, stop, err := reg.Demo(context.Background(), "b", sources.Env{})
	if err != nil || src == nil || stop == nil || gotName != "b" {
		t.Fatalf("Demo(b) = %v, stop set %v, %v; env.Name %q", src, stop != nil, err, gotName)
	}
	for _, name := range []string{"a", "zz"} {
		_, _, err := reg.Demo(context.Background(), name, sources.Env{})
		if err == nil || err.Error() != `no demo for "`+name+`"; demos: b` {
			t.Errorf("Demo(%s): %v", name, err)
		}
	}
}
