package intercom

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// cursorPrefix marks the cursors this source issues, and their version.
const cursorPrefix = "ic1."

// maxCursor bounds a cursor's length: a next link or starting_after is far
// shorter, so anything longer was not made here.
const maxCursor = 8 << 10

// maxPage bounds the page number a cursor carries (it is only shown).
const maxPage = 1 << 30

// walkCursor is where a walk is: its fixed window and how to ask for the next
// page, either Intercom's link (URL) or its starting_after token. On the
// wire it is cursorPrefix + base64url(JSON), opaque to the UI.
type walkCursor struct {
	Since         time.Time `json:"since"`
	Until         time.Time `json:"until"`
	Page          int       `json:"page"`
	URL           string    `json:"url,omitempty"`
	StartingAfter string    `json:"starting_after,omitempty"`
	PerPage       int       `json:"per_page,omitempty"`
	// Search walks POST /admins/activity_logs/search by page number.
	Search bool `json:"search,omitempty"`
}

// query is q with the walk's window in force, for trimming a page.
func (c walkCursor) query(q model.Query) model.Query {
	q.Since, q.Until = c.Since, c.Until
	return q
}

func (c walkCursor) encode() string {
	s, _ := sources.EncodeCursor(cursorPrefix, c) // a struct of strings, ints and times cannot fail
	return s
}

// parseCursor reads a cursor this source issued and refuses anything else,
// saying why in a few words.
func parseCursor(s string) (walkCursor, error) {
	var c walkCursor
	if err := sources.DecodeCursor(s, cursorPrefix, maxCursor, &c); err != nil {
		return c, err
	}
	return c, c.check()
}

// check says what is wrong with a cursor, if anything: parseCursor refuses
// such a cursor, so nextCursor never issues one.
func (c walkCursor) check() error {
	switch {
	case c.Since.IsZero() || c.Until.IsZero() || !c.Since.Before(c.Until):
		return errors.New("no time window")
	case c.Page < 2 || c.Page > maxPage:
		return errors.New("page out of range")
	case c.Search && (c.URL != "" || c.StartingAfter != ""):
		return errors.New("a search page with a link")
	case !c.Search && (c.URL == "") == (c.StartingAfter == ""):
		return errors.New("no next-page link")
	case c.PerPage < 0 || c.PerPage > maxPageSize:
		return errors.New("page size out of range")
	}
	if c.URL != "" {
		u, err := url.Parse(c.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return errors.New("next-page link is not a URL")
		}
	}
	return nil
}

// nextCursor turns the response's paging into the cursor of the next page,
// or "" at the end: pages.next null or missing, or page >= total_pages.
// prev is the address just fetched, to catch a link back to itself.
func (s *Source) nextCursor(c walkCursor, resp response, prev string) (string, error) {
	if resp.total > 0 && resp.page >= resp.total {
		return "", nil
	}
	n := walkCursor{Since: c.Since, Until: c.Until, Page: c.Page + 1}
	if resp.page > 0 {
		n.Page = resp.page + 1
	}
	n.Page = min(n.Page, maxPage)
	switch {
	case resp.nextURL != "":
		ref, err := url.Parse(resp.nextURL)
		if err != nil {
			return "", s.newError(sources.ErrMalformed, 200, "the response's pages.next is not a usable link", malformedHint)
		}
		base, _ := url.Parse(prev)
		n.URL = base.ResolveReference(ref).String()
		if n.URL == prev {
			return "", s.newError(sources.ErrMalformed, 200, "pages.next links to the page just fetched, so paging would never end", malformedHint)
		}
	case resp.startingAfter != "":
		if resp.startingAfter == c.StartingAfter {
			return "", s.newError(sources.ErrMalformed, 200, "pages.next.starting_after is the one just sent, so paging would never end", malformedHint)
		}
		n.StartingAfter = resp.startingAfter
		// A page size past the API's maximum would be refused: ask for the
		// maximum instead.
		n.PerPage = min(firstPositive(resp.nextPerPage, resp.perPage, s.pageSize), maxPageSize)
	default:
		return "", nil
	}
	if err := n.check(); err != nil {
		// A link with no host, say: a cursor made of it would be refused
		// as not this source's, which is not what went wrong.
		return "", s.newError(sources.ErrMalformed, 200, "the response's pages.next cannot be followed ("+err.Error()+")", malformedHint)
	}
	return n.encode(), nil
}

// checkLink refuses to follow a next-page link off the configured scheme and
// host: the request carries the token. A link to another of Intercom's
// regional hosts most likely means base_url names the wrong region.
func (s *Source) checkLink(link string) (string, error) {
	u, err := url.Parse(link)
	if err != nil {
		return "", s.newError(sources.ErrBadCursor, 0, "the next-page link cannot be read", "reload from the first page")
	}
	if origin(u) == origin(s.base) {
		return link, nil
	}
	where := s.http.Quote(u.Scheme+"://"+u.Host, 100)
	if strings.EqualFold(u.Hostname(), s.base.Hostname()) && !strings.EqualFold(u.Scheme, s.base.Scheme) {
		return "", s.newError(sources.ErrMalformed, 0,
			fmt.Sprintf("the next page's link changes the scheme (%s), and trail will not send the token there", where),
			"check that base_url starts with https:// and is the API host of your workspace's region")
	}
	hint := fmt.Sprintf("trail sends the token only to base_url (%s); check that base_url is the API host of your workspace's region", origin(s.base))
	if isIntercomHost(u.Hostname()) {
		hint = fmt.Sprintf("Intercom pointed to another region: set base_url = %q for %s", "https://"+strings.ToLower(u.Hostname()), sources.Ref(s.name))
	}
	return "", s.newError(sources.ErrMalformed, 0,
		fmt.Sprintf("the next page is on another host (%s), and trail will not send the token there", where), hint)
}

// isIntercomHost reports whether host is one of Intercom's regional API hosts.
func isIntercomHost(host string) bool {
	switch strings.ToLower(host) {
	case "api.intercom.io", "api.eu.intercom.io", "api.au.intercom.io":
		return true
	}
	return false
}

// firstPositive returns the first of ns above zero, or 0.
func firstPositive(ns ...int) int {
	for _, n := range ns {
		if n > 0 {
			return n
		}
	}
	return 0
}
