package qualtrics

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/merge"
)

// AllTypes, as activity_type or as the query's action, reads every activity
// type Qualtrics lists, merged into one list by time. One walk of /logs sees
// one type (activityType is required), so without it a walk silently leaves
// out every type but one.
const AllTypes = "all"

// allPrefix starts the cursors of an all-types walk.
const allPrefix = "qa1."

// isAll reports whether an activity type asks for every type.
func isAll(typ string) bool { return strings.EqualFold(strings.TrimSpace(typ), AllTypes) }

// allCursor is where an all-types walk is: the types it covers and its
// window, both fixed when it starts, and the merge's own cursor.
type allCursor struct {
	Types []string  `json:"t"`
	Since time.Time `json:"s"`
	Until time.Time `json:"u"`
	Merge string    `json:"m"`
}

// allTypes holds the merged view of the types of the last all-types walk,
// so the merge's cache of part pages serves the walk's later pages.
type allTypes struct {
	mu  sync.Mutex
	key string
	m   *merge.Source
}

// typePart is one activity type of the brand as a source of its own.
type typePart struct {
	s   *Source
	typ string
}

func (p typePart) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	q.Action = p.typ
	return p.s.Fetch(ctx, q, cursor)
}

// fetchAll is Fetch for every activity type: a lazy merge (sources/merge)
// of one walk per type that /logs/activitytypes lists when the walk starts,
// newest first, each event's action its type. A type that fails fails the
// page, which can be fetched again: an export must not go on without it.
func (s *Source) fetchAll(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	var c allCursor
	if cursor == "" {
		types, err := s.listTypes(ctx)
		if err != nil {
			return sources.Page{}, err
		}
		if len(types) == 0 {
			return sources.Page{}, s.newError(sources.ErrMalformed, 0, "Qualtrics lists no activity types, so there is nothing to read for activity type \"all\"",
				`name one type instead, like activity_type = "logins"`)
		}
		start, end, ok := s.window(q)
		if !ok {
			s.covered.Store(&types)
			return sources.Page{Number: 1}, nil
		}
		c = allCursor{Types: types, Since: start, Until: end}
		if !q.Since.IsZero() {
			c.Since = q.Since
		}
		if !q.Until.IsZero() {
			c.Until = q.Until
		}
	} else {
		var err error
		if c, err = decodeAll(cursor); err != nil {
			return sources.Page{}, s.newError(sources.ErrBadCursor, 0, "this page cursor was not made by the Qualtrics source ("+err.Error()+")", "reload from the first page")
		}
	}
	pq := q
	pq.Since, pq.Until, pq.Action = c.Since, c.Until, AllTypes
	page, err := s.mergeOf(c.Types).Fetch(ctx, pq, c.Merge)

	if err != nil {
		return sources.Page{}, err
	}
	for _, p := range page.Parts {
		if p.Err != nil {
			return sources.Page{}, fmt.Errorf("qualtrics: activity type %s: %w", p.Name, p.Err)
		}
	}
	for i := range page.Events {
		page.Events[i].Source, page.Events[i].Provider = "", ""
	}
	page.Parts, page.Notice = nil, ""
	if page.Next != "" {
		c.Merge = page.Next
		page.Next = c.encode()
	}
	s.covered.Store(&c.Types)
	return page, nil
}

// mergeOf returns the merged view of types, reusing the last one while the
// types are the same.
func (s *Source) mergeOf(types []string) *merge.Source {
	key := strings.Join(types, "\x00")
	s.all.mu.Lock()
	defer s.all.mu.Unlock()
	if s.all.m == nil || s.all.key != key {
		parts := make([]merge.Named, len(types))
		for i, t := range types {
			parts[i] = merge.Named{Name: t, Provider: "qualtrics", Source: typePart{s, t}}
		}
		s.all.key, s.all.m = key, merge.New(parts, merge.Options{PageSize: s.pageSize})
	}
	return s.all.m
}

// listTypes reads the activity types Qualtrics lists, without "all".
func (s *Source) listTypes(ctx context.Context) ([]string, error) {
	if _, err := s.ListActions(ctx); err != nil {
		return nil, err
	}
	var out []string
	for _, t := range s.types.names() {
		if !isAll(t) {
			out = append(out, t)
		}
	}
	return out, nil
}

func (c allCursor) encode() string {
	s, _ := sources.EncodeCursor(allPrefix, c) // strings and times cannot fail
	return s
}

// decodeAll reads an all-types cursor and refuses anything else.
func decodeAll(s string) (allCursor, error) {
	var c allCursor
	if err := sources.DecodeCursor(s, allPrefix, maxCursor, &c); err != nil {
		return c, err
	}
	if len(c.Types) == 0 || c.Merge == "" || !c.Since.Before(c.Until) {
		return c, errors.New("not a walk")
	}
	return c, nil
}

// Explain implements sources.Explainer: which activity types the last walk
// covered, so an export without --action says what it holds and what it
// left out.
func (s *Source) Explain() string {
	p := s.covered.Load()
	if p == nil {
		if isAll(s.activity) {
			return "reads every activity type Qualtrics lists (activity_type = \"all\")"
		}
		return fmt.Sprintf("reads activity type %s only (activity_type); activity_type = \"all\" reads every type", s.activity)
	}
	types := *p
	if len(types) == 1 {
		return fmt.Sprintf("covered activity type %s only; --action TYPE or activity_type = \"all\" reads the others", types[0])
	}
	return fmt.Sprintf("covered all %d activity types Qualtrics lists: %s", len(types), strings.Join(types, ", "))
}
