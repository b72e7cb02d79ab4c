package intercom

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// listPath is the activity-log endpoint, relative to the base URL.
const listPath = "admins/activity_logs"

// defaultMaxBody caps how much of one response is read: a page of 250
// entries is well under a megabyte, so anything near this is not a page.
const defaultMaxBody = 32 << 20

// defaultMaxWait is the longest rate-limit wait one Fetch sits out: longer
// than Intercom's ten-second windows, short enough that the UI counts down a
// longer one instead (and r retries it).
const defaultMaxWait = time.Minute

// Config is what New needs. Open fills it from the config file; tests and the
// demo fill it directly.
type Config struct {
	// Common holds BaseURL, the regional API host ("" means
	// https://api.intercom.io), and what reaches the transport. Its Now is
	// the clock the default window is measured from only: the transport and
	// the rate limiter run on HTTP.Now. HTTP's Wait and Pace are Intercom's
	// own: the rate-limit headers.
	transport.Common
	// Token is the access token, sent only as "Authorization: Bearer" and
	// never shown in an error.
	Token string
	// APIVersion is sent as Intercom-Version; "" means DefaultAPIVersion.
	APIVersion string
	// PageSize, when above zero, is sent as per_page.
	PageSize int
}

// Source is one Intercom workspace's admin activity log. It is safe for
// concurrent use: its only mutable state is the rate limiter (and the
// transport's pace, which follows it), shared on purpose, since Intercom
// counts every request of the token.
type Source struct {
	base     *url.URL // base URL without query; nil if BaseURL is unusable
	endpoint *url.URL // base joined with listPath
	token    string
	version  string
	pageSize int
	http     *transport.Client
	name     string
	now      func() time.Time
	limits   *limiter
	// maxWait is the longest rate-limit wait sat out inside one Fetch: the
	// transport's MaxWait. A longer one is returned as ErrRateLimited, for
	// the UI to count down.
	maxWait time.Duration
	// searchState is whether walks use the search endpoint (see search.go);
	// refusal is Intercom's answer when it refused it.
	searchState atomic.Int32
	refusal     atomic.Value // string
}

// New returns a Source for cfg. It makes no request; a BaseURL that is not
// an absolute URL is reported by the first Fetch.
func New(cfg Config) *Source {
	s := &Source{
		token:    cfg.Token,
		version:  cfg.APIVersion,
		pageSize: min(max(cfg.PageSize, 0), maxPageSize),
		name:     cfg.Name,
	}
	if s.version == "" {
		s.version = DefaultAPIVersion
	}
	s.searchState.Store(initialSearchState(s.version))
	s.refusal.Store("")
	if strings.TrimSpace(cfg.BaseURL) == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	var base *url.URL
	s.http, s.now, base = cfg.Open("intercom", transport.Options{
		MaxBody: defaultMaxBody, MaxWait: defaultMaxWait, Wait: s.rateLimitWait, Pace: s.pace,
	})
	// The rate limiter runs on the transport's clock (the real one unless a
	// test says otherwise), not on the clock of the default window.
	opts := s.http.Options()
	s.limits, s.maxWait = newLimiter(opts.Now), opts.MaxWait
	// The token, and the whole Authorization header (whose base64 form does
	// not contain the token's own: "Bearer " shifts it).
	if cfg.Token != "" {
		s.http.Secrets().Add(cfg.Token, "Bearer "+cfg.Token)
	}
	if base != nil && (base.Scheme == "https" || base.Scheme == "http") {
		s.base = base
		s.endpoint = base.JoinPath(listPath)
	}
	return s
}

// Capabilities implements sources.Describer. Only the time range goes to the
// GET endpoint; actor, action and text are matched here. The search endpoint
// of 2.16 and later also filters by event type.
func (s *Source) Capabilities() sources.Capabilities {
	server := sources.FieldTime
	if s.searching() {
		server |= sources.FieldAction
	}
	return sources.Capabilities{
		ServerSide:    server,
		Actions:       ActionTypes(),
		DefaultWindow: DefaultWindow,
	}
}

