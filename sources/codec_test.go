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

// TestReadEntries: every entry of the list is read, in order, with its own
// bytes, which stay as they were when the body they came from is reused.
func TestReadEntries(t *testing.T) {
	body := []byte(`[{"id": 1}, {"id": 2}, {"id": 3}]`)
	d := jsondoc.Get()
	defer jsondoc.Put(d)
	if !d.Parse(body) {
		t.Fatal("the list did not parse")
	}
	entryOf := func(d *jsondoc.Doc, v jsondoc.Value, raw json.RawMessage) model.Event {
		return model.Event{ID: string(d.Raw(v)), Raw: raw}
	}
	events := ReadEntries(d, d.List(d.Root()), entryOf)
	for i := range body {
		body[i] = 'x'
	}
	var got []string
	for _, e := range events {
		if e.ID != string(e.Raw) {
			t.Errorf("entry %s read with the bytes %s", e.ID, e.Raw)
		}
		got = append(got, string(e.Raw))
	}
	if want := []string{`{"id": 1}`, `{"id": 2}`, `{"id": 3}`}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("ReadEntries = %q, want %q", got, want)
	}
}
