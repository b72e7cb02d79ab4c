package transport

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Redactor removes secrets from text. A provider adds its token or client
// secret when it opens and each access token when it gets one; everything
// the transport writes (errors, the debug log) passes through it, and
// providers pass the provider's own error text through it too.
//
// Besides the secret itself it removes the forms a secret takes on the way
// out: URL query escaping, path escaping and base64 (HTTP Basic auth).
type Redactor struct {
	mu      sync.RWMutex
	secrets []string
}

// Add registers secrets. Values shorter than 4 bytes are ignored: removing
// every "ab" from messages would do more harm than good.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if len(s) < 4 {
			continue
		}
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s), base64.StdEncoding.EncodeToString([]byte(s))} {
			if !contains(r.secrets, form) {
				r.secrets = append(r.secrets, form)
			}
		}
	}
}

// AddBasic registers the base64 form of HTTP Basic credentials user:pass.
func (r *Redactor) AddBasic(user, pass string) {
	r.Add(user + ":" + pass)
}

// String returns s with every registered secret replaced by [redacted].
func (r *Redactor) String(s string) string {
	if r == nil {
		return s
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, secret := range r.secrets {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// safeURL describes a URL for messages and logs: scheme, host and path,
// with the query reduced to its parameter names, so a token sent as a
// parameter (Canary accepts auth_token=...) cannot leak through it.
func safeURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	s := u.Scheme + "://" + u.Host + u.EscapedPath()
	if u.RawQuery != "" {
		keys := make([]string, 0, 4)
		for k := range u.Query() {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		s += "?" + strings.Join(keys, "=…&") + "=…"
	}
	return s
}