// Fetch implements sources.Source: one page of the activity log in
// Intercom's order, trimmed to exactly q within the walk's fixed window.
func (s *Source) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	if err := ctx.Err(); err != nil {
		return sources.Page{}, fmt.Errorf("intercom: %w", err)
	}
	if s.endpoint == nil {
		return sources.Page{}, fmt.Errorf("intercom: base_url must be an absolute https URL like %s (%s)", DefaultBaseURL, sources.Ref(s.name))
	}
	c := s.firstCursor(q)
	if cursor != "" {
		var err error
		if c, err = parseCursor(cursor); err != nil {
			return sources.Page{}, s.newError(sources.ErrBadCursor, 0, "this page cursor was not made by the Intercom source ("+err.Error()+")",
				"reload from the first page")
		}
	}
	if !c.Since.Before(c.Until) {
		return sources.Page{}, nil // an empty range needs no request
	}
	if c.Search {
		resp, fellBack, err := s.fetchSearch(ctx, c, q, cursor != "")
		if err != nil {
			return sources.Page{}, err
		}
		if !fellBack {
			page := sources.Page{Number: firstPositive(resp.page, c.Page), Total: resp.total}
			page.Next = nextSearch(c, resp, firstPositive(c.PerPage, s.searchPageSize()))
			page.Scanned = len(resp.events)
			page.Events = sources.Trim(resp.events, c.query(q))
			return page, nil
		}
		c.Search = false
	}
	target, err := s.requestURL(c)
	if err != nil {
		return sources.Page{}, err
	}
	status, header, body, err := s.do(ctx, target)
	if err != nil {
		return sources.Page{}, err
	}
	resp, err := s.decodeResponse(status, header, body, cursor != "")
	if err != nil {
		return sources.Page{}, s.redact(err)
	}
	page := sources.Page{Number: resp.page, Total: resp.total}
	if page.Number == 0 {
		page.Number = c.Page
	}
	if page.Next, err = s.nextCursor(c, resp, target); err != nil {
		return sources.Page{}, s.redact(err)
	}
	page.Scanned = len(resp.events)
	page.Events = sources.Trim(resp.events, c.query(q))
	return page, nil
}

// firstCursor fixes the window of a new walk: the query's range, with an
// open end at the start of the current second and an open start
// DefaultWindow before the end. Ending before the current second keeps
// entries written while the user pages out of the walk, even where Intercom
// reads created_at_before as inclusive and pages by offset; they show on
// the next walk.
func (s *Source) firstCursor(q model.Query) walkCursor {
	c := walkCursor{Since: q.Since, Until: q.Until, Page: 1, Search: s.searching()}
	if c.Until.IsZero() {
		c.Until = s.now().Truncate(time.Second)
	}
	if c.Since.IsZero() {
		c.Since = c.Until.Add(-DefaultWindow)
	}
	return c
}

// requestURL is the address of the page c points at: the link Intercom gave,
// or the list endpoint with the window and, on later pages, starting_after.
// The bounds are widened to whole seconds that hold the window whether
// Intercom reads them as inclusive or exclusive; Fetch trims the rest.
func (s *Source) requestURL(c walkCursor) (string, error) {
	if c.URL != "" {
		return s.checkLink(c.URL)
	}
	v := url.Values{}
	v.Set("created_at_after", strconv.FormatInt(max(ceilUnix(c.Since)-1, 0), 10))
	v.Set("created_at_before", strconv.FormatInt(max(ceilUnix(c.Until), 1), 10))
	perPage := c.PerPage
	if perPage == 0 {
		perPage = s.pageSize
	}
	if perPage > 0 {
		v.Set("per_page", strconv.Itoa(perPage))
	}
	if c.StartingAfter != "" {
		v.Set("starting_after", c.StartingAfter)
	}
	u := *s.endpoint
	u.RawQuery = v.Encode()
	return u.String(), nil
}

// ceilUnix is t in Unix seconds, rounded up.
func ceilUnix(t time.Time) int64 {
	sec := t.Unix()
	if t.Nanosecond() > 0 {
		sec++
	}
	return sec
}

// get sends one GET through the transport, which paces requests by
// Intercom's published budget, sits out short rate limits, retries what can
// be retried and caps what it reads. Errors come back redacted.
func (s *Source) get(ctx context.Context, target string) (int, http.Header, []byte, error) {
	return s.send(ctx, http.MethodGet, target, nil)
}

// send sends one request of method with body, JSON or nil, as get and post
// do. The body is bytes, so the transport can replay it on a retry.
func (s *Source) send(ctx context.Context, method, target string, body []byte) (int, http.Header, []byte, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, r)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("intercom: base_url cannot be used for a request (%s)", sources.Ref(s.name))
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Intercom-Version", s.version)
	req.Header.Set("User-Agent", "trail")
	resp, err := s.http.Do(ctx, req)
	if err != nil {
		return 0, nil, nil, s.redact(err)
	}
	return resp.Status, resp.Header, resp.Body, nil
}

// origin is a URL's scheme and host, lower-cased, default port dropped.
func origin(u *url.URL) string {
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if (scheme == "https" && strings.HasSuffix(host, ":443")) || (scheme == "http" && strings.HasSuffix(host, ":80")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	return scheme + "://" + host
}
