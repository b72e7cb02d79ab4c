package config

import (
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// QueryNames returns the [queries] names in the order the file lists them.
func (f *File) QueryNames() []string { return slices.Clone(f.queryNames) }

// QueryError is an error about the [queries] entry name, at its line: main
// reads each saved query with the query language, which config does not
// know.
func (f *File) QueryError(name, format string, args ...any) error {
	return f.errAt([]string{"queries", name}, format, args...)
}

// loadQueries checks [queries]: name = "a query line", each name one that
// can be typed as trail NAME and is no source's or view's, so that a name
// on the command line means one thing. It runs after sources and views.
func (f *File) loadQueries(p toml.Primitive) error {
	return f.eachKey(p, "queries", func(name string, path []string, val toml.Primitive) error {
		if err := f.checkEntryName("query", path, name); err != nil {
			return err
		}
		if _, ok := f.Views[name]; ok {
			return f.errAt(path, "query %q has the name of a view, so trail %s would not know which is meant; rename the query", name, name)
		}
		if t := f.md.Type(path...); t != "String" {
			return f.errAt(path, `query %q must be a query line as a string, like %s = "outcome:failure since:7d", not %s`, name, quoteKey(name), tomlTypeName(t))
		}
		var line string
		if err := f.md.PrimitiveDecode(val, &line); err != nil {
			return f.errAt(path, "query %q must be a string", name)
		}
		if strings.TrimSpace(line) == "" {
			return f.errAt(path, "query %q is empty", name)
		}
		f.queryNames = append(f.queryNames, name)
		f.Queries[name] = line
		return nil
	})
}
