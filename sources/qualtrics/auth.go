package qualtrics

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// tokenPath is the OAuth token endpoint, on the data center's host.
const tokenPath = "oauth2/token"

// refreshMargin is how long before its expiry an access token is replaced, so
// that it does not run out between being read and arriving.
const refreshMargin = time.Minute

// oauthState holds the OAuth client's access token between requests.
type oauthState struct {
	// lock is held while a token is fetched, so concurrent Fetches ask for
	// one token, not one each. It is a channel so a waiter can give up when
	// its context ends.
	lock chan struct{}
	cur  atomic.Pointer[bearer]
}

// bearer is an access token and when to stop using it.
type bearer struct {
	value     string
	refreshAt time.Time // zero: the lifetime is unknown, use it until refused
}

func newOAuthState() *oauthState { return &oauthState{lock: make(chan struct{}, 1)} }

// usable reports whether b can still be sent at now.
func (b *bearer) usable(now time.Time) bool {
	return b != nil && (b.refreshAt.IsZero() || now.Before(b.refreshAt))
}

// drop forgets the token used, if it is still the current one, so the next
// request fetches a new token.
func (o *oauthState) drop(used string) {
	if b := o.cur.Load(); b != nil && b.value == used {
		o.cur.CompareAndSwap(b, nil)
	}
}

// bearer returns an access token, fetching one when there is none or the one
// held is about to expire.
func (s *Source) bearer(ctx context.Context) (string, error) {
	if b := s.oauth.cur.Load(); b.usable(s.now()) {
		return b.value, nil
	}
	select {
	case s.oauth.lock <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("qualtrics: waiting for an OAuth token from %s: %w", s.host, ctx.Err())
	}
	defer func() { <-s.oauth.lock }()
	if b := s.oauth.cur.Load(); b.usable(s.now()) {
		return b.value, nil // fetched while this call waited
	}
	b, err := s.fetchToken(ctx)
	if err != nil {
		return "", err
	}
	s.http.Secrets().Add(b.value) // kept out of every message from now on
	s.oauth.cur.Store(b)
	return b.value, nil
}

// fetchToken asks the token endpoint for an access token with the client
// credentials grant, the client's id and secret in HTTP Basic auth.
func (s *Source) fetchToken(ctx context.Context) (*bearer, error) {
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {scope}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.tokenURL(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("qualtrics: base_url cannot be used for a request (%s)", sourceRef(s.name))
	}
	req.SetBasicAuth(s.clientID, s.secret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	issued := s.now()
	resp, err := s.send(ctx, req)
	if err != nil {
		return nil, err
	}
	b, err := s.decodeToken(resp, issued)
	return b, s.redact(err)
}

// tokenURL is the token endpoint: the base URL's host, and its path without
// the trailing /API/v3 (so a reverse proxy's prefix is kept).
func (s *Source) tokenURL() string {
	u := *s.base
	prefix := u.Path
	if len(prefix) >= len("/API/v3") && strings.EqualFold(prefix[len(prefix)-len("/API/v3"):], "/API/v3") {
		prefix = prefix[:len(prefix)-len("/API/v3")]
	}
	u.Path, u.RawPath = prefix, ""
	return u.JoinPath(tokenPath).String()
}

// tokenReply is the token endpoint's answer, success or OAuth error; a
// Qualtrics envelope (meta.error) is read too.
type tokenReply struct {
	AccessToken      json.RawMessage `json:"access_token"`
	TokenType        json.RawMessage `json:"token_type"`
	ExpiresIn        json.RawMessage `json:"expires_in"`
	Error            json.RawMessage `json:"error"`
	ErrorDescription json.RawMessage `json:"error_description"`
	Meta             json.RawMessage `json:"meta"`
}

// decodeToken reads an access token, or says why there is none.
func (s *Source) decodeToken(resp *transport.Response, issued time.Time) (*bearer, error) {
	body := bytes.TrimSpace(resp.Body)
	if resp.Status >= 300 && resp.Status < 400 {
		return nil, s.redirectError(resp.Status)
	}
	if len(body) == 0 || body[0] != '{' {
		msg := "the server sent an empty response"
		if len(body) > 0 {
			msg = s.http.NonJSON(body, resp.Header.Get("Content-Type"))
		}
		return nil, s.tokenError(resp, "", "getting an OAuth token: "+msg)
	}
	var r tokenReply
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, s.tokenError(resp, "", "getting an OAuth token: the response is not valid JSON")
	}
	if m, ok := readMeta(r.Meta); ok && m.hasError {
		return nil, s.apiError(resp.Status, resp.Header, m, false)
	}
	code, _ := jsonText(r.Error)
	if code != "" || resp.Status < 200 || resp.Status > 299 {
		desc, _ := jsonText(r.ErrorDescription)
		text := s.http.Quote(strings.TrimSpace(desc), 200)
		if c := s.http.Quote(code, 40); c != "" {
			text = strings.TrimSpace(text + " (" + c + ")")
		}
		if text == "" {
			text = "the token endpoint answered " + strings.ToLower(http.StatusText(resp.Status))
		}
		return nil, s.tokenError(resp, code, "getting an OAuth token: "+text)
	}
	tok, _ := jsonText(r.AccessToken)
	typ, _ := jsonText(r.TokenType)
	switch {
	case strings.TrimSpace(tok) == "":
		return nil, s.newError(sources.ErrMalformed, resp.Status, "getting an OAuth token: the response has no access_token", malformedHint)
	case typ != "" && !strings.EqualFold(typ, "bearer"):
		return nil, s.newError(sources.ErrMalformed, resp.Status,
			fmt.Sprintf("getting an OAuth token: the token is of type %q, not bearer", s.http.Quote(typ, 40)), malformedHint)
	}
	b := &bearer{value: strings.TrimSpace(tok)}
	if secs := model.JSONInt(r.ExpiresIn); secs > 0 {
		life := time.Duration(secs) * time.Second
		b.refreshAt = issued.Add(life - min(refreshMargin, life/10))
	}
	return b, nil
}

// tokenError classifies a refusal from the token endpoint.
func (s *Source) tokenError(resp *transport.Response, code, msg string) error {
	kind := sources.ErrBadQuery
	hint := "check base_url: the token endpoint is /oauth2/token on the data center's host"
	switch code = strings.ToLower(code); {
	case code == "invalid_scope":
		kind = sources.ErrForbidden
		hint = fmt.Sprintf("give the OAuth client of %s the scope %s in Qualtrics' account settings", sourceRef(s.name), scope)
	case code == "unauthorized_client", code == "unsupported_grant_type":
		kind = sources.ErrUnauthorized
		hint = "the OAuth client must allow the client credentials grant: check it in Qualtrics' account settings"
	case code == "invalid_client", code == "invalid_grant", resp.Status == http.StatusUnauthorized:
		kind = sources.ErrUnauthorized
		hint = fmt.Sprintf("check client_id and client_secret of %s, and that base_url names the data center of the OAuth client", sourceRef(s.name))
	case resp.Status == http.StatusForbidden:
		kind = sources.ErrForbidden
		hint = fmt.Sprintf("the OAuth client may not get tokens with the scope %s", scope)
	case resp.Status == http.StatusTooManyRequests:
		kind, hint = sources.ErrRateLimited, rateHint
	case resp.Status >= 500:
		kind, hint = sources.ErrUnavailable, unavailableHint
	case resp.Status >= 200 && resp.Status < 300 && code == "":
		kind, hint = sources.ErrMalformed, malformedHint
	}
	e := s.newError(kind, resp.Status, msg, hint)
	if kind == sources.ErrRateLimited {
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), s.now())
	}
	return e
}
