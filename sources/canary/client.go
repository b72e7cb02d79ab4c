package canary

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// fetchPath is the audit-trail endpoint, relative to the console's base URL.
const fetchPath = "api/v1/audit_trail/fetch"

// defaultMaxBody caps how much of one response is read: a page of 1000
// entries is well under a megabyte, so anything near this is not a page.
const defaultMaxBody = 64 << 20

// dateLayout is the form of start_date and end_date.
const dateLayout = "2006-01-02"

// dateMargin is how many days start_date and end_date are widened by: one
// for the console's zone, whatever it is, and one for an exclusive bound.
const dateMargin = 2

// Config is what New needs. Open fills it from the config file; tests and the
// demo fill it directly.
type Config struct {
	// Common holds BaseURL, the console's address, e.g.
	// https://EXAMPLE.canary.tools, and what reaches the transport.
	transport.Common
	// Token is the API auth token. It is sent only in the
	// X-Canary-Auth-Token header, never in a URL, and never appears in errors.
	Token string
	// PageSize is the API's limit, sent with the first page only; 0 = 100.
	PageSize int
	// ServerSearch sends the query's text (or, lacking text, its actor) as
	// search_term so the console narrows the pages. Its matching rule is not
	// documented: an exact or case-sensitive match would drop events, so by
	// default the text is matched on this side only (config: server_search).
	ServerSearch bool
}

// Source is one Canary console's audit trail. It is safe for concurrent use.
type Source struct {
	endpoint *url.URL // base URL joined with fetchPath; nil if BaseURL is unusable
	host     string   // for messages, which never carry the full URL
	token    string
	pageSize int
	search   bool // send search_term (Config.ServerSearch)
	http     *transport.Client
	name     string
	now      func() time.Time
}

// New returns a Source for cfg. It makes no request; a BaseURL that is not
// an absolute URL is reported by the first Fetch.
func New(cfg Config) *Source {
	s := &Source{
		token:    cfg.Token,
		pageSize: cfg.PageSize,
		search:   cfg.ServerSearch,
		name:     cfg.Name,
	}
	if s.pageSize <= 0 {
		s.pageSize = defaultPageSize
	}
	var base *url.URL
	s.http, s.now, base = cfg.Open("canary", transport.Options{MaxBody: defaultMaxBody, Now: cfg.Now})
	s.http.Secrets().Add(cfg.Token)
	if base != nil {
		s.endpoint = base.JoinPath(fetchPath)
		s.host = base.Host
	}
	return s
}

// Capabilities implements sources.Describer. The actor is filtered on this
// side: the API has no actor filter, only search_term, which also matches
// other fields. The text is server-side only when the source opted into
// search_term (server_search = true): its matching rule is not documented.
func (s *Source) Capabilities() sources.Capabilities {
	server := sources.FieldTime | sources.FieldAction
	if s.search {
		server |= sources.FieldText
	}
	return sources.Capabilities{ServerSide: server, Actions: ActionTypes()}
}

// ActionTypes lists the action types offered in the filter pane: the five the
// Canary documentation shows, then the synthetic ones the emulator generates.
// Any other type the console sends is still shown and still filters.
func ActionTypes() []string {
	return []string{
		"user_login", "device_push_settings", "user_assign_to_flock", "flock_move", "device_schedule_reboot",
		"user_login_failure", "user_logout", "incident_acknowledge", "device_settings_update", "api_token_create",
	}
}

