package qualtrics

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"net/url"
	"strings"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// cursorPrefix starts every cursor this source hands out, so one from another
// source, or from another version of this one, is refused at once.
const cursorPrefix = "qx1."

// maxCursor bounds a cursor's length: a nextPage URL is a few hundred bytes.
const maxCursor = 16 << 10

// Loop detection. A walk remembers the hashes of the last recentTokens page
// tokens it was given, which catches any loop of up to that many pages before
// a page is shown twice. A longer loop is caught by Brent's algorithm: a
// checkpoint token, moved to the latest one each time the number of steps
// since the last move reaches a doubling power, is met again within about two
// turns of any loop. maxPages ends a walk whose tokens never repeat at all.
const (
	recentTokens = 32
	hashSize     = 8
	maxPages     = 100_000
)

// walk is what a cursor carries: the original filters, which are sent again
// with every skipToken, the fixed time window, where the next page is, and
// what loop detection needs. It is JSON, base64url-encoded, behind the prefix.
type walk struct {
	Type  string `json:"t"`           // activity type
	User  string `json:"u,omitempty"` // userId filter
	Start int64  `json:"s"`           // startDate, Unix milliseconds
	End   int64  `json:"e"`           // endDate, Unix milliseconds
	Skip  string `json:"k,omitempty"` // skipToken to send
	Next  string `json:"n,omitempty"` // nextPage URL to follow
	Away  string `json:"x,omitempty"` // host of a nextPage URL that was refused
	Stop  string `json:"z,omitempty"` // why the walk cannot go on: stopLoop or stopPages
	Page  int    `json:"p"`           // the number of the page this cursor fetches
	Seen  []byte `json:"h,omitempty"` // hashes of the last page tokens, oldest first
	Mark  []byte `json:"m,omitempty"` // Brent's checkpoint
	Power int    `json:"w,omitempty"`
	Steps int    `json:"c,omitempty"`
}

// Why a walk stops before the API says it ends.
const (
	stopLoop  = "loop"
	stopPages = "pages"
)

// advance turns the nextPage of the page w fetched into the cursor of the
// following page. A token the walk has seen, or a walk past maxPages, gives a
// cursor whose fetch fails with an error that says why, and a notice now:
// paging ends visibly, and an export of the walk fails rather than coming out
// short without a word.
func (s *Source) advance(w walk, next string, status int) (cursor, notice string, err error) {
	if next == "" {
		return "", "", nil
	}
	sum := sha256.Sum256([]byte(next))
	h := sum[:hashSize]
	stop := func(reason string) (string, string, error) {
		c, err := encodeWalk(walk{Type: w.Type, User: w.User, Start: w.Start, End: w.End, Page: w.Page + 1, Stop: reason})
		return c, s.stopError(reason, w.Page).Message, err
	}
	for i := 0; i+hashSize <= len(w.Seen); i += hashSize {
		if bytes.Equal(w.Seen[i:i+hashSize], h) {
			return stop(stopLoop)
		}
	}
	if bytes.Equal(w.Mark, h) {
		return stop(stopLoop)
	}
	if w.Page >= maxPages {
		return stop(stopPages)
	}
	n := w
	n.Page++
	n.Skip, n.Next, n.Away = "", "", ""
	switch lower := strings.ToLower(next); {
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"), strings.HasPrefix(next, "/"):
		u, perr := s.base.Parse(next)
		if perr != nil || u.Host == "" {
			return "", "", s.newError(sources.ErrMalformed, status, "the response's nextPage is neither a page token nor a usable URL", malformedHint)
		}
		if s.sameOriginAsBase(u) {
			n.Next = u.String()
		} else {
			n.Away = clip(model.Sanitize(strings.ToLower(u.Host)), 120)
		}
	default:
		n.Skip = next
	}
	n.Seen = append(append([]byte(nil), w.Seen...), h...)
	if over := len(n.Seen) - recentTokens*hashSize; over > 0 {
		n.Seen = n.Seen[over:]
	}
	if n.Power == 0 {
		n.Power = 1
	}
	if n.Steps++; n.Steps >= n.Power {
		n.Mark, n.Power, n.Steps = h, n.Power*2, 0
	}
	cursor, err = encodeWalk(n)
	return cursor, "", err
}

func encodeWalk(w walk) (string, error) {
	s, err := sources.EncodeCursor(cursorPrefix, w)
	if err != nil {
		return "", fmt.Errorf("qualtrics: encoding a cursor: %w", err)
	}
	return s, nil
}

// stopError says why a walk stopped after page last. It is not transient:
// asking again would loop again.
func (s *Source) stopError(reason string, last int) *sources.Error {
	if reason == stopPages {
		return s.newError(sources.ErrBadQuery, 0, fmt.Sprintf("paging stopped after %d pages", last),
			"narrow the time range to see the rest")
	}
	return s.newError(sources.ErrBadQuery, 0,
		fmt.Sprintf("after page %d Qualtrics sent a page token it had sent before, so paging stopped here instead of looping", last),
		"the events up to here are complete; narrow the time range (since/until) to read the rest")
}

// decodeCursor reads and checks a cursor against the query it is used with.
func (s *Source) decodeCursor(cursor, typ string, q model.Query) (walk, error) {
	bad := func(why string) (walk, error) {
		return walk{}, s.newError(sources.ErrBadCursor, 0, "the page cursor "+why, "reload from the first page")
	}
	var w walk
	if err := sources.DecodeCursor(cursor, cursorPrefix, maxCursor, &w); err != nil {
		return bad("is not one this source issued")
	}
	targets := 0
	for _, v := range [...]string{w.Skip, w.Next, w.Away, w.Stop} {
		if v != "" {
			targets++
		}
	}
	switch {
	case targets != 1, w.Type == "", w.Page < 2, w.Page > maxPages+1, w.Start >= w.End,
		len(w.Seen)%hashSize != 0, len(w.Seen) > recentTokens*hashSize,
		len(w.Mark) != 0 && len(w.Mark) != hashSize, w.Power < 0, w.Steps < 0, w.Steps > w.Power,
		w.Stop != "" && w.Stop != stopLoop && w.Stop != stopPages:
		return bad("is damaged")
	case !strings.EqualFold(w.Type, typ):
		return bad(fmt.Sprintf("belongs to the activity type %q, not %q", clip(model.Sanitize(w.Type), 60), clip(model.Sanitize(typ), 60)))
	case w.User != "" && w.User != q.Actor:
		return bad("belongs to another actor filter")
	}
	return w, nil
}

// sameOriginAsBase reports whether u has the base URL's scheme and host, the
// only place the credentials may go.
func (s *Source) sameOriginAsBase(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, s.base.Scheme) && hostPort(u) == hostPort(s.base)
}

// hostPort is u's host in lower case with the scheme's default port made
// explicit, so https://h and https://h:443 compare equal.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return strings.ToLower(u.Hostname()) + ":" + port
}

// awayError is the answer to following a nextPage URL on another host.
func (s *Source) awayError(host string) error {
	hint := fmt.Sprintf("trail sends credentials only to %s; if %s is your brand's data center, set base_url = \"https://%s/API/v3\"", s.host, host, host)
	return s.newError(sources.ErrBadQuery, 0,
		fmt.Sprintf("the API gave the next page on %s, not on the configured host %s, so trail did not follow it", host, s.host), hint)
}
