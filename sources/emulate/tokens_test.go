package emulate_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/emulate"
)

// TestTokens: a token is valid until it expires or is revoked; each is made
// of the count of tokens issued with it, which revoking does not reset.
func TestTokens(t *testing.T) {
	var ts emulate.Tokens
	now := time.Unix(1000, 0)
	mint := func(n int) string { return fmt.Sprintf("tok-%d", n) }
	a := ts.Issue(mint, emulate.Token{Expires: now.Add(time.Minute), Scopes: []string{"audit"}})
	b := ts.Issue(mint, emulate.Token{Expires: now.Add(time.Hour)})
	if a != "tok-1" || b != "tok-2" || ts.Issued() != 2 {
		t.Fatalf("issued %q, %q, count %d; want tok-1, tok-2, 2", a, b, ts.Issued())
	}
	if tok, ok := ts.Valid(a, now); !ok || len(tok.Scopes) != 1 || tok.Scopes[0] != "audit" {
		t.Errorf("Valid(%s) = %+v, %v; want its scopes", a, tok, ok)
	}
	if _, ok := ts.Valid(a, now.Add(time.Minute)); ok {
		t.Error("a token is valid at its expiry")
	}
	if _, ok := ts.Valid("tok-9", now); ok {
		t.Error("a token never issued is valid")
	}
	ts.Revoke()
	if _, ok := ts.Valid(b, now); ok {
		t.Error("a revoked token is valid")
	}
	if c := ts.Issue(mint, emulate.Token{Expires: now.Add(time.Hour)}); c != "tok-3" || ts.Issued() != 3 {
		t.Errorf("after Revoke: issued %q, count %d; want tok-3, 3", c, ts.Issued())
	}
}
