package merge

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// A merged cursor says, for each part, where the merge stands in it: the
// part's cursor for the page it is in, how many of that page's events were
// delivered and the last of them (so a page fetched again that has shifted
// is still resumed at the right event), how many events it has delivered in
// all, and whether it is done or failed (with the error's text and kind).
//
// It is written "m1." + base64url(JSON) + "." + a checksum over the JSON,
// the parts' names and providers, and the query. A cursor that does not
// decode, was changed, or was issued by another view or for another query
// is refused with sources.ErrBadCursor.
const cursorPrefix = "m1."

// maxCursor bounds what decode reads; real cursors are far shorter.
const maxCursor = 1 << 20

// maxErrText bounds a failed part's error text kept in a cursor.
const maxErrText = 400

// state is what a cursor holds.
type state struct {
	Pages int       `json:"pg"` // pages returned before the one this cursor fetches
	Parts []partPos `json:"p"`
}

// partState is where a part stands: active, done or failed.
type partState string

const (
	stateActive partState = ""
	stateDone   partState = "d"
	stateFailed partState = "f"
)

// partPos is one part's position.
type partPos struct {
	State  partState `json:"st,omitempty"`
	Cursor string    `json:"c,omitempty"` // the part's cursor of the page it is in
	Skip   int       `json:"s,omitempty"` // events of that page already delivered
	Anchor string    `json:"a,omitempty"` // id of the last of them
	Events int       `json:"n,omitempty"` // events of the part delivered so far
	Err    string    `json:"e,omitempty"` // a failed part's error, as text
	Kind   string    `json:"k,omitempty"` // and its sentinel, by name
}

// err rebuilds a failed part's error from the cursor, keeping its sentinel
// so errors.Is still tells an expired token from an outage.
func (p partPos) err() error {
	return &sources.Error{Kind: sentinel(p.Kind), Message: p.Err}
}

// kind is a sentinel error and its name in a cursor.
type kind struct {
	name string
	err  error
}

// kinds are the sentinels a failed part's error is kept with, in the order
// kindOf tries them.
func kinds() []kind {
	return []kind{
		{"unauthorized", sources.ErrUnauthorized},
		{"forbidden", sources.ErrForbidden},
		{"rate_limited", sources.ErrRateLimited},
		{"bad_cursor", sources.ErrBadCursor},
		{"bad_query", sources.ErrBadQuery},
		{"unavailable", sources.ErrUnavailable},
		{"too_large", sources.ErrTooLarge}, // before malformed, which it wraps
		{"wait_too_long", sources.ErrWaitTooLong},
		{"malformed", sources.ErrMalformed},
	}
}

// kindOf names err's sentinel, or "" if it has none.
func kindOf(err error) string {
	for _, k := range kinds() {
		if errors.Is(err, k.err) {
			return k.name
		}
	}
	return ""
}

// sentinel is the sentinel called name, or nil.
func sentinel(name string) error {
	for _, k := range kinds() {
		if k.name == name {
			return k.err
		}
	}
	return nil
}

// encode writes st as a cursor for q (by its key).
func (s *Source) encode(qkey string, st state) string {
	payload, err := json.Marshal(st)
	if err != nil { // not reachable: st holds strings and ints
		panic("merge: encoding a cursor: " + err.Error())
	}
	return cursorPrefix + base64.RawURLEncoding.EncodeToString(payload) + "." + s.checksum(qkey, payload)
}

// decode reads a cursor issued by encode for the same parts and query; ""
// is the start of every part.
func (s *Source) decode(qkey, cursor string) (state, error) {
	if cursor == "" {
		return state{Parts: make([]partPos, len(s.parts))}, nil
	}
	body, ok := strings.CutPrefix(cursor, cursorPrefix)
	if !ok || len(cursor) > maxCursor {
		return state{}, badCursor("it is not a merged view's cursor")
	}
	enc, sum, ok := strings.Cut(body, ".")
	payload, err := base64.RawURLEncoding.DecodeString(enc)
	if !ok || err != nil {
		return state{}, badCursor("it does not decode")
	}
	if sum != s.checksum(qkey, payload) {
		return state{}, badCursor("it was changed, or issued by another view or for another query")
	}
	var st state
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return state{}, badCursor("it does not decode")
	}
	if err := s.check(st); err != nil {
		return state{}, badCursor(err.Error())
	}
	return st, nil
}

// check makes sure st is a state encode could have written.
func (s *Source) check(st state) error {
	if len(st.Parts) != len(s.parts) {
		return fmt.Errorf("it has %d parts, the view %d", len(st.Parts), len(s.parts))
	}
	if st.Pages < 1 {
		return errors.New("it has no page number")
	}
	active := false
	for i, p := range st.Parts {
		ok := p.Skip >= 0 && p.Events >= 0
		switch p.State {
		case stateActive:
			active = true
			ok = ok && p.Err == "" && p.Kind == ""
		case stateDone:
			ok = ok && p.Cursor == "" && p.Skip == 0 && p.Anchor == "" && p.Err == "" && p.Kind == ""
		case stateFailed:
			ok = ok && p.Err != "" && (p.Kind == "" || sentinel(p.Kind) != nil)
		default:
			ok = false
		}
		if !ok {
			return fmt.Errorf("its position in part %d is impossible", i+1)
		}
	}
	if !active {
		return errors.New("it has no part left to read")
	}
	return nil
}

// checksum ties a cursor's payload to this view's parts and to the query.
func (s *Source) checksum(qkey string, payload []byte) string {
	h := fnv.New64a()
	for _, p := range s.parts {
		fmt.Fprintf(h, "%q %q\x00", p.Name, p.Provider)
	}
	h.Write([]byte(qkey))
	h.Write([]byte{0})
	h.Write(payload)
	return fmt.Sprintf("%016x", h.Sum64())
}

// queryKey is q as a string: equal queries, equal keys.
func queryKey(q model.Query) string {
	t := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	terms := make([]string, len(q.Terms))
	for i, term := range q.Terms {
		terms[i] = term.String() // trimmed by the parts, so a cached page is only for its own terms
	}
	return fmt.Sprintf("%q %t %q", []string{t(q.Since), t(q.Until), q.Actor, q.Action, q.Text, q.IP, q.Target}, q.ActorExact, terms)
}

// badCursor is the error for a cursor decode refuses.
func badCursor(why string) error {
	return &sources.Error{Kind: sources.ErrBadCursor, Provider: "merged view", Message: "the cursor is not one this view issued: " + why}
}
