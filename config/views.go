package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Selection is what a command line asks trail to open: one source, or
// several merged into one list by time.
type Selection struct {
	// Name is what to call it on the screen and in exports: the source's
	// name, the view's, or the names given joined with "+" ("prod+eu").
	Name string
	// Sources are the sources to open, in order; more than one is a merged
	// view, and the order breaks ties between events of the same time.
	Sources []string
	// View is true when Name is a [views] entry.
	View bool
}

// Merged reports whether the selection opens several sources as one.
func (s Selection) Merged() bool { return len(s.Sources) > 1 }

// ViewNames returns the [views] names in the order the file lists them.
func (f *File) ViewNames() []string { return slices.Clone(f.viewNames) }

// View returns the sources the view called name merges.
func (f *File) View(name string) ([]string, bool) {
	v, ok := f.Views[name]
	return slices.Clone(v), ok
}

// SelectMany returns what `trail [NAME...]` should open. No name means the
// config's default (a source or a view, see DefaultSource); one name is a
// source or a view; several are sources or views merged into one list, each
// source once, in the order given. An unknown name is an error that
// suggests the nearest configured one.
func (f *File) SelectMany(args []string) (Selection, error) {
	if len(args) == 0 {
		def, err := f.DefaultSource()
		if err != nil {
			return Selection{}, err
		}
		args = []string{def}
	}
	if v, ok := f.Views[args[0]]; ok && len(args) == 1 {
		return Selection{Name: args[0], Sources: slices.Clone(v), View: true}, nil
	}
	var names, given []string
	for _, a := range args {
		switch {
		case f.Views[a] != nil:
			for _, s := range f.Views[a] {
				if !slices.Contains(names, s) {
					names = append(names, s)
				}
			}
		case f.sources[a] != nil:
			if !slices.Contains(names, a) {
				names = append(names, a)
			}
		default:
			return Selection{}, f.unknownSource(a)
		}
		if !slices.Contains(given, a) {
			given = append(given, a)
		}
	}
	if len(names) == 1 {
		return Selection{Name: names[0], Sources: names}, nil
	}
	return Selection{Name: strings.Join(given, "+"), Sources: names}, nil
}

// checkEntryName checks the name of a [views] or [queries] entry (kind
// "view" or "query", at path): one that can be typed as trail NAME and is
// no source's, so that a name on the command line means one thing.
func (f *File) checkEntryName(kind string, path []string, name string) error {
	if err := checkName(kind, name); err != nil {
		return f.errAt(path, "%v", err)
	}
	if src, ok := f.sources[name]; ok {
		return f.errAt(path, "%s %q has the name of the source on line %d, so trail %s would not know which is meant; rename the %s",
			kind, name, src.entry.Line, name, kind)
	}
	return nil
}

// loadViews checks [views]: each entry a list of two or more configured
// sources, under a name that can be typed as `trail NAME` and is not a
// source's. It runs after the sources are loaded.
func (f *File) loadViews(p toml.Primitive) error {
	return f.eachKey(p, "views", func(name string, path []string, val toml.Primitive) error {
		if err := f.checkEntryName("view", path, name); err != nil {
			return err
		}
		example := fmt.Sprintf(`%s = ["%s", "%s"]`, quoteKey(name), f.exampleSource(0), f.exampleSource(1))
		var members []string
		if t := f.md.Type(path...); t != "Array" {
			return f.errAt(path, "view %q must be a list of source names, like %s, not %s", name, example, tomlTypeName(t))
		}
		if err := f.md.PrimitiveDecode(val, &members); err != nil {
			return f.errAt(path, "view %q must be a list of source names as strings, like %s", name, example)
		}
		if len(members) < 2 {
			what := "is empty"
			if len(members) == 1 {
				what = fmt.Sprintf("lists only %q", members[0])
			}
			return f.errAt(path, "view %q %s; a view merges two or more sources, like %s", name, what, example)
		}
		for i, m := range members {
			if f.md.IsDefined("views", m) && f.sources[m] == nil {
				return f.errAt(path, "view %q names the view %q; a view lists sources, not other views", name, m)
			}
			if f.sources[m] == nil {
				return f.errAt(path, "view %q names no source %q%s; sources: %s", name, m, didYouMean(m, f.names), strings.Join(f.names, ", "))
			}
			if slices.Contains(members[:i], m) {
				return f.errAt(path, "view %q names the source %q twice", name, m)
			}
		}
		f.viewNames = append(f.viewNames, name)
		f.Views[name] = members
		return nil
	})
}

// exampleSource is the i-th source's name for an example, or a placeholder.
func (f *File) exampleSource(i int) string {
	if i < len(f.names) {
		return f.names[i]
	}
	return fmt.Sprintf("source%d", i+1)
}

// SourcesFor returns the sources a command that goes over sources one by
// one (trail check) should visit: every configured source when args is
// empty, else those args select, a view standing for its sources.
func (f *File) SourcesFor(args []string) ([]string, error) {
	if len(args) == 0 {
		return f.Names(), nil
	}
	sel, err := f.SelectMany(args)
	return sel.Sources, err
}