// Fetch implements sources.Source: one page of the audit trail, newest first,
// trimmed to exactly q. When the page reaches back past q.Since, Next is
// empty, since every later page is older still.
func (s *Source) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	if err := ctx.Err(); err != nil {
		return sources.Page{}, fmt.Errorf("canary: %w", err)
	}
	if s.endpoint == nil {
		return sources.Page{}, fmt.Errorf("canary: base_url must be an absolute URL like https://EXAMPLE.canary.tools (%s)", sources.Ref(s.name))
	}
	u := *s.endpoint
	u.RawQuery = s.query(q, cursor)
	status, header, body, err := s.get(ctx, u.String())
	if err != nil {
		return sources.Page{}, err
	}
	resp, err := s.decodeResponse(status, header, body, cursor != "")
	if err != nil {
		return sources.Page{}, s.redact(err)
	}
	if resp.next != "" && resp.next == cursor {
		return sources.Page{}, s.redact(s.newError(sources.ErrMalformed, status, "the console sent back the cursor it was given, so paging would never end", ""))
	}
	page := sources.Page{Next: resp.next, Prev: resp.prev, Number: resp.number, Total: resp.total}
	if !q.Since.IsZero() && !resp.oldest.IsZero() && resp.oldest.Before(q.Since) {
		// Newest first: every later page is older than q.Since too.
		page.Next = ""
	}
	page.Scanned = len(resp.events)
	page.Events = sources.Trim(resp.events, q)
	return page, nil
}

// query builds the request's query string. limit goes with the first page
// only; a cursor carries the page size, and the docs re-send the filters with
// it. start_date and end_date are days, and neither the zone the console
// reads them in nor whether they are inclusive is documented: a day in any
// zone (UTC-12 to UTC+14) lies within one day of the UTC day, and an
// exclusive bound costs one more, so each is widened by dateMargin days and
// Fetch trims the rest. search_term goes only when the source opted in.
func (s *Source) query(q model.Query, cursor string) string {
	v := url.Values{}
	if cursor == "" {
		v.Set("limit", strconv.Itoa(s.pageSize))
	} else {
		v.Set("cursor", cursor)
	}
	if q.Action != "" {
		// Canary's action types are lower-case; the query's match ignores case.
		v.Set("action_filter", strings.ToLower(q.Action))
	}
	switch {
	case !s.search:
	case q.Text != "" && searchable(q.Text):
		v.Set("search_term", q.Text)
	case q.Actor != "":
		// No actor filter exists; searching for the name narrows the pages.
		v.Set("search_term", q.Actor)
	}
	if !q.Since.IsZero() {
		v.Set("start_date", q.Since.UTC().AddDate(0, 0, -dateMargin).Format(dateLayout))
	}
	if !q.Until.IsZero() {
		v.Set("end_date", q.Until.UTC().AddDate(0, 0, dateMargin).Format(dateLayout))
	}
	// The docs ask for %20 rather than + in search terms; Encode writes a
	// literal + as %2B, so every + left is a space.
	return strings.ReplaceAll(v.Encode(), "+", "%20")
}

// searchable reports whether the console's search_term finds every entry
// that text matches. The query's text also matches an entry's raw JSON: its
// key names, null and true, numbers such as the id, escapes. A search over
// field values cannot find those, so such text is matched on this side only.
func searchable(text string) bool {
	if strings.ContainsAny(text, "\"\\{}[]:,") || strings.Trim(text, "0123456789") == "" {
		return false
	}
	lower := strings.ToLower(text)
	for _, word := range [...]string{
		"action_type", "additional_information", "flock_id", "flock_name", "id", "message", "timestamp",
		"user", "user_access_route", "user_browser_agent", "user_browser_language", "user_ip", "null", "true", "false",
	} {
		if strings.Contains(word, lower) {
			return false
		}
	}
	return true
}

// get sends one GET through the transport, which retries what can be
// retried, sits out short rate limits and caps what it reads.
func (s *Source) get(ctx context.Context, endpoint string) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("canary: base_url cannot be used for a request (%s)", sources.Ref(s.name))
	}
	req.Header.Set("X-Canary-Auth-Token", s.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "trail")
	resp, err := s.http.Do(ctx, req)
	if err != nil {
		return 0, nil, nil, err
	}
	return resp.Status, resp.Header, resp.Body, nil
}
