package config

import (
	"slices"
	"strings"
)

// CheckWith checks what only the rest of trail knows, so a typo anywhere in
// the file is reported, at its line, before anything opens: every source's
// provider is one of providers and its table decodes into the options
// struct options returns for that provider (unknown keys, wrong types), and
// every [keys] name is one of the explorer's actions. config imports
// neither the providers nor the UI: main passes these lists in.
func (f *File) CheckWith(providers []string, options func(provider string) any, actions []string) error {
	names := make([]string, 0, len(f.Keys))
	for name := range f.Keys {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !slices.Contains(actions, name) {
			return f.KeyError(name, "[keys] has no action %q; actions: %s", name, strings.Join(actions, ", "))
		}
	}
	for _, name := range f.Names() {
		entry, _ := f.Source(name)
		if !slices.Contains(providers, entry.Provider) {
			return f.errorf(entry.Line, "[sources.%s] has unknown provider %q; this trail knows: %s",
				name, entry.Provider, strings.Join(providers, ", "))
		}
		if err := f.Decode(name, options(entry.Provider)); err != nil {
			return err
		}
	}
	return nil
}
