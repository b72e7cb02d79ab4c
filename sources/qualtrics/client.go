package qualtrics

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// defaultWindow is how far back the API looks when no startDate is given.
const defaultWindow = 7 * 24 * time.Hour

// dateLayout is how startDate and endDate are sent: ISO 8601 in UTC with
// milliseconds, as in the API's own example.
const dateLayout = "2006-01-02T15:04:05.000Z"

// Config is what New needs. Open fills it from the config file; tests and the
// demo fill it directly.
type Config struct {
	// Common holds BaseURL, which names the data center, e.g.
	// https://iad1.qualtrics.com/API/v3 (a URL without a path gets /API/v3;
	// any other path, a reverse proxy, is kept), and what reaches the
	// transport; Now is also the clock of default windows and token expiry.
	transport.Common
	// Token is an API token, sent only in the X-API-TOKEN header.
	Token string
	// ClientID and ClientSecret, when Token is empty, sign in as an OAuth
	// client (client credentials grant, scope read:activity_logs).
	ClientID, ClientSecret string
	// ActivityType is the type used when the query names none; "" = logins.
	ActivityType string
	// PageSize is sent as pageSize on every request; 0 = 100.
	PageSize int
}

// Source is one Qualtrics brand's activity logs. It is safe for concurrent use.
type Source struct {
	base     *url.URL // normalized base URL; nil if BaseURL is unusable
	host     string   // for messages, which never carry a full URL
	token    string
	clientID string
	secret   string
	oauth    *oauthState // nil with an API token
	activity string
	pageSize int
	http     *transport.Client
	name     string
	now      func() time.Time
	types    typeCache
	all      allTypes                 // the merge of an all-types walk
	covered  atomic.Pointer[[]string] // the types the last walk covered
}

// New returns a Source for cfg. It makes no request; a BaseURL that is not
// an absolute URL is reported by the first Fetch.
func New(cfg Config) *Source {
	s := &Source{
		token: cfg.Token, clientID: cfg.ClientID, secret: cfg.ClientSecret,
		activity: strings.TrimSpace(cfg.ActivityType), pageSize: cfg.PageSize,
		name: cfg.Name,
	}
	if s.activity == "" {
		s.activity = defaultActivityType
	}
	if s.pageSize <= 0 {
		s.pageSize = defaultPageSize
	}
	if s.token == "" && (s.clientID != "" || s.secret != "") {
		s.oauth = newOAuthState()
	}
	var base *url.URL
	s.http, s.now, base = cfg.Open("qualtrics", transport.Options{MaxBody: defaultMaxBody, Now: cfg.Now})
	s.http.Secrets().Add(cfg.Token, cfg.ClientID, cfg.ClientSecret)
	if cfg.ClientID != "" || cfg.ClientSecret != "" {
		s.http.Secrets().AddBasic(cfg.ClientID, cfg.ClientSecret)
	}
	if s.base = normalizeBase(base); s.base != nil {
		s.host = s.base.Host
	}
	return s
}

// normalizeBase is a base URL (transport.ParseBase) as Qualtrics takes it:
// http or https, no user info, /API/v3 on a bare host.
func normalizeBase(u *url.URL) *url.URL {
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil
	}
	u.User = nil
	if u.Path == "" {
		u.Path = "/API/v3"
	}
	return u
}

// Capabilities implements sources.Describer. The API filters by time and
// activity type. The actor is sent as userId only when it is a whole
// Qualtrics user id, so in general it is filtered here, as is the text.
func (s *Source) Capabilities() sources.Capabilities {
	actions := []string{s.activity}
	for _, a := range append(ActivityTypes(), AllTypes) {
		if !strings.EqualFold(a, s.activity) {
			actions = append(actions, a)
		}
	}
	return sources.Capabilities{
		ServerSide:     sources.FieldTime | sources.FieldAction,
		Actions:        actions,
		DefaultWindow:  defaultWindow,
		ActionRequired: true,
		DefaultAction:  s.activity,
	}
}

