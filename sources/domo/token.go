package domo

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trail-dev/trail/model"

	"github.com/trail-dev/trail/sources"
)

// tokenScope is the one scope trail asks for: the activity log's.
const tokenScope = "audit"

// maxRefreshMargin is how long before its expiry a token is replaced, at most;
// short-lived tokens are replaced when a tenth of their life is left.
const maxRefreshMargin = time.Minute

// tokenCache holds the access token between requests. One request fetches a
// token while the others wait for it, each as long as its context allows.
type tokenCache struct {
	fetching chan struct{} // a one-slot lock, held while a token is fetched

	mu     sync.Mutex
	tok    token
	useGET bool // the token endpoint refused POST
}

// token is an access token and when to stop using it.
type token struct {
	value     string
	refreshAt time.Time // zero: its life is not known; used until Domo refuses it
	scope     string    // as granted
	hasScope  bool      // Domo said which scopes it granted
}

func newTokenCache() *tokenCache {
	return &tokenCache{fetching: make(chan struct{}, 1)}
}

// scope returns the scopes the cached token was granted, and whether Domo
// said.
func (c *tokenCache) scope() (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tok.scope, c.tok.hasScope
}

// token returns an access token: the cached one while it has life left and
// is not stale (the value Domo just refused), else a new one.
func (s *Source) token(ctx context.Context, stale string) (token, error) {
	c := s.tokens
	select {
	case c.fetching <- struct{}{}:
	case <-ctx.Done():
		return token{}, fmt.Errorf("domo: waiting for an access token: %w", ctx.Err())
	}
	defer func() { <-c.fetching }()
	c.mu.Lock()
	cur, useGET := c.tok, c.useGET
	c.mu.Unlock()
	if cur.value != "" && cur.value != stale && (cur.refreshAt.IsZero() || s.now().Before(cur.refreshAt)) {
		return cur, nil
	}
	issued := s.now()
	status, header, body, err := s.requestToken(ctx, useGET)
	if err == nil && status == http.StatusMethodNotAllowed && !useGET {
		// The docs show GET; Domo's Python SDK uses POST. Try the other.
		useGET = true
		status, header, body, err = s.requestToken(ctx, useGET)
	}
	if err != nil {
		return token{}, s.redact(err)
	}
	tok, err := s.decodeToken(status, header, body, issued)
	if err != nil {
		return token{}, s.redact(err)
	}
	c.mu.Lock()
	c.tok, c.useGET = tok, useGET
	c.mu.Unlock()
	return tok, nil
}

// requestToken asks the token endpoint for a client-credentials token of the
// audit scope, the credentials in a Basic Authorization header.
func (s *Source) requestToken(ctx context.Context, get bool) (int, http.Header, []byte, error) {
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {tokenScope}}
	var req *http.Request
	var err error
	if get {
		u := *s.tokenURL
		u.RawQuery = form.Encode()
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	} else {
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, s.tokenURL.String(), strings.NewReader(form.Encode()))
		if req != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if err != nil {
		return 0, nil, nil, fmt.Errorf("domo: base_url cannot be used for a request (%s)", sources.Ref(s.name))
	}
	req.SetBasicAuth(s.clientID, s.clientSecret)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "trail")
	return s.do(ctx, req)
}

