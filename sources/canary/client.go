package canary

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// fetchPath is the audit-trail endpoint, relative to the console's base URL.
const fetchPath = "api/v1/audit_trail/fetch"

// defaultMaxBody caps how much of one response is read: a page of 1000
// entries is well under a megabyte, so anything near this is not a page.
const defaultMaxBody = 64 << 20

// dateLayout is the form of start_date and end_date.
const dateLayout = "2006-01-02"

// Config is what New needs. Open fills it from the config file; tests and the
// demo fill it directly.
type Config struct {
	// BaseURL is the console's address, e.g. https://EXAMPLE.canary.tools. It
	// may carry a path prefix (a reverse proxy); a trailing slash is ignored.
	BaseURL string
	// Token is the API auth token. It is sent only in the
	// X-Canary-Auth-Token header, never in a URL, and never appears in errors.
	Token string
	// PageSize is the API's limit, sent with the first page only; 0 = 100.
	PageSize int
	// Client is the HTTP client; nil means sources.DefaultClient().
	Client *http.Client
	// Name is the source's name in the config, used in hints; may be empty.
	Name string
	// Now is the clock for Retry-After dates; nil means time.Now.
	Now func() time.Time
	// MaxBody caps the bytes read from one response; 0 means 64 MiB.
	MaxBody int64
}

// Source is one Canary console's audit trail. It is safe for concurrent use.
type Source struct {
	endpoint *url.URL // base URL joined with fetchPath; nil if BaseURL is unusable
	host     string   // for messages, which never carry the full URL
	token    string
	pageSize int
	client   *http.Client
	name     string
	now      func() time.Time
	maxBody  int64
}

// New returns a Source for cfg. It makes no request; a BaseURL that is not
// an absolute URL is reported by the first Fetch.
func New(cfg Config) *Source {
	s := &Source{
		token:    cfg.Token,
		pageSize: cfg.PageSize,
		name:     cfg.Name,
		now:      cfg.Now,
		maxBody:  cfg.MaxBody,
	}
	if s.pageSize <= 0 {
		s.pageSize = defaultPageSize
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.maxBody <= 0 {
		s.maxBody = defaultMaxBody
	}
	base := cfg.Client
	if base == nil {
		base = sources.DefaultClient()
	}
	// A copy, so the redirect policy below does not change a shared client.
	c := *base
	c.CheckRedirect = sameOrigin
	s.client = &c
	if u, err := url.Parse(strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")); err == nil && u.Scheme != "" && u.Host != "" {
		u.RawQuery, u.Fragment = "", ""
		s.endpoint = u.JoinPath(fetchPath)
		s.host = u.Host
	}
	return s
}

// Capabilities implements sources.Describer. The actor is filtered on this
// side: the API has no actor filter, only search_term, which also matches
// other fields (it is still used to narrow what the console sends).
func (s *Source) Capabilities() sources.Capabilities {
	return sources.Capabilities{
		ServerSide: sources.FieldTime | sources.FieldAction | sources.FieldText,
		Actions:    ActionTypes(),
	}
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
		return sources.Page{}, fmt.Errorf("canary: base_url must be an absolute URL like https://EXAMPLE.canary.tools (%s)", sourceRef(s.name))
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
	page.Events = sources.Trim(resp.events, q)
	return page, nil
}

// query builds the request's query string. limit goes with the first page
// only; a cursor carries the page size, and the docs re-send the filters with
// it. start_date and end_date are widened by a day each, because whether the
// console treats them as inclusive is not documented; Fetch trims the rest.
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
	case q.Text != "" && searchable(q.Text):
		v.Set("search_term", q.Text)
	case q.Actor != "":
		// No actor filter exists; searching for the name narrows the pages.
		v.Set("search_term", q.Actor)
	}
	if !q.Since.IsZero() {
		v.Set("start_date", q.Since.UTC().AddDate(0, 0, -1).Format(dateLayout))
	}
	if !q.Until.IsZero() {
		v.Set("end_date", q.Until.UTC().AddDate(0, 0, 1).Format(dateLayout))
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

// get sends one GET and reads the body up to the cap.
func (s *Source) get(ctx context.Context, endpoint string) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("canary: base_url cannot be used for a request (%s)", sourceRef(s.name))
	}
	req.Header.Set("X-Canary-Auth-Token", s.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "trail")
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, nil, nil, s.transportError(ctx, err, "could not reach")
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, s.maxBody+1))
	if err != nil {
		return 0, nil, nil, s.transportError(ctx, err, "lost the connection while reading from")
	}
	if int64(len(body)) > s.maxBody {
		return 0, nil, nil, s.newError(sources.ErrMalformed, resp.StatusCode,
			fmt.Sprintf("the response is larger than %s, which no page of the audit trail should be", byteSize(s.maxBody)),
			"check that base_url is your Canary console")
	}
	return resp.StatusCode, resp.Header, body, nil
}

// transportError reports a failure with no usable response. A cancelled or
// expired context comes back wrapped as it is, so errors.Is finds it; other
// failures name the host but never the URL and its query.
func (s *Source) transportError(ctx context.Context, err error, what string) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("canary: request to %s: %w", s.host, ctxErr)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return s.newError(sources.ErrUnavailable, 0, fmt.Sprintf("the request to %s timed out", s.host), "check the network, or try again later")
		}
		err = ue.Err
	}
	msg := fmt.Sprintf("%s %s: %s", what, s.host, clip(model.Sanitize(err.Error()), 160))
	return s.redact(s.newError(sources.ErrUnavailable, 0, msg, "check the network and base_url"))
}

// sameOrigin follows redirects only within the same scheme and host: the
// token travels in a custom header, which Go would forward to any host.
func sameOrigin(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("too many redirects")
	}
	if first := via[0].URL; req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		return http.ErrUseLastResponse
	}
	return nil
}

// byteSize writes n bytes for people.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
