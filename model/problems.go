package model

import "strings"

// Problems lists what a decoder could not read of an entry, field by field
// ("user is an object, not text"), for the entry's summary: an entry is kept
// whatever its fields hold, and says what was wrong with it.
type Problems []string

// Add notes err, if there is one, after the field's name.
func (p *Problems) Add(field string, err error) {
	if err != nil {
		*p = append(*p, field+" "+err.Error())
	}
}

// Summary is summary led by the problems, if there are any: "could not read
// all of this entry (user is an object, not text): summary". what names the
// thing read, as the provider calls it ("entry", "event").
func (p Problems) Summary(what, summary string) string {
	if len(p) == 0 {
		return summary
	}
	note := "could not read all of this " + what + " (" + strings.Join(p, "; ") + ")"
	if summary != "" {
		note += ": " + summary
	}
	return note
}
