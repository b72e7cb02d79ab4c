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
// out: URL query escaping, path escaping and base64 (HTTP Basic auth); each
// in any letter case (a server that upper-cases what it echoes), and any
// part of one from its start that is at least MinPrefix bytes long (a
// server that echoes the first 20 characters of a token, or a message cut
// in the middle of one).
type Redactor struct {
	mu    sync.RWMutex
	forms []form
}

// MinPrefix is the shortest start of a secret that is redacted on its own:
// long enough that ordinary words are not taken for one.
const MinPrefix = 8

// form is one way a secret can appear, ASCII letters folded to lower case.
type form struct {
	folded string
	// whole: only the whole form is redacted, not its starts. Set for a
	// secret with white space in it ("Bearer TOKEN"), whose first bytes are
	// not secret; its secret part is added on its own.
	whole bool
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
		whole := strings.ContainsAny(s, " \t\r\n")
		for _, v := range []string{s, url.QueryEscape(s), url.PathEscape(s), base64.StdEncoding.EncodeToString([]byte(s)),
			strings.ToLower(s), strings.ToUpper(s)} {
			f := form{folded: foldASCII(v), whole: whole}
			if !slices.Contains(r.forms, f) {
				r.forms = append(r.forms, f)
			}
		}
	}
}

// AddBasic registers the base64 form of HTTP Basic credentials user:pass.
func (r *Redactor) AddBasic(user, pass string) {
	r.Add(user + ":" + pass)
}

// String returns s with every registered secret, and every start of one at
// least MinPrefix bytes long, replaced by [redacted], whatever its case.
// Every form is looked for in the text as given, and overlapping finds are
// redacted as one, so one form cannot hide the rest of another (a token cut
// at its escaped "/" leaves no "%2F" behind).
func (r *Redactor) String(s string) string {
	if r == nil || s == "" {
		return s
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	folded := foldASCII(s)
	var spans [][2]int
	for _, f := range r.forms {
		spans = find(folded, f, spans)
	}
	if len(spans) == 0 {
		return s
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	last := 0
	for k := 0; k < len(spans); {
		start, end := spans[k][0], spans[k][1]
		for k++; k < len(spans) && spans[k][0] <= end; k++ {
			end = max(end, spans[k][1])
		}
		b.WriteString(s[last:start])
		b.WriteString("[redacted]")
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// find appends to spans where f, or a start of f at least MinPrefix bytes
// long, occurs in folded, the longest at each place. folded is the text with
// ASCII case folded byte for byte, so its offsets hold in the text.
func find(folded string, f form, spans [][2]int) [][2]int {
	need := len(f.folded)
	if !f.whole {
		need = min(need, MinPrefix)
	}
	head := f.folded[:need]
	for i := 0; i+need <= len(folded); {
		j := strings.Index(folded[i:], head)
		if j < 0 {
			break
		}
		start := i + j
		end := start + need
		for end < len(folded) && end-start < len(f.folded) && folded[end] == f.folded[end-start] {
			end++
		}
		spans = append(spans, [2]int{start, end})
		i = end
	}
	return spans
}

// foldASCII lowers ASCII letters and leaves every other byte as it is.
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for k := i; k < len(b); k++ {
				if 'A' <= b[k] && b[k] <= 'Z' {
					b[k] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
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
