package transport_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/trail-dev/trail/sources/transport"
)

// Each form a secret can take on its way back from a server is redacted:
// as sent, escaped, in base64, in another letter case, and cut short, as
// long as at least 8 bytes of its start are left; 7 are not a secret.
func TestRedactorForms(t *testing.T) {
	const tok = "Abc123xyzSECRETtoken/+q"
	var r transport.Redactor
	r.Add(tok, "Bearer "+tok)
	b64 := base64.StdEncoding.EncodeToString([]byte(tok))
	cases := []struct{ name, in, want string }{
		{"as sent", "bad token " + tok + "!", "bad token [redacted]!"},
		{"upper case", "BAD TOKEN " + strings.ToUpper(tok), "BAD TOKEN [redacted]"},
		{"lower case", "token=" + strings.ToLower(tok) + ";", "token=[redacted];"},
		{"mixed case", "aBC123XYZsecret", "[redacted]"},
		{"prefix of 8", "token Abc123xy… is invalid", "token [redacted]… is invalid"},
		{"prefix cut by a server", `{"error":"token Abc123xyzSECR"}`, `{"error":"token [redacted]"}`},
		{"prefix, folded", "ABC123XYZSECR...", "[redacted]..."},
		{"query escaped, cut", "auth_token=Abc123xyzSECRETtoken%2F", "auth_token=[redacted]"},
		{"base64", "Basic " + b64, "Basic [redacted]"},
		{"base64 prefix", "Basic " + b64[:12], "Basic [redacted]"},
		{"twice", tok + " and " + tok[:9], "[redacted] and [redacted]"},
		{"7 bytes are not a secret", "Abc123x is an ordinary word", "Abc123x is an ordinary word"},
		{"Bearer alone is no secret", "send a Bearer Abc token", "send a Bearer Abc token"},
		{"non-ASCII around", "é" + tok[:10] + "ü", "é[redacted]ü"},
	}
	for _, tc := range cases {
		if got := r.String(tc.in); got != tc.want {
			t.Errorf("%s: String(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// A secret with letters outside ASCII is caught in its other case too.
func TestRedactorUnicodeCase(t *testing.T) {
	var r transport.Redactor
	r.Add("ÄÖÜsecretWORD")
	if got := r.String("echo: äöüSECRETword"); got != "echo: [redacted]" {
		t.Errorf("got %q", got)
	}
}

// Redacting costs time in proportion to the text, not to its square: a
// megabyte of a secret's first bytes repeated is done in one pass.
func BenchmarkRedactorString(b *testing.B) {
	var r transport.Redactor
	r.Add("Abc123xyzSECRETtoken/+q")
	text := strings.Repeat("Abc123x ", 1<<17)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		r.String(text)
	}
}

// Whatever the text, no start of the secret 8 bytes or longer is left in
// it after redaction, in any ASCII letter case, and text without one comes
// back unchanged.
func FuzzRedactor(f *testing.F) {
	f.Add("Abc123xyzSECRETtoken/+q", "bad token Abc123xyzSECRETtoken/+q")
	f.Add("Abc123xyzSECRETtoken/+q", "ABC123XYZSE and abc123xyzsecrettoken%2F%2Bq")
	f.Add("aaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	f.Add("tok3n-éÉ-value", "TOK3N-éÉ-VALUE")
	f.Fuzz(func(t *testing.T, secret, text string) {
		if len(secret) < transport.MinPrefix || strings.ContainsAny(secret, " \t\r\n") {
			return
		}
		var r transport.Redactor
		r.Add(secret)
		out := r.String(text)
		head := foldedLower(secret[:transport.MinPrefix])
		if strings.Contains(foldedLower(out), head) && !strings.Contains("[redacted]", head) {
			t.Fatalf("String(%q) = %q still holds %q", text, out, secret[:transport.MinPrefix])
		}
		if !strings.Contains(foldedLower(text), foldedLower(secret[:transport.MinPrefix])) && !strings.Contains(out, "[redacted]") && out != text {
			t.Fatalf("String(%q) = %q changed text without the secret", text, out)
		}
	})
}

// foldedLower lowers ASCII letters only, as the redactor compares.
func foldedLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
