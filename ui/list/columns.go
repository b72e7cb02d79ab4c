package list

import (
	"fmt"
	"strings"

	"github.com/trail-dev/trail/model"
)

// Column is one of the list's columns, as [ui] columns names them.
type Column int

// The columns, in the README's order.
const (
	ColTime Column = iota
	ColOutcome
	ColSource
	ColActor
	ColActorID
	ColAction
	ColTarget
	ColIP
	ColClient
	ColLocation
	ColSummary
	numColumns
)

// colSpec is a column's name in the config, its title and the widest a
// content-sized column grows.
type colSpec struct {
	name, title string
	limit       int
}

var colSpecs = [numColumns]colSpec{
	ColTime:     {"time", "TIME", 0},
	ColOutcome:  {"outcome", " ", 1},
	ColSource:   {"source", "SOURCE", 14},
	ColActor:    {"actor", "ACTOR", 28},
	ColActorID:  {"actor_id", "ACTOR ID", 24},
	ColAction:   {"action", "ACTION", 28},
	ColTarget:   {"target", "TARGET", 28},
	ColIP:       {"ip", "IP", 15},
	ColClient:   {"client", "CLIENT", 30},
	ColLocation: {"location", "LOCATION", 24},
	ColSummary:  {"summary", "SUMMARY", 0},
}

// defaultOrder is the layout without [ui] columns: the outcome leads the
// row, so the gaps between the columns of text are alike whether or not an
// event has one.
var defaultOrder = [...]Column{ColOutcome, ColTime, ColSource, ColActor, ColAction, ColIP, ColSummary}

// ColumnNames lists the names [ui] columns may use.
func ColumnNames() []string {
	out := make([]string, numColumns)
	for i, s := range colSpecs {
		out[i] = s.name
	}
	return out
}

// ParseColumns reads [ui] columns: known names, each once, at least one.
// The error names the bad column and the allowed ones.
func ParseColumns(names []string) ([]Column, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("no columns given; columns: %s", strings.Join(ColumnNames(), ", "))
	}
	var out []Column
	seen := map[Column]bool{}
	for _, n := range names {
		c := Column(-1)
		for i, s := range colSpecs {
			if s.name == strings.ToLower(strings.TrimSpace(n)) {
				c = Column(i)
			}
		}
		if c < 0 {
			return nil, fmt.Errorf("no column %q; columns: %s", n, strings.Join(ColumnNames(), ", "))
		}
		if seen[c] {
			return nil, fmt.Errorf("column %q is given twice", n)
		}
		seen[c] = true
		out = append(out, c)
	}
	return out, nil
}

// SetColumns chooses and orders the columns; nil is the default layout.
func (l *Model) SetColumns(cols []Column) {
	l.order = cols
	l.measuredOrder = nil
	for _, c := range cols {
		switch c {
		case ColTime, ColOutcome, ColSummary:
		default:
			l.measuredOrder = append(l.measuredOrder, c)
		}
	}
	l.contentW = [numColumns]int{}
	l.layoutColumns()
}

// value is what column c shows of e, for the content-sized columns.
func (c Column) value(e *model.Event) string {
	switch c {
	case ColSource:
		return e.Source
	case ColActor:
		return e.Actor
	case ColActorID:
		return e.ActorID
	case ColAction:
		return e.Action
	case ColTarget:
		return e.Target
	case ColIP:
		return e.IP
	case ColClient:
		return e.Client
	case ColLocation:
		return e.Location
	case ColSummary:
		return e.Summary
	}
	return ""
}
