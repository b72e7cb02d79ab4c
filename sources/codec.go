package sources

import (
	"encoding/json"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
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
	// EntryOf, if set, is Entry for an entry already parsed: the object v
	// of d, whose bytes are raw. The file source parses an entry to find
	// its codec, and this saves parsing it twice.
	EntryOf func(d *jsondoc.Doc, v jsondoc.Value, raw json.RawMessage) model.Event
	// Page returns the entries of one saved API response, and false when the
	// body is not a page of this provider.
	Page func(body []byte) ([]json.RawMessage, bool)
	// Detect reports whether a single entry (a JSON object) looks like one
	// of this provider's, by its keys: has says whether the entry has a
	// member of that name.
	Detect func(has func(name string) bool) bool
	// Keys are names Detect needs: it is false for an entry that lacks any
	// of them. The file source rules a codec out by them without decoding
	// (an entry without the bytes "actionType" has no member actionType).
	Keys []string
	// Made lists every piece of text Entry writes into an event's text
	// fields (ID, Action, Actor, ActorID, Target, Summary, IP, Client,
	// Location) that is not copied byte for byte from a string or number of
	// the entry, for an entry of printable ASCII without a backslash: the
	// words of a summary it composes, a problem note's, an error's. A piece
	// starting with ^ only ever starts a field, one ending with $ only
	// ends one; MadeNumber stands for a number Entry formats itself,
	// MadeHex for hexadecimal digits it computes (a hashed id), MadeClock
	// for a time it formats (see ProblemWords for a problem note's words).
	// With it, a whole-file text filter skips an entry whose bytes lack the
	// text without decoding it (see file.Source); nil means not known, and
	// every entry this codec may read is decoded.
	Made []string
}

// ReadEntry is a provider's Codec.Entry made of its EntryOf: raw is parsed
// on a Doc from the pool and read by entryOf. An entry that is null or not
// JSON is kept with its raw bytes, and its Summary says what was wrong
// (model.Unreadable).
func ReadEntry(raw json.RawMessage, entryOf func(d *jsondoc.Doc, v jsondoc.Value, raw json.RawMessage) model.Event) model.Event {
	d := jsondoc.Get()
	defer jsondoc.Put(d)
	if model.IsJSONNull(raw) || !d.Parse(raw) {
		return model.Unreadable(raw, "entry")
	}
	return entryOf(d, d.Root(), raw)
}

// ReadEntries reads the entries vs, elements of d, with entryOf, the
// reader of one page, in order. Each gets its own copy of its raw bytes:
// the events outlive the body d was parsed from.
func ReadEntries(d *jsondoc.Doc, vs []jsondoc.Value, entryOf func(d *jsondoc.Doc, v jsondoc.Value, raw json.RawMessage) model.Event) []model.Event {
	raws := d.Clone(vs)
	events := make([]model.Event, len(vs))
	for i, v := range vs {
		events[i] = entryOf(d, v, raws[i])
	}
	return events
}

// MadeNumber, in Codec.Made, says Entry may write a number it formatted
// (a float in an error: "time 9.3e+18 is out of range").
const MadeNumber = "\x00number"
