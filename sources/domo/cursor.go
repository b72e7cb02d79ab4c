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

// cursorPrefix starts every cursor this package makes, with its version:
// domo1 cursors narrowed the window from entries' times, which a zone
// trail does not know can put hours off.
const cursorPrefix = "domo2."

// maxSeen is how many ids of the last entries shown a cursor carries: up to
// that many entries (less Back) may arrive, between two pages, ahead of
// where the walk stands without one being shown twice. Half of it bounds
// the run of entries at one time that a page asks for again (Back).
const maxSeen = 200

// maxCursor bounds what decodeCursor reads: a cursor with maxSeen ids is
// about 6 KiB.
const maxCursor = 16 << 10

// walk is where a walk through one window stands between two pages. It is
// what the opaque cursor holds.
//
// The window is fixed when the walk starts: the query's range widened on
// both sides by more than any zone's offset (see margin), since an entry's
// time may be written in a zone other than the one it is read in; what
// lies outside the query is trimmed here. The window is then walked by
// offset, whatever order Domo returns entries in (it does not say, and
// sorted or not, one time zone or another, offsets hold). Entries arriving
// meanwhile within the window can only push entries already shown past the
// next offset: they are the last ones shown, and are dropped by id (Seen).
// Nothing that was in the window when the walk started is skipped, as
// entries are added to an audit log, not removed.
//
// Each page also asks again for the entries at the end of the one before
// that share its last entry's time (Back), so identical twins there (ids.go)
// are numbered from the first of them on both pages. (An order that put
// identical twins apart, across a page boundary, would number the later
// one as the first on its page and drop it as shown: no order seen or
// imagined for Domo does; the emulator's unsorted order keeps them
// together.)
//
// Entries arriving ahead of the walk push it back by as many; a page finds
// by how much from where the last entry shown turns up again, and the next
// request asks for that many more (Drift), so a walk keeps going a page at
// a time through a steady stream of arrivals.
type walk struct {
	Start  int64    `json:"s"`           // window start, epoch ms, as sent
	End    int64    `json:"e"`           // window end, epoch ms, as sent
	User   string   `json:"u,omitempty"` // the user parameter, if any
	Page   int      `json:"p"`           // number of the page this cursor fetches
	Offset int64    `json:"o"`           // offset of the first entry the walk has not passed
	Back   int64    `json:"b,omitempty"` // entries before Offset asked for again
	Drift  int64    `json:"r,omitempty"` // entries that arrived ahead of the walk before the last page
	Seen   []string `json:"i"`           // ids of the last entries shown, in Domo's order, at most maxSeen
	Query  string   `json:"q"`           // fingerprint of the query the walk is for
}

// request returns the offset and limit of the walk's next request: the
// entries at the last time again and a page beyond them.
func (w *walk) request(pageSize int) (offset, limit int64) {
	return w.Offset - w.Back, min(w.Back+w.Drift+int64(pageSize), maxPageSize)
}

// advance takes the entries a request at offset with limit returned, in
// Domo's order, and returns those the walk has not shown yet and the cursor
// of the page after, nil at the end: a page shorter than limit.
func (w *walk) advance(evs []model.Event, offset, limit int64) ([]model.Event, *walk) {
	fresh := w.unseen(evs)
	if int64(len(evs)) < limit || len(evs) == 0 {
		return fresh, nil
	}
	next := *w
	next.Page++
	next.Offset = offset + int64(len(evs))
	next.Back = lastRun(evs)
	if next.Back > maxSeen/2 {
		next.Back = 0 // too many at one time to ask for again; their ids still guard
	}
	next.Drift = min(w.drift(evs), maxSeen-next.Back, maxPageSize/2)
	next.Seen = remember(w.Seen, evs)
	return fresh, &next
}

// drift returns how many entries arrived ahead of the walk since the last
// page, as the place of that page's last entry in evs shows: it is the
// Back-th entry unless entries arrived before it. If it is not in evs at
// all, that many or more arrived.
func (w *walk) drift(evs []model.Event) int64 {
	if len(w.Seen) == 0 {
		return 0
	}
	last := w.Seen[len(w.Seen)-1]
	for i, e := range evs {
		if e.ID == last {
			return max(0, int64(i)-(w.Back-1))
		}
	}
	return int64(len(evs)) - w.Back
}

// lastRun counts the entries at the end of evs at the last one's time.
func lastRun(evs []model.Event) int64 {
	last := evs[len(evs)-1].Time
	n := int64(1)
	for i := len(evs) - 2; i >= 0 && evs[i].Time.Equal(last); i-- {
		n++
	}
	return n
}

// remember returns the ids of the last maxSeen entries shown: those of evs,
// after those of seen that evs does not hold again.
func remember(seen []string, evs []model.Event) []string {
	ids := make([]string, 0, min(maxSeen, len(seen)+len(evs)))
	from := max(0, len(evs)-maxSeen)
	if room := maxSeen - (len(evs) - from); room > 0 {
		onPage := make(map[string]bool, len(evs))
		for _, e := range evs {
			onPage[e.ID] = true
		}
		var older []string
		for i := len(seen) - 1; i >= 0 && len(older) < room; i-- {
			if !onPage[seen[i]] {
				older = append(older, seen[i])
			}
		}
		slices.Reverse(older)
		ids = append(ids, older...)
	}
	for _, e := range evs[from:] {
		ids = append(ids, e.ID)
	}
	return ids
}

// unseen drops the entries of evs that an earlier page of the walk showed.
func (w *walk) unseen(evs []model.Event) []model.Event {
	if len(w.Seen) == 0 {
		return evs
	}
	seen := make(map[string]bool, len(w.Seen))
	for _, id := range w.Seen {
		seen[id] = true
	}
	out := make([]model.Event, 0, len(evs))
	for _, e := range evs {
		if !seen[e.ID] {
			out = append(out, e)
		}
	}
	return out
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
	if !ok || len(s) > maxCursor {
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
	if w.Page < 2 || w.Back < 0 || w.Back > maxSeen || w.Offset < w.Back || w.Drift < 0 || w.Drift > maxSeen || w.Start >= w.End ||
		len(w.Seen) == 0 || len(w.Seen) > maxSeen || slices.Contains(w.Seen, "") {
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
