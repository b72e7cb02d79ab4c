package config

import (
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Columns lists the names [ui] columns may use, in the README's order. The
// explorer draws them (ui/list); main checks the two lists agree.
var Columns = []string{"time", "outcome", "source", "actor", "actor_id", "action", "target", "ip", "client", "location", "summary"}

// columns reads [ui] columns: a list of column names, each known and given
// once. The error names the bad column and the allowed ones.
func (f *File) columns(p toml.Primitive, path []string) ([]string, error) {
	allowed := strings.Join(Columns, ", ")
	if t := f.md.Type(path...); t != "Array" {
		return nil, f.errAt(path, `columns must be a list of column names, like ["time", "actor", "summary"], not %s; columns: %s`, tomlTypeName(t), allowed)
	}
	var cols []string
	if err := f.md.PrimitiveDecode(p, &cols); err != nil {
		return nil, f.errAt(path, `columns must be a list of column names as strings, like ["time", "actor", "summary"]; columns: %s`, allowed)
	}
	if len(cols) == 0 {
		return nil, f.errAt(path, "columns is empty; remove the line for the default, or name some of: %s", allowed)
	}
	for i, c := range cols {
		if !slices.Contains(Columns, c) {
			return nil, f.errAt(path, "columns: no column %q%s; columns: %s", c, didYouMean(c, Columns), allowed)
		}
		if slices.Contains(cols[:i], c) {
			return nil, f.errAt(path, "columns: %q is given twice", c)
		}
	}
	return cols, nil
}
