package sources

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
)

// TestReadEntry: an entry that parses goes to entryOf as the root of its
// document, with its bytes; one that is null or not JSON comes back with
// its bytes and a summary saying why, without entryOf.
func TestReadEntry(t *testing.T) {
	called := 0
	entryOf := func(d *jsondoc.Doc, v jsondoc.Value, raw json.RawMessage) model.Event {
		called++
		return model.Event{ID: string(d.Raw(v)), Raw: raw}
	}
	raw := json.RawMessage(` {"id": 7} `)
	if e := ReadEntry(raw, entryOf); called != 1 || e.ID != `{"id": 7}` || string(e.Raw) != string(raw) {
		t.Errorf("ReadEntry of an object = %+v after %d calls", e, called)
	}
	for raw, says := range map[string]string{"null": "it is empty (null)", `{"id": `: "could not read this entry"} {
		e := ReadEntry(json.RawMessage(raw), entryOf)
		if called != 1 || string(e.Raw) != raw || !strings.Contains(e.Summary, says) {
			t.Errorf("ReadEntry(%s) = %+v after %d calls; want its bytes and a summary saying %q", raw, e, called, says)
		}
	}
}