// decodeToken reads the token endpoint's answer: the documented
// {"access_token", "token_type", "expires_in", "scope", ...} or an error in
// Domo's shape, the OAuth shape, or none. The token is returned with an
// error too, so it can be redacted from it.
func (s *Source) decodeToken(status int, header http.Header, body []byte, issued time.Time) (token, error) {
	if status >= 300 && status < 400 {
		return token{}, s.newError(sources.ErrBadQuery, status, "the token endpoint redirected to another address",
			"set base_url to Domo's API address, "+DefaultBaseURL)
	}
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return token{}, s.tokenError(status, header, "the token endpoint sent an empty response", domoError{})
	case trimmed[0] != '{':
		what := s.describeNonJSON(trimmed, header.Get("Content-Type"))
		if status >= 400 {
			return token{}, s.tokenError(status, header, "Domo refused to issue an access token: "+what, domoError{})
		}
		return token{}, s.tokenError(status, header, "the token endpoint: "+what, domoError{})
	}
	var r struct {
		AccessToken json.RawMessage `json:"access_token"`
		TokenType   json.RawMessage `json:"token_type"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
		Scope       json.RawMessage `json:"scope"`
		domoError
	}
	if err := json.Unmarshal(trimmed, &r); err != nil {
		return token{}, s.tokenError(status, header, "the token endpoint's response is not valid JSON", domoError{})
	}
	tok := token{}
	tok.value, _ = model.JSONText(r.AccessToken)
	s.http.Secrets().Add(tok.value) // before any message could show it
	tok.scope, _ = model.JSONText(r.Scope)
	tok.hasScope = !model.IsJSONNull(r.Scope)
	if status < 200 || status > 299 || (tok.value == "" && r.isError()) {
		return tok, s.tokenError(status, header, "", r.domoError)
	}
	if tok.value == "" {
		return tok, s.newError(sources.ErrMalformed, status, "the token endpoint's response has no access_token", malformedHint)
	}
	if typ, _ := model.JSONText(r.TokenType); typ != "" && !strings.EqualFold(typ, "bearer") {
		return tok, s.newError(sources.ErrMalformed, status,
			fmt.Sprintf("Domo issued a token of type %q; trail can only use bearer tokens", s.http.Quote(typ, 40)), malformedHint)
	}
	life := time.Duration(seconds(r.ExpiresIn)) * time.Second
	if exp := jwtExpiry(tok.value); life <= 0 && exp.After(issued) {
		life = exp.Sub(issued) // no expires_in: the JWT's own exp
	}
	if life > 0 {
		tok.refreshAt = issued.Add(life - min(maxRefreshMargin, life/10))
	}
	return tok, nil
}

// tokenError reports a failed token request. msg, if set, replaces what the
// body says. Refused credentials and a missing audit scope each get a hint
// that names what to check.
func (s *Source) tokenError(status int, header http.Header, msg string, de domoError) error {
	text := s.errorText(de)
	lower := strings.ToLower(text)
	kind := classify(status)
	switch {
	case status >= 200 && status < 300 && msg != "":
		kind = sources.ErrMalformed
	case strings.Contains(lower, "scope"):
		kind = sources.ErrForbidden
	case status == http.StatusForbidden, strings.Contains(lower, "invalid_client"), strings.Contains(lower, "unauthorized"),
		strings.Contains(lower, "bad credentials"), strings.Contains(lower, "invalid_grant"):
		kind = sources.ErrUnauthorized
	}
	if msg == "" {
		msg = "Domo refused to issue an access token"
		if text != "" {
			msg += ": " + text
		}
	}
	where := sources.Ref(s.name)
	var hint string
	switch {
	case kind == sources.ErrUnauthorized:
		hint = fmt.Sprintf("check client_id and client_secret of %s: the id and secret of an OAuth client from %s", where, clientsPage)
	case kind == sources.ErrForbidden:
		hint = fmt.Sprintf("the client of %s needs the audit scope: tick Audit for it in %s", where, clientsPage)
	case status == http.StatusNotFound:
		hint = "check base_url: it should be Domo's API address, " + DefaultBaseURL + ", whose /oauth/token issues tokens"
	case kind == sources.ErrBadQuery:
		hint = "trail asks for a client-credentials token with the audit scope: check that base_url is Domo's API, " + DefaultBaseURL
	default:
		hint = s.hint(kind, status, text)
	}
	e := s.newError(kind, status, msg, hint)
	if kind == sources.ErrRateLimited {
		e.RetryAfter = retryAfter(header.Get("Retry-After"), s.now())
	}
	return e
}

// jwtExpiry returns the exp claim of a JWT, or the zero time for a token
// that is not one: Domo's documented example token is opaque.
func jwtExpiry(tok string) time.Time {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return time.Time{}
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}
	}
	var claims struct {
		Exp json.Number `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return time.Time{}
	}
	f, err := claims.Exp.Float64()
	if err != nil || f <= 0 || f > 1e11 {
		return time.Time{}
	}
	return time.Unix(int64(f), 0)
}

// seconds reads a count of seconds sent as a JSON number or numeric string;
// anything else, or more than a year, is 0: unknown.
func seconds(raw json.RawMessage) int64 {
	s, err := model.JSONText(raw)
	if err != nil {
		return 0
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f <= 0 || f > 366*24*3600 {
		return 0
	}
	return int64(f)
}

// hasScope reports whether a space- or comma-separated scope list holds want.
func hasScope(scopes, want string) bool {
	for _, sc := range strings.FieldsFunc(scopes, func(r rune) bool { return r == ' ' || r == ',' }) {
		if strings.EqualFold(sc, want) {
			return true
		}
	}
	return false
}
