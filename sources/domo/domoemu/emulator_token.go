package domoemu

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// serveToken answers /oauth/token: GET with a query string, as the docs show,
// or POST with a form, as Domo's Python SDK sends; client credentials in a
// Basic Authorization header.
func (em *Emulator) serveToken(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && em.opts.TokenGETOnly, r.Method != http.MethodGet && r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodGet)
		em.tokenFail(w, r, http.StatusMethodNotAllowed, "invalid_request", "Request method '"+r.Method+"' not supported")
		return
	}
	if err := r.ParseForm(); err != nil {
		em.tokenFail(w, r, http.StatusBadRequest, "invalid_request", "Could not read the request")
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok || !equal(id, em.opts.ClientID) || !equal(secret, em.opts.ClientSecret) {
		w.Header().Set("WWW-Authenticate", `Basic realm="oauth2/client"`)
		em.tokenFail(w, r, http.StatusUnauthorized, "invalid_client", "Bad client credentials")
		return
	}
	if gt := r.Form.Get("grant_type"); gt != "client_credentials" {
		em.tokenFail(w, r, http.StatusBadRequest, "unsupported_grant_type", fmt.Sprintf("Unsupported grant type: %s", gt))
		return
	}
	// No scope means every scope the client has, as pydomo's comment says.
	granted := slices.Clone(em.opts.ClientScopes)
	if want := strings.Fields(r.Form.Get("scope")); len(want) > 0 {
		granted = granted[:0]
		for _, sc := range want {
			switch {
			case slices.Contains(em.opts.ClientScopes, sc):
				granted = append(granted, sc)
			case !em.opts.NarrowScopes:
				em.tokenFail(w, r, http.StatusBadRequest, "invalid_scope", "Invalid scope: "+sc)
				return
			}
		}
	}
	value, expires := em.issue(granted)
	typ := em.opts.TokenType
	if typ == "" {
		typ = "bearer"
	}
	resp := map[string]any{
		"access_token": value,
		"customer":     "acmecompany",
		"jti":          jti(value),
		"role":         "Admin",
		"scope":        strings.Join(granted, " "),
		"token_type":   typ,
		"userId":       964382593,
	}
	if !em.opts.OmitExpiresIn {
		resp["expires_in"] = int(expires.Sub(em.opts.Clock()).Round(time.Second) / time.Second)
	}
	answer.Write(w, http.StatusOK, resp)
}

// issue makes a token with the given scopes and records it.
func (em *Emulator) issue(scopes []string) (string, time.Time) {
	now := em.opts.Clock()
	expires := now.Add(em.opts.TokenLifetime)
	value := em.tokens.Issue(func(n int) string {
		sum := sha256.Sum256(fmt.Appendf(nil, "token:%s:%d:%d", em.opts.ClientID, em.opts.Seed, n))
		value := base64.RawURLEncoding.EncodeToString(sum[:]) + base64.RawURLEncoding.EncodeToString(sum[:12])
		if em.opts.JWT {
			enc := base64.RawURLEncoding.EncodeToString
			header := enc([]byte(`{"alg":"RS256","typ":"JWT"}`))
			claims := enc(fmt.Appendf(nil, `{"customer":"acmecompany","exp":%d,"iat":%d,"jti":%q,"scope":%q,"sub":"%s"}`,
				expires.Unix(), now.Unix(), jti(value), strings.Join(scopes, " "), em.opts.ClientID))
			value = header + "." + claims + "." + enc(append(sum[:], sum[:]...))
		}
		return value
	}, emulate.Token{Expires: expires, Scopes: scopes})
	return value, expires
}

// bearer checks the request's Authorization header ("bearer" in any case,
// as the docs write it one way and the newer docs the other) and returns the
// token's scopes, or ok false for a missing, unknown or expired token.
func (em *Emulator) bearer(r *http.Request) (scopes []string, ok bool) {
	scheme, value, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "bearer") {
		return nil, false
	}
	t, ok := em.tokens.Valid(strings.TrimSpace(value), em.opts.Clock())
	return t.Scopes, ok
}

// tokenFail sends a token endpoint error in the configured shape.
func (em *Emulator) tokenFail(w http.ResponseWriter, r *http.Request, status int, code, desc string) {
	switch em.opts.TokenErrors {
	case TokenErrorsDomo:
		em.fail(w, r, status, http.StatusText(status), desc)
	case TokenErrorsText:
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(desc))
	default:
		answer.Write(w, status, map[string]string{"error": code, "error_description": desc})
	}
}

// jti makes the token's id, a UUID in form.
func jti(token string) string {
	sum := sha256.Sum256([]byte("jti:" + token))
	h := hex.EncodeToString(sum[:16])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
