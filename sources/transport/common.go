package transport

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/trail-dev/trail/sources"
)

// Common is the part of every provider's Config that is not the provider's
// own: where the API is, how to reach it and the clock. Each provider embeds
// it, and its New settles it with Open, so that the options of every client
// are resolved in one place.
type Common struct {
	// BaseURL is the API's address. It may carry a path prefix (a reverse
	// proxy); a trailing slash is ignored. What else it may be (a default
	// when empty, a path added) is each provider's Config to say.
	BaseURL string
	// Client is the HTTP client; nil means the transport's own.
	Client *http.Client
	// Name is the source's name in the config, used in hints; may be empty.
	Name string
	// Now is the provider's clock, for default windows, token expiry and
	// Retry-After dates; nil means time.Now.
	Now func() time.Time
	// MaxBody caps the bytes read from one response; 0 means the provider's
	// default (64 MiB; 32 MiB for Intercom).
	MaxBody int64
	// HTTP tunes retries, timeouts, waits and the debug log; Client and
	// MaxBody above fill in what it leaves unset, then the provider's
	// defaults.
	HTTP Options
}

// Configured is the Common of a source opened from the config file: its name
// and clock and the [net] settings come from env.
func Configured(env sources.Env, base string) Common {
	return Common{BaseURL: base, Name: env.Name, Now: env.Now, HTTP: EnvOptions(env)}
}

// Open settles c for provider: the transport client, whose options come from
// c.HTTP, then c's Client and MaxBody, then defaults (where a provider
// passes its clock as Now when the transport should read it too); the
// clock, c.Now or time.Now; and the base URL (ParseBase), nil when it is
// unusable, for the first Fetch to report.
func (c Common) Open(provider string, defaults Options) (*Client, func() time.Time, *url.URL) {
	now := c.Now
	if now == nil {
		now = time.Now
	}
	opts := Resolve(provider, c.HTTP, Options{Client: c.Client, MaxBody: c.MaxBody}, defaults)
	return New(opts), now, ParseBase(c.BaseURL)
}

// ParseBase reads a base URL: spaces and trailing slashes trimmed, query and
// fragment dropped. It is nil unless the URL is absolute (a scheme and a
// host).
func ParseBase(raw string) *url.URL {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(raw), "/"))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil
	}
	u.RawQuery, u.Fragment = "", ""
	return u
}
