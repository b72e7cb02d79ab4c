package qualtricsemu

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// RevokeTokens makes every access token issued so far invalid, as when
// Qualtrics expires one early: the next request with one gets 401.
func (em *Emulator) RevokeTokens() { em.tokens.Revoke() }

// TokensIssued is how many access tokens /oauth2/token has handed out.
func (em *Emulator) TokensIssued() int { return em.tokens.Issued() }

// issueToken answers POST /oauth2/token: the client credentials grant, the
// client in HTTP Basic auth (or the form), errors as RFC 6749 describes.
func (em *Emulator) issueToken(w http.ResponseWriter, r *http.Request, form url.Values) {
	oauthFail := func(status int, code, desc string) {
		writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
	}
	if r.Method != http.MethodPost {
		oauthFail(http.StatusMethodNotAllowed, "invalid_request", "Use POST")
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	if !tokenIs(id, em.opts.ClientID) || !tokenIs(secret, em.opts.ClientSecret) {
		oauthFail(http.StatusUnauthorized, "invalid_client", "Client authentication failed")
		return
	}
	if g := form.Get("grant_type"); g != "client_credentials" {
		oauthFail(http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type: "+g)
		return
	}
	scopes := strings.Fields(form.Get("scope"))
	if len(scopes) == 0 {
		scopes = em.opts.Scopes
	}
	for _, s := range scopes {
		if !slices.Contains(em.opts.Scopes, s) {
			oauthFail(http.StatusBadRequest, "invalid_scope", "The requested scope is invalid, unknown, or malformed: "+s)
			return
		}
	}
	tok := em.tokens.Issue(func(n int) string {
		sum := sha256.Sum256(fmt.Appendf(nil, "%d/%d/%s", em.opts.Seed, n, em.opts.ClientID))
		return "emu_" + hex.EncodeToString(sum[:16])
	}, emulate.Token{Expires: time.Now().Add(em.opts.TokenLifetime), Scopes: slices.Clone(scopes)})
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok,
		"token_type":   "Bearer",
		"expires_in":   int(em.opts.TokenLifetime / time.Second),
		"scope":        strings.Join(scopes, " "),
	})
}

// authenticate checks the X-API-TOKEN or bearer token of an API request and
// answers the failure itself. notice is the meta.notice to send, if any.
func (em *Emulator) authenticate(w http.ResponseWriter, r *http.Request) (notice string, ok bool) {
	notice = em.opts.Notice
	apiToken := r.Header.Get("X-API-TOKEN")
	bearer, isBearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch {
	case apiToken != "":
		if !tokenIs(apiToken, em.opts.Token) {
			em.fail(w, http.StatusUnauthorized, "DCD_7", "Unrecognized X-API-TOKEN.")
			return "", false
		}
		if em.opts.ProxiedTo != "" {
			notice = strings.TrimSpace("Request proxied. For faster response times, use this host instead: " + em.opts.ProxiedTo + " " + notice)
		}
		if em.opts.Deny {
			em.fail(w, http.StatusForbidden, "", "You do not have permission to access the activity logs.")
			return "", false
		}
		return notice, true
	case isBearer:
		t, ok := em.tokens.Valid(bearer, time.Now())
		switch {
		case !ok:
			em.fail(w, http.StatusUnauthorized, "AUTH_1", "Invalid or expired access token.")
		case em.opts.ProxiedTo != "":
			em.fail(w, http.StatusUnauthorized, "DCD_7", "OAuth requests are not proxied; this brand's datacenter is "+em.opts.ProxiedTo+".")
		case em.opts.Deny || !slices.Contains(t.Scopes, scope):
			em.fail(w, http.StatusForbidden, "", "You are missing the following required scopes: "+scope)
		default:
			return notice, true
		}
		return "", false
	}
	em.fail(w, http.StatusUnauthorized, "AUTH_1", "Missing X-API-TOKEN or Authorization header.")
	return "", false
}
