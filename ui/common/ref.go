package common

import (
	"time"

	"github.com/trail-dev/trail/model"
)

// EventRef names one event so it can be found again in a fresh fetch.
type EventRef struct {
	source, id string
	at         time.Time
	raw        string // only for an event without an id
}

// RefOf names e.
func RefOf(e *model.Event) EventRef {
	r := EventRef{source: e.Source, id: e.ID, at: e.Time}
	if e.ID == "" {
		r.raw = string(e.Raw)
	}
	return r
}

// Is reports whether e is the event r names.
func (r EventRef) Is(e *model.Event) bool {
	if e.ID != r.id || e.Source != r.source || !e.Time.Equal(r.at) {
		return false
	}
	return r.id != "" || string(e.Raw) == r.raw
}

// ActorKey is what a pivot on e's actor filters by: the provider's id for
// the actor where the event has one (it names one actor where a name may
// not, and it is what Domo and Qualtrics filter on), else the name.
func ActorKey(e *model.Event) string {
	if e.ActorID != "" {
		return e.ActorID
	}
	return e.Actor
}
