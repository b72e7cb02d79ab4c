package merge

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// TestCursorStates feeds decode cursors with a valid checksum whose states
// encode could never have written.
func TestCursorStates(t *testing.T) {
	m := sourcetest.NewMemory(nil, 1)
	src := New([]Named{{Name: "a", Source: m}, {Name: "b", Source: m}}, Options{})
	qkey := queryKey(model.Query{})
	ok := partPos{Cursor: "mem:3", Skip: 1, Anchor: "x", Events: 4}
	tests := []struct {
		name string
		st   state
		good bool
	}{
		{"a good one", state{Pages: 2, Parts: []partPos{ok, {State: stateDone, Events: 3}}}, true},
		{"failed with its error", state{Pages: 1, Parts: []partPos{ok, {State: stateFailed, Err: "refused", Kind: "unauthorized"}}}, true},
		{"too few parts", state{Pages: 1, Parts: []partPos{ok}}, false},
		{"no page number", state{Parts: []partPos{ok, ok}}, false},
		{"negative skip", state{Pages: 1, Parts: []partPos{ok, {Skip: -1}}}, false},
		{"negative count", state{Pages: 1, Parts: []partPos{ok, {Events: -1}}}, false},
		{"done with a position", state{Pages: 1, Parts: []partPos{ok, {State: stateDone, Cursor: "mem:1"}}}, false},
		{"active with an error", state{Pages: 1, Parts: []partPos{ok, {Err: "x"}}}, false},
		{"failed without one", state{Pages: 1, Parts: []partPos{ok, {State: stateFailed}}}, false},
		{"an unknown kind", state{Pages: 1, Parts: []partPos{ok, {State: stateFailed, Err: "x", Kind: "weird"}}}, false},
		{"an unknown state", state{Pages: 1, Parts: []partPos{ok, {State: "z"}}}, false},
		{"nothing left to read", state{Pages: 1, Parts: []partPos{{State: stateDone}, {State: stateFailed, Err: "x"}}}, false},
	}
	for _, tt := range tests {
		cursor := src.encode(qkey, tt.st)
		got, err := src.decode(qkey, cursor)
		switch {
		case tt.good && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case !tt.good && !errors.Is(err, sources.ErrBadCursor):
			t.Errorf("%s: decode = %+v, %v; want ErrBadCursor", tt.name, got, err)
		}
	}
	// An unknown field is refused too.
	payload, _ := json.Marshal(map[string]any{"pg": 1, "p": []any{map[string]any{}, map[string]any{}}, "x": 1})
	cursor := cursorPrefix + base64.RawURLEncoding.EncodeToString(payload) + "." + src.checksum(qkey, payload)
	if _, err := src.decode(qkey, cursor); !errors.Is(err, sources.ErrBadCursor) {
		t.Errorf("unknown field: %v", err)
	}
	// A failed part's error keeps its sentinel across cursors.
	st, _ := src.decode(qkey, src.encode(qkey, state{Pages: 1, Parts: []partPos{ok, {State: stateFailed, Err: "refused", Kind: "unauthorized"}}}))
	if err := st.Parts[1].err(); !errors.Is(err, sources.ErrUnauthorized) || err.Error() != "refused" {
		t.Errorf("restored error %v", err)
	}
}
