package sources

import (
	"context"

	"github.com/trail-dev/trail/model"
)

// From is a source read from one of its cursors, for the explorer's view
// opened at a match a Finder found: its first page ("") is src's page at
// the cursor, and every other cursor is src's own, passed through, so the
// pages before and after the match come as src pages them, both ways.
// That works for a source whose cursors other than its first page's are
// never "" (a page with no page after or before it says so with ""), as
// a Finder's are.
type From struct {
	src    Source
	cursor string
}

// NewFrom returns src read from cursor.
func NewFrom(src Source, cursor string) *From { return &From{src: src, cursor: cursor} }

// Unwrap is the source From reads.
func (f *From) Unwrap() Source { return f.src }

// Fetch is src's Fetch, "" being the cursor From starts at. Total is not
// passed on: the view's pages are not numbered from src's first.
func (f *From) Fetch(ctx context.Context, q model.Query, cursor string) (Page, error) {
	if cursor == "" {
		cursor = f.cursor
	}
	p, err := f.src.Fetch(ctx, q, cursor)
	p.Total = 0
	return p, err
}
