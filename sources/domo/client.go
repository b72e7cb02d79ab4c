package domo

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// API paths, relative to the base URL.
const (
	auditPath = "v1/audit"
	tokenPath = "oauth/token"
)

// defaultMaxBody caps how much of one response is read: a page of 1000
// entries is well under a megabyte, so anything near this is not a page.
const defaultMaxBody = 64 << 20

// Config is what New needs. Open fills it from the config file; tests and the
// demo fill it directly.
type Config struct {
	// Common holds BaseURL, the API's address, https://api.domo.com, and
	// what reaches the transport; Now is also the clock of windows.
	transport.Common
	// ClientID and ClientSecret are the OAuth client's credentials. They are
	// sent only to the token endpoint, in an Authorization header, and never
	// appear in errors.
	ClientID, ClientSecret string
	// PageSize is the API's limit per page, 1..1000; 0 means 500.
	PageSize int
	// DefaultWindow is how far back a query without a start looks; 0 means
	// DefaultWindow (30 days).
	DefaultWindow time.Duration
	// Location is the zone Domo writes times without a zone in; nil means
	// DefaultTimezone (see timezone.go).
	Location *time.Location
}

// Source is one Domo instance's activity log. It is safe for concurrent use.
type Source struct {
	audit, tokenURL *url.URL // nil if BaseURL is unusable
	clientID        string
	clientSecret    string
	pageSize        int
	http            *transport.Client
	name            string
	now             func() time.Time
	window          time.Duration
	loc             *time.Location
	tokens          *tokenCache
}

// New returns a Source for cfg. It makes no request; a BaseURL that is not an
// absolute URL is reported by the first Fetch.
func New(cfg Config) *Source {
	s := &Source{
		clientID:     cfg.ClientID,
		clientSecret: cfg.ClientSecret,
		pageSize:     cfg.PageSize,
		name:         cfg.Name,
		window:       cfg.DefaultWindow,
		loc:          cfg.Location,
		tokens:       newTokenCache(),
	}
	if s.loc == nil {
		s.loc = defaultZone
	}
	if s.pageSize <= 0 {
		s.pageSize = defaultPageSize
	}
	s.pageSize = min(s.pageSize, maxPageSize)
	if s.window <= 0 {
		s.window = DefaultWindow
	}
	var base *url.URL
	s.http, s.now, base = cfg.Open("domo", transport.Options{MaxBody: defaultMaxBody, Now: cfg.Now})
	s.http.Secrets().Add(cfg.ClientID, cfg.ClientSecret)
	s.http.Secrets().AddBasic(cfg.ClientID, cfg.ClientSecret)
	if base != nil {
		base.User = nil
		s.audit, s.tokenURL = base.JoinPath(auditPath), base.JoinPath(tokenPath)
	}
	return s
}

// Capabilities implements sources.Describer. Time and user are the API's own
// filters; a user given by name rather than numeric id is matched on this
// side, since the API knows only ids. Action and text are always matched here.
func (s *Source) Capabilities() sources.Capabilities {
	return sources.Capabilities{
		ServerSide:    sources.FieldTime | sources.FieldActor,
		Actions:       ActionTypes(),
		DefaultWindow: s.window,
	}
}

// ActionTypes lists the action types offered in the filter pane: VIEWED, the
// only one Domo documents, then those the emulator generates, which are
// plausible but not documented. Any other type Domo sends still filters.
func ActionTypes() []string {
	return []string{
		"VIEWED", "LOGGED_IN", "LOGGED_OUT", "LOGIN_FAILED", "LOCKED_OUT", "CREATED", "UPDATED",
		"DELETED", "SHARED", "EXPORTED", "EXECUTED", "ROLE_CHANGED",
	}
}

// Fetch implements sources.Source: one page of the activity log in Domo's
// order, without entries an earlier page of the same walk showed, trimmed to
// exactly q.
func (s *Source) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	return s.FetchSize(ctx, q, cursor, 0)
}

// PageSizes implements sources.Sizer: the configured page size, and the
// API's documented maximum limit.
func (s *Source) PageSizes() (base, largest int) { return s.pageSize, maxPageSize }

