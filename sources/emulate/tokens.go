package emulate

import (
	"sync"
	"time"
)

// Tokens are the access tokens an emulator of an OAuth client credentials
// grant has issued (Domo, Qualtrics): what each is worth and until when.
// How a token looks and how it is asked for are each provider's own. The
// zero value is ready; it is safe for concurrent use.
type Tokens struct {
	mu      sync.Mutex
	issued  int
	byValue map[string]Token
}

// Token is what an emulator knows of a token it issued.
type Token struct {
	Expires time.Time
	Scopes  []string
}

// Issue records a new token, whose value mint makes of n, the count of
// tokens issued with this one, and returns the value.
func (ts *Tokens) Issue(mint func(n int) string, t Token) string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.issued++
	value := mint(ts.issued)
	if ts.byValue == nil {
		ts.byValue = map[string]Token{}
	}
	ts.byValue[value] = t
	return value
}

// Valid returns the token of value, and false for one never issued,
// revoked, or expired at now.
func (ts *Tokens) Valid(value string, now time.Time) (Token, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t, ok := ts.byValue[value]
	return t, ok && now.Before(t.Expires)
}

// Revoke forgets every token issued: the next request with one is refused.
func (ts *Tokens) Revoke() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	clear(ts.byValue)
}

// Issued returns how many tokens have been issued, revoked ones included.
func (ts *Tokens) Issued() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.issued
}
