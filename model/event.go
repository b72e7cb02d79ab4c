// Package model holds what every part of trail agrees on: the normalized audit
// event that one list shows for all providers, the query a user narrows it
// with, and the parsing of the many time formats providers send.
//
// It imports nothing but the standard library so that sources, config, the UI
// and export can all depend on it without depending on each other.
package model

import (
	"encoding/json"
	"fmt"
	"time"
)

// Event is one audit-trail entry mapped onto the fields an analyst asks about:
// who (Actor) did what (Action) to which object (Target), when, from where
// (IP, Client, Location) and whether it worked (Outcome).
//
// Every field but Raw may be empty: providers leave fields out, and an entry
// that cannot be decoded is still kept, with its raw bytes, rather than dropped.
type Event struct {
	ID       string    // provider id, or a stable hash where the provider has none
	Time     time.Time // zero when the entry has no parsable time
	Action   string    // provider's action or activity type, unknown values kept
	Actor    string    // user name, e-mail or key name
	ActorID  string    // the provider's id for the actor, where it differs from Actor
	Target   string    // the object acted on
	Summary  string    // the provider's human-readable description
	IP       string    // client IP address
	Client   string    // user agent or platform
	Location string    // geolocation, where the provider gives one
	Outcome  Outcome
	// Changes lists before → after values the provider reports for the event.
	Changes []Change
	// Raw is the entry exactly as the provider sent it, byte for byte.
	Raw json.RawMessage
	// Source and Provider name where the event came from ("prod", "canary")
	// in a view that merges several sources; empty otherwise.
	Source, Provider string
	// Clipped, when set, says the entry was longer than trail keeps of one:
	// Raw holds only its start, and Clipped says where the whole entry is.
	Clipped *ClipInfo
}

// ClipInfo is where the whole of a clipped entry is.
type ClipInfo struct {
	Size   int64  // the whole entry's length in bytes
	File   string // the file that holds it
	Line   int64  // its line in File; 0 = not a JSON-lines file
	Offset int64  // its byte offset in File; -1 = not known
	Entry  int    // its index (from 1) in a saved response; 0 = not one
}

// String says so in a line for the detail pane: "entry clipped: 3145728
// bytes, whole entry at line 3 of /x/audit.jsonl".
func (c ClipInfo) String() string {
	return fmt.Sprintf("entry clipped: %d bytes, whole entry at %s", c.Size, c.Where())
}

// Where says where the whole entry is: "line 3 of /x/audit.jsonl".
func (c ClipInfo) Where() string {
	switch {
	case c.Line > 0:
		return fmt.Sprintf("line %d of %s", c.Line, c.File)
	case c.Entry > 0:
		return fmt.Sprintf("entry %d of %s", c.Entry, c.File)
	case c.Offset >= 0:
		return fmt.Sprintf("byte %d of %s", c.Offset, c.File)
	}
	return c.File
}

// Change is one field an event changed, as the provider reported it. Values are
// kept as the provider's JSON text so nothing is lost in conversion.
type Change struct {
	Field  string
	Before string
	After  string
}

// Outcome says whether the audited action succeeded, where the provider says so.
type Outcome int

// Outcomes. The zero value is OutcomeUnknown because most audit entries do not
// carry one.
const (
	OutcomeUnknown Outcome = iota
	OutcomeSuccess
	OutcomeFailure
)

// String returns the word shown in the list's outcome column and in exports.
func (o Outcome) String() string {
	switch o {
	case OutcomeSuccess:
		return "success"
	case OutcomeFailure:
		return "failure"
	default:
		return ""
	}
}

// OutcomeFromAction infers an outcome from action names of the form
// "*_failure", "*_failed" or "*_success", which several providers use for
// logins and other attempts. Anything else is unknown.
func OutcomeFromAction(action string) Outcome {
	switch {
	case hasSuffixFold(action, "_failure"), hasSuffixFold(action, "_failed"):
		return OutcomeFailure
	case hasSuffixFold(action, "_success"):
		return OutcomeSuccess
	default:
		return OutcomeUnknown
	}
}

func hasSuffixFold(s, suffix string) bool {
	if len(s) < len(suffix) {
		return false
	}
	return equalFoldASCII(s[len(s)-len(suffix):], suffix)
}
