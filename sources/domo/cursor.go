package domo

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/trail-dev/trail/model"
)

// cursorPrefix starts every cursor this package makes, with its version.
const cursorPrefix = "domo1."

// maxEdge is how many ids of the entries at the last page's last time a cursor
// carries. More entries than this within one timestamp at a page boundary is
// not a log people page through by hand; past it, a moved boundary may show
// some of them twice (Lost).
const maxEdge = 200

// order is the order Domo returns entries in, as learnt from the pages: the
// documentation does not say.
type order uint8

const (
	orderUnknown order = iota // every entry so far had the same time
	orderDesc                 // newest first
	orderAsc                  // oldest first
	orderNone                 // neither: boundaries are trusted as they come
)

// walk is where a walk through one window stands between two pages. It is
// what the opaque cursor holds.
//
// Offsets alone would show an entry twice whenever entries arrive above the
// boundary between two pages while the user reads (with the window fixed at
// the walk's start that takes a late entry or a clock ahead of Domo's, but
// both happen), and would skip one when an entry above is deleted. So once
// the pages show Domo's order, each page narrows the window to what lies
// beyond the last entry shown, give or take a second (Domo's documented time
// form has whole seconds, and whether the bounds are inclusive is not
// documented), and asks again from offset 0. Entries arriving above the
// boundary then fall outside the window and shift nothing. The few entries
// the narrowed window still holds from before are asked for again (Skip) and
// dropped: newest first, those newer than Edge, and those at Edge whose ids
// are in Seen. Fetching the entries at Edge again from the first of them also
// numbers identical twins among them the same way every time (ids.go).
//
// Where that cannot work (no order shown yet, no order at all, more entries
// within a second than a page can hold again), the walk falls back on
// offsets within the window and drops only what Seen names.
type walk struct {
	Start int64    `json:"s"`           // window start, epoch ms, as sent
	End   int64    `json:"e"`           // window end, epoch ms, as sent
	User  string   `json:"u,omitempty"` // the user parameter, if any
	Page  int      `json:"p"`           // number of the page this cursor fetches
	Skip  int64    `json:"k,omitempty"` // entries at the window's head the walk has passed
	Order order    `json:"d,omitempty"` // what the pages so far showed
	Edge  int64    `json:"t,omitempty"` // time of the last entry seen, Unix ns; 0 = none
	Seen  []string `json:"i,omitempty"` // ids of the entries at Edge, in order, the last maxEdge of them
	Lost  bool     `json:"x,omitempty"` // more entries at Edge than Seen holds
	Query string   `json:"q"`           // fingerprint of the query the walk is for
}

// request returns the offset and limit of the walk's next request: the
// passed entries again and a page beyond them, or, in the fallback, a page
// from the first entry not passed.
func (w *walk) request(pageSize int) (offset, limit int64) {
	if w.Order == orderNone || w.Lost || w.Skip+int64(pageSize) > maxPageSize {
		return w.Skip, int64(pageSize)
	}
	return 0, w.Skip + int64(pageSize)
}

// advance takes the entries a request at offset with limit returned, in
// Domo's order, and returns those the walk has not shown yet and the cursor
// of the page after, nil at the end: a page shorter than limit.
func (w *walk) advance(evs []model.Event, offset, limit int64) ([]model.Event, *walk) {
	// This page's own order counts already: the first pages of a walk may
	// all sit at one time and say nothing.
	ord := w.Order.learn(evs)
	fresh := w.unseen(evs, ord)
	if int64(len(evs)) < limit || len(evs) == 0 {
		return fresh, nil
	}
	next := *w
	next.Page++
	next.Order = ord
	next.Skip = offset + int64(len(evs))
	// A page of entries the walk had passed (a window's head holds a few
	// more than counted) leaves the edge where it was.
	if !w.passed(evs[len(evs)-1].Time, ord) {
		next.edgeAt(evs)
	}
	next.narrow(evs)
	return fresh, &next
}

// edgeAt makes the last entries of evs, those at the last one's time, the
// walk's edge.
func (w *walk) edgeAt(evs []model.Event) {
	last := evs[len(evs)-1].Time
	i := len(evs) - 1
	for i > 0 && evs[i-1].Time.Equal(last) {
		i--
	}
	var seen []string
	if edge := unixNano(last); edge == w.Edge {
		// Still at the same edge: what this page shows of it may be less
		// than earlier pages did.
		seen = slices.Clone(w.Seen)
	} else {
		w.Edge, w.Lost = edge, false
	}
	for _, e := range evs[i:] {
		if !slices.Contains(seen, e.ID) {
			seen = append(seen, e.ID)
		}
	}
	if len(seen) > maxEdge {
		seen, w.Lost = seen[len(seen)-maxEdge:], true
	}
	w.Seen = slices.Clip(seen)
}

