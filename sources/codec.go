package sources

import (
	"encoding/json"

	"github.com/trail-dev/trail/model"
)

// Codec reads a provider's entries outside its API: from trail's own export,
// a JSON array, or a saved API response. The file source uses one per
// provider so that an event read back from a file looks exactly as it did
// when it came from the provider.
type Codec struct {
	// Provider is the provider's name, as in Record.Provider.
	Provider string
	// Entry maps one entry, as the provider sent it, to an event. It never
	// drops an entry: one it cannot read comes back with its raw bytes and a
	// summary saying why.
	Entry func(raw json.RawMessage) model.Event
	// Page returns the entries of one saved API response, and false when the
	// body is not a page of this provider.
	Page func(body []byte) ([]json.RawMessage, bool)
	// Detect reports whether a single entry (a JSON object) looks like one
	// of this provider's, by its keys: has says whether the entry has a
	// member of that name.
	Detect func(has func(name string) bool) bool
}