// Fetch implements sources.Source: one page of events of the query's activity
// type (or the configured one), newest first, trimmed to exactly q.
func (s *Source) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	if err := ctx.Err(); err != nil {
		return sources.Page{}, fmt.Errorf("qualtrics: %w", err)
	}
	if s.base == nil {
		return sources.Page{}, fmt.Errorf("qualtrics: base_url must be an absolute URL like https://iad1.qualtrics.com/API/v3 (%s)", sourceRef(s.name))
	}
	typ := s.activityType(q.Action)
	if isAll(typ) || strings.HasPrefix(cursor, allPrefix) {
		return s.fetchAll(ctx, q, cursor)
	}
	var w walk
	if cursor == "" {
		start, end, ok := s.window(q)
		if !ok {
			return sources.Page{Number: 1}, nil // an empty range: nothing to ask for
		}
		w = walk{Type: typ, User: s.userFilter(typ, q.Actor), Start: start.UnixMilli(), End: end.UnixMilli(), Page: 1}
	} else {
		var err error
		if w, err = s.decodeCursor(cursor, typ, q); err != nil {
			return sources.Page{}, err
		}
	}
	target, err := s.pageURL(w)
	if err != nil {
		return sources.Page{}, err
	}
	resp, err := s.get(ctx, target)
	if err != nil {
		return sources.Page{}, err
	}
	lp, err := s.decodeLogs(resp, w.Type, w.Page > 1)
	if err != nil {
		return sources.Page{}, s.redact(err)
	}
	page := sources.Page{Number: w.Page, Notice: lp.notice}
	next, notice, err := s.advance(w, lp.next, resp.Status)
	if err != nil {
		return sources.Page{}, s.redact(err)
	}
	page.Next = next
	page.Notice = joinNotices(page.Notice, notice)
	// Every event is of the walk's type, which is the query's action as
	// Qualtrics spells it; the rest of the query is matched exactly.
	exact := q
	exact.Action = ""
	if exact.Since.IsZero() {
		exact.Since = time.UnixMilli(w.Start).UTC()
	}
	if exact.Until.IsZero() {
		exact.Until = time.UnixMilli(w.End).UTC()
	}
	page.Scanned = len(lp.events)
	page.Events = sources.Trim(lp.events, exact)
	if cursor == "" {
		s.covered.Store(&[]string{typ})
	}
	return page, nil
}

// activityType is the type a query asks for: its action, spelled as
// Qualtrics lists it where the list knows it, or the configured default.
func (s *Source) activityType(action string) string {
	action = strings.TrimSpace(action)
	if action == "" {
		return s.activity
	}
	for _, known := range append(s.types.names(), ActivityTypes()...) {
		if strings.EqualFold(known, action) {
			return known
		}
	}
	return action
}

// window is the range a new walk asks for: the query's, with the API's
// 7-day default made explicit and the end fixed at now when open. It is
// rounded outwards to milliseconds; Fetch trims the difference. ok is false
// when the range holds nothing.
func (s *Source) window(q model.Query) (start, end time.Time, ok bool) {
	end = q.Until
	if end.IsZero() {
		end = s.now()
	}
	end = end.UTC()
	if t := end.Truncate(time.Millisecond); !t.Equal(end) {
		end = t.Add(time.Millisecond)
	}
	start = q.Since
	if start.IsZero() {
		start = end.Add(-defaultWindow)
	}
	start = start.UTC().Truncate(time.Millisecond)
	return start, end, start.Before(end) && (q.Until.IsZero() || q.Since.IsZero() || q.Since.Before(q.Until))
}

// pageURL is the request for the page w points at: the original filters with
// skipToken, or the nextPage URL the API gave, if it is on the base's origin.
func (s *Source) pageURL(w walk) (string, error) {
	switch {
	case w.Stop != "":
		return "", s.stopError(w.Stop, w.Page-1)
	case w.Away != "":
		return "", s.awayError(w.Away)
	case w.Next != "":
		u, err := url.Parse(w.Next)
		if err != nil || !s.sameOriginAsBase(u) {
			return "", s.newError(sources.ErrBadCursor, 0, "the page cursor points at another host", "reload from the first page")
		}
		return u.String(), nil
	}
	v := url.Values{}
	v.Set("activityType", w.Type)
	v.Set("startDate", time.UnixMilli(w.Start).UTC().Format(dateLayout))
	v.Set("endDate", time.UnixMilli(w.End).UTC().Format(dateLayout))
	v.Set("order", "dsc")
	v.Set("pageSize", strconv.Itoa(s.pageSize))
	if w.User != "" {
		v.Set("userId", w.User)
	}
	if w.Skip != "" {
		v.Set("skipToken", w.Skip)
	}
	u := s.base.JoinPath("logs")
	u.RawQuery = v.Encode()
	return u.String(), nil
}

// joinNotices puts two notices in one, either possibly empty.
func joinNotices(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " · " + b
}