// narrow shrinks the window to the entries at or beyond Edge, give or take a
// second, once the order is known, and counts the entries at the end of evs
// sure to be in it as passed. Counting too few only asks for more again.
func (w *walk) narrow(evs []model.Event) {
	if w.Edge == 0 {
		return
	}
	edge := time.Unix(0, w.Edge)
	var within func(t time.Time) bool
	switch w.Order {
	case orderDesc:
		end := ceilMilli(edge) + 1000
		if end >= w.End || end <= w.Start {
			return
		}
		w.End = end
		within = func(t time.Time) bool { return !t.IsZero() && t.Before(edge.Add(time.Second)) }
	case orderAsc:
		start := floorMilli(edge) - 1000
		if start <= w.Start || start >= w.End {
			return
		}
		w.Start = start
		within = func(t time.Time) bool { return !t.IsZero() && t.After(edge.Add(-time.Second)) }
	default:
		return
	}
	w.Skip = 0
	for j := len(evs) - 1; j >= 0 && within(evs[j].Time); j-- {
		w.Skip++
	}
}

// unseen drops the entries of evs that an earlier page of the walk showed,
// given that Domo returns entries in order ord.
func (w *walk) unseen(evs []model.Event, ord order) []model.Event {
	if w.Page <= 1 || len(w.Seen) == 0 {
		return evs
	}
	seen := make(map[string]bool, len(w.Seen))
	for _, id := range w.Seen {
		seen[id] = true
	}
	out := make([]model.Event, 0, len(evs))
	for _, e := range evs {
		if unixNano(e.Time) == w.Edge && seen[e.ID] || w.passed(e.Time, ord) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// passed reports whether an entry at t lies beyond Edge on the side the walk
// has come from, given Domo's order ord.
func (w *walk) passed(t time.Time, ord order) bool {
	n := unixNano(t)
	if n == 0 || w.Edge == 0 {
		return false
	}
	return ord == orderDesc && n > w.Edge || ord == orderAsc && n < w.Edge
}

// learn returns what o and the times of evs, in Domo's order, say the order
// is. Entries without a time say nothing.
func (o order) learn(evs []model.Event) order {
	var prev time.Time
	for _, e := range evs {
		if e.Time.IsZero() {
			continue
		}
		if !prev.IsZero() {
			switch c := e.Time.Compare(prev); {
			case c < 0 && o == orderAsc, c > 0 && o == orderDesc:
				return orderNone
			case c < 0 && o == orderUnknown:
				o = orderDesc
			case c > 0 && o == orderUnknown:
				o = orderAsc
			}
		}
		prev = e.Time
	}
	return o
}

// encode makes the opaque cursor: the walk as JSON and a checksum, in
// URL-safe base64 behind a prefix.
func (w walk) encode(q model.Query) string {
	w.Query = fingerprint(q)
	payload, _ := json.Marshal(w) // cannot fail: strings and numbers only
	sum := sha256.Sum256(payload)
	return cursorPrefix + base64.RawURLEncoding.EncodeToString(append(payload, sum[:4]...))
}

// decodeCursor reads a cursor made by encode for the same query. Its errors
// say what is wrong in words for the user.
func decodeCursor(s string, q model.Query) (walk, error) {
	bad := errors.New("the page cursor is not one this source made")
	rest, ok := bytes.CutPrefix([]byte(s), []byte(cursorPrefix))
	if !ok {
		return walk{}, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(string(rest))
	if err != nil || len(raw) < 5 {
		return walk{}, bad
	}
	payload, sum := raw[:len(raw)-4], raw[len(raw)-4:]
	if want := sha256.Sum256(payload); !bytes.Equal(sum, want[:4]) {
		return walk{}, bad
	}
	var w walk
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return walk{}, bad
	}
	if w.Page < 2 || w.Skip < 0 || w.Start >= w.End || w.Order > orderNone ||
		len(w.Seen) == 0 || len(w.Seen) > maxEdge || slices.Contains(w.Seen, "") {
		return walk{}, bad
	}
	if w.Query != fingerprint(q) {
		return walk{}, errors.New("the page cursor belongs to another filter")
	}
	return w, nil
}

// fingerprint identifies the parts of q that shape the requests, so a cursor
// is not used with another query's window.
func fingerprint(q model.Query) string {
	var b []byte
	for _, t := range [...]time.Time{q.Since, q.Until} {
		b = binary.BigEndian.AppendUint64(b, uint64(unixNano(t)))
	}
	if looksLikeUserID(q.Actor) {
		b = append(b, q.Actor...)
	}
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:6])
}

// unixNano is t in Unix nanoseconds, 0 for the zero time.
func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}
