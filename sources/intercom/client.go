package intercom

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

// listPath is the activity-log endpoint, relative to the base URL.
const listPath = "admins/activity_logs"

// defaultMaxBody caps how much of one response is read: a page of 250
// entries is well under a megabyte, so anything near this is not a page.
const defaultMaxBody = 32 << 20

// Config is what New needs. Open fills it from the config file; tests and the
// demo fill it directly.
type Config struct {
	// BaseURL is the regional API host; "" means https://api.intercom.io. It
	// may carry a path prefix (a proxy); a trailing slash is ignored.
	BaseURL string
	// Token is the access token, sent only as "Authorization: Bearer" and
	// never shown in an error.
	Token string
	// APIVersion is sent as Intercom-Version; "" means DefaultAPIVersion.
	APIVersion string
	// PageSize, when above zero, is sent as per_page.
	PageSize int
	// Client is the HTTP client; nil means sources.DefaultClient().
	Client *http.Client
	// Name is the source's name in the config, used in hints; may be empty.
	Name string
	// Now is the clock the default window is measured from; nil = time.Now.
	Now func() time.Time
	// MaxBody caps the bytes read from one response; 0 means 32 MiB.
	MaxBody int64
}

// Source is one Intercom workspace's admin activity log. It is safe for
// concurrent use: its only mutable state is the rate limiter, which is
// shared on purpose, since Intercom counts every request of the token.
type Source struct {
	base     *url.URL // base URL without query; nil if BaseURL is unusable
	endpoint *url.URL // base joined with listPath
	token    string
	version  string
	pageSize int
	client   *http.Client
	name     string
	now      func() time.Time
	maxBody  int64
	limits   *limiter
	// maxRetries bounds the retries after a 429; maxWait bounds one wait.
	maxRetries int
	maxWait    time.Duration
}

// New returns a Source for cfg. It makes no request; a BaseURL that is not
// an absolute URL is reported by the first Fetch.
func New(cfg Config) *Source {
	s := &Source{
		token:      cfg.Token,
		version:    cfg.APIVersion,
		pageSize:   min(max(cfg.PageSize, 0), maxPageSize),
		name:       cfg.Name,
		now:        cfg.Now,
		maxBody:    cfg.MaxBody,
		limits:     newLimiter(time.Now),
		maxRetries: 2,
		maxWait:    time.Minute,
	}
	if s.version == "" {
		s.version = DefaultAPIVersion
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
	raw := strings.TrimSpace(cfg.BaseURL)
	if raw == "" {
		raw = DefaultBaseURL
	}
	if u, err := url.Parse(strings.TrimRight(raw, "/")); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		u.RawQuery, u.Fragment = "", ""
		s.base = u
		s.endpoint = u.JoinPath(listPath)
	}
	return s
}

// Capabilities implements sources.Describer. Only the time range goes to the
// GET endpoint; actor, action and text are matched here. (The 2.16 search
// endpoint filters by event type, but it is a POST that older versions lack.)
func (s *Source) Capabilities() sources.Capabilities {
	return sources.Capabilities{
		ServerSide:    sources.FieldTime,
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
		return sources.Page{}, fmt.Errorf("intercom: base_url must be an absolute https URL like %s (%s)", DefaultBaseURL, sourceRef(s.name))
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
	target, err := s.requestURL(c)
	if err != nil {
		return sources.Page{}, err
	}
	status, header, body, err := s.do(ctx, target)
	if err != nil {
		return sources.Page{}, s.redact(err)
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
	c := walkCursor{Since: q.Since, Until: q.Until, Page: 1}
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

// get sends one GET and reads the body up to the cap.
func (s *Source) get(ctx context.Context, target string) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("intercom: base_url cannot be used for a request (%s)", sourceRef(s.name))
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Intercom-Version", s.version)
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
			fmt.Sprintf("the response is larger than %s, which no page of the activity log should be", byteSize(s.maxBody)),
			"check that base_url is Intercom's API host, like "+DefaultBaseURL)
	}
	return resp.StatusCode, resp.Header, body, nil
}

// transportError reports a failure with no usable response. A cancelled or
// expired context comes back wrapped as it is, so errors.Is finds it; other
// failures name the host but never the URL and its query.
func (s *Source) transportError(ctx context.Context, err error, what string) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("intercom: request to %s: %w", s.base.Host, ctxErr)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return s.newError(sources.ErrUnavailable, 0, fmt.Sprintf("the request to %s timed out", s.base.Host), "check the network, or try again later")
		}
		err = ue.Err
	}
	msg := fmt.Sprintf("%s %s: %s", what, s.base.Host, clip(model.Sanitize(err.Error()), 160))
	return s.redact(s.newError(sources.ErrUnavailable, 0, msg, "check the network and base_url"))
}

// sameOrigin follows redirects only within the same scheme and host, so the
// token is never offered to another server.
func sameOrigin(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("too many redirects")
	}
	if origin(req.URL) != origin(via[0].URL) {
		return http.ErrUseLastResponse
	}
	return nil
}

// origin is a URL's scheme and host, lower-cased, default port dropped.
func origin(u *url.URL) string {
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if (scheme == "https" && strings.HasSuffix(host, ":443")) || (scheme == "http" && strings.HasSuffix(host, ":80")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	return scheme + "://" + host
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
