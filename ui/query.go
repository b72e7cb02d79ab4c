package ui

import (
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/filter"
)

// SavedQuery is a query the config saves under a name ([queries]), offered
// in the filter pane by ctrl+o.
type SavedQuery = filter.Saved

// sourceQuery is the query as the source is asked it. A single source
// answers source: for itself, by its name or its provider, as a merged view
// answers it for each of its parts.
func (m *Model) sourceQuery() model.Query {
	if m.opts.Provider == "merged" || m.opts.SourceName == "" {
		return m.query
	}
	q, _ := m.query.ForSource(m.opts.SourceName, m.opts.Provider)
	return q
}
