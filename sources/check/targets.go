package check

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/open"
)

// Demos returns a target for each demo named (every demo if none), checked
// as "demo NAME": the real client against its emulator, which the check
// stops when it is done. A name without a demo fails as its own verdict.
func Demos(reg *sources.Registry, names []string, log *slog.Logger) []Target {
	if len(names) == 0 {
		names = reg.Demos()
	}
	targets := make([]Target, 0, len(names))
	for _, name := range names {
		targets = append(targets, Target{Name: "demo " + name, Open: func(ctx context.Context) (sources.Source, string, func(), error) {
			src, stop, err := reg.Demo(ctx, name, sources.Env{Log: log})
			if err != nil {
				return nil, "", nil, err
			}
			return src, name, func() { _ = stop() }, nil
		}})
	}
	return targets
}

// Configured returns a target for each source named, opened as c opens it.
func Configured(c open.Config, names []string) []Target {
	targets := make([]Target, 0, len(names))
	for _, name := range names {
		targets = append(targets, Target{Name: name, Open: func(ctx context.Context) (sources.Source, string, func(), error) {
			src, provider, err := c.Source(ctx, name)
			return src, provider, nil, err
		}})
	}
	return targets
}

// ConfigOK prints the config's verdict, which comes before the sources':
// the file read and checked, then each warning about it (a secret written
// literally, a file others can read).
func ConfigOK(w io.Writer, path string, warnings []string) {
	fmt.Fprintf(w, "config %s: ok\n", model.Sanitize(path))
	for _, warning := range warnings {
		fmt.Fprintln(w, "warning:", model.Sanitize(warning))
	}
}
