package domo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/trail-dev/trail/model"
)

// Domo's entries carry no id, and the list, export and the walk's bookkeeping
// need one. An entry's id is the first 16 hex digits (64 bits) of the SHA-256
// of its canonical JSON: keys sorted, no spaces, numbers as written. The same
// entry gets the same id on every page, in every walk and whatever order or
// spacing Domo writes its keys in.
//
// Two entries can be identical: the same user viewing the same card twice in
// one second, in the documented time form that has whole seconds. The second
// and later copies on a page get "~2", "~3", ... after the hash. A walk
// fetches each page from the first entry at the previous page's last time, so
// the copies are counted from the first of them and keep their numbers.

// idLen is the number of hex digits of the hash an id keeps.
const idLen = 16

// assignIDs gives each event of evs, in Domo's order, its id.
func assignIDs(evs []model.Event) {
	copies := make(map[string]int, len(evs))
	for i := range evs {
		h := entryHash(evs[i].Raw)
		copies[h]++
		if n := copies[h]; n > 1 {
			h += "~" + strconv.Itoa(n)
		}
		evs[i].ID = h
	}
}

// entryHash hashes an entry's canonical JSON, or its bytes when it is not
// valid JSON.
func entryHash(raw json.RawMessage) string {
	sum := sha256.Sum256(canonical(raw))
	return hex.EncodeToString(sum[:idLen/2])
}

// canonical re-encodes a JSON value with sorted keys and no spaces, keeping
// numbers exactly as written.
func canonical(raw json.RawMessage) []byte {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return raw
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return raw
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