// FetchSize implements sources.Sizer: Fetch with size as the limit (0 = the
// configured page size). The cursor holds an offset, not a page number, so
// the next page starts after this one whatever its size.
func (s *Source) FetchSize(ctx context.Context, q model.Query, cursor string, size int) (sources.Page, error) {
	size = sources.SizeOf(s, size)
	if err := ctx.Err(); err != nil {
		return sources.Page{}, fmt.Errorf("domo: %w", err)
	}
	if s.audit == nil {
		return sources.Page{}, fmt.Errorf("domo: base_url must be an absolute URL like %s (%s)", DefaultBaseURL, sources.Ref(s.name))
	}
	var w walk
	if cursor == "" {
		w = s.startWalk(q)
	} else {
		var err error
		if w, err = decodeCursor(cursor, q); err != nil {
			return sources.Page{}, s.newError(sources.ErrBadCursor, 0, err.Error(), s.hint(sources.ErrBadCursor, 0, ""))
		}
	}
	page := sources.Page{Number: w.Page}
	if w.Page == 1 && q.Actor != "" && w.User == "" {
		page.Notice = "Domo filters by numeric user id only: the actor is matched on each page as it arrives"
	}
	if w.Start >= w.End {
		return page, nil // an empty window: nothing to ask for
	}
	offset, limit := w.request(size)
	status, header, body, err := s.getAudit(ctx, w.params(offset, limit))
	if err != nil {
		return sources.Page{}, err
	}
	raws, err := s.decodePage(status, header, body)
	if err != nil {
		return sources.Page{}, s.redact(err)
	}
	evs := decodeEntries(raws, s.loc)
	fresh, next := w.advance(evs, offset, limit)
	// Entries seen on an earlier page do not count as sent: a server that
	// sends the same ones over and over is sending nothing.
	page.Scanned = len(fresh)
	page.Events = sources.Trim(fresh, q)
	if next != nil {
		page.Next = next.encode(q)
	}
	return page, nil
}

// startWalk fixes the window of a new walk: the query's range widened on
// each side by margin, so that no entry is missed whatever zone Domo
// writes its times in (Trim cuts the rest), else the default window, never
// past now.
func (s *Source) startWalk(q model.Query) walk {
	now := s.now()
	w := walk{Page: 1, End: now.UnixMilli()}
	if q.Since.IsZero() {
		w.Start = now.Add(-s.window).UnixMilli()
	} else {
		w.Start = floorMilli(q.Since) - margin(s.loc, q.Since).Milliseconds()
	}
	if !q.Until.IsZero() {
		w.End = min(w.End, ceilMilli(q.Until)+margin(s.loc, q.Until).Milliseconds())
	}
	if looksLikeUserID(q.Actor) {
		w.User = q.Actor
	}
	return w
}

// params builds the query string of one /v1/audit request.
func (w *walk) params(offset, limit int64) url.Values {
	v := url.Values{}
	v.Set("start", strconv.FormatInt(w.Start, 10))
	v.Set("end", strconv.FormatInt(w.End, 10))
	v.Set("limit", strconv.FormatInt(limit, 10))
	v.Set("offset", strconv.FormatInt(offset, 10))
	if w.User != "" {
		v.Set("user", w.User)
	}
	return v
}

// looksLikeUserID reports whether a query's actor is a Domo user id (nine or
// ten digits in practice), which the API's user parameter takes. A shorter
// number is more likely part of a name or id the user is searching for, and
// the query's actor matches substrings, which the API's user does not.
func looksLikeUserID(s string) bool {
	if len(s) < 6 || len(s) > 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// getAudit sends one /v1/audit request with a cached token, and once more
// with a fresh token if Domo answers 401: the token may have been revoked or
// have expired early, and the user should not see that.
func (s *Source) getAudit(ctx context.Context, params url.Values) (int, http.Header, []byte, error) {
	u := *s.audit
	u.RawQuery = params.Encode()
	tok, err := s.token(ctx, "")
	if err != nil {
		return 0, nil, nil, err
	}
	status, header, body, err := s.get(ctx, u.String(), tok.value)
	if err != nil || status != http.StatusUnauthorized {
		return status, header, body, err
	}
	if tok, err = s.token(ctx, tok.value); err != nil {
		return 0, nil, nil, err
	}
	return s.get(ctx, u.String(), tok.value)
}

// get sends one GET with the access token and reads the body up to the cap.
func (s *Source) get(ctx context.Context, endpoint, accessToken string) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("domo: base_url cannot be used for a request (%s)", sources.Ref(s.name))
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	// Both as the docs send them; without the Accept, Domo has answered
	// with an HTML 406 page.
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "trail")
	return s.do(ctx, req)
}

// do sends req through the transport, which retries what is worth
// retrying, sits out short rate limits and caps the body.
func (s *Source) do(ctx context.Context, req *http.Request) (int, http.Header, []byte, error) {
	resp, err := s.http.Do(ctx, req)
	if err != nil {
		return 0, nil, nil, err
	}
	return resp.Status, resp.Header, resp.Body, nil
}

// floorMilli and ceilMilli round a time to whole milliseconds, down and up.
func floorMilli(t time.Time) int64 {
	ms := t.UnixMilli()
	if time.UnixMilli(ms).After(t) {
		ms--
	}
	return ms
}

func ceilMilli(t time.Time) int64 {
	ms := t.UnixMilli()
	if time.UnixMilli(ms).Before(t) {
		ms++
	}
	return ms
}
