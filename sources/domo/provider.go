// Package domo reads Domo's Activity Log (GET https://api.domo.com/v1/audit)
// with a real HTTP client.
//
// Domo documents less than trail needs, so the client decides, and says so:
//
//   - Auth is OAuth client credentials: client_id and client_secret go, with
//     HTTP Basic auth, to {base}/oauth/token for a token of scope "audit". The
//     token is cached until shortly before expires_in (or a JWT's exp) runs
//     out and fetched again once when the API answers 401, before any error
//     reaches the user. The token endpoint is asked with POST and a form, as
//     Domo's Python SDK does, and with GET and a query string, as the docs
//     show, if POST is refused.
//   - Paging is start/end (epoch ms), limit and offset. The window is fixed
//     when a walk starts, wider than the query by more than any zone's
//     offset, and travels in the opaque cursor with the offset, so events
//     arriving meanwhile beyond its end cannot shift what the walk sees.
//   - Entries carry no id: the id is a hash of the entry's canonical JSON, so
//     the same entry always has the same id (see ids.go).
//   - The order of entries is not documented, and the walk does not need
//     one: entries arriving within the window push those already shown past
//     the next offset, and the ids of the last ones shown drop them again
//     (see cursor.go).
//   - The docs' time form ("2017-12-13 10:57:35 PM") has no zone; it is read
//     in the source's timezone, America/Denver by default, the zone the docs'
//     own sample request and entry imply (timezone.go). A time with a zone
//     or an offset, RFC 3339 and epoch ms are absolute.
//   - start is required by the API, so a query without a start time looks back
//     DefaultWindow (30 days), which the filter pane shows.
//   - The user filter takes a numeric user id; a query's actor is sent as
//     `user` only when it looks like one, and always matched on this side too.
//   - `trail check` asks Diagnose (sources.Diagnoser) what the first page
//     shows: an entry that reads as in the future gives away a zone east
//     of the one set, and the hint says which timezone line would fit.
//   - Requests go through sources/transport: retries, rate-limit waits, the
//     body cap, same-origin redirects and redaction of every credential.
//
// Its emulator, in domoemu, speaks the same API over generated data, with a switch for each
// behaviour the documentation leaves open, so tests and `trail --demo domo`
// run the real client against it.
package domo

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// DefaultBaseURL is Domo's public API host, used when base_url is not set.
const DefaultBaseURL = "https://api.domo.com"

// Page size bounds. The API's default limit is 50 and its documented maximum
// 1000. trail asks for 500: half the round trips of the API's default of 50
// tenfold, a page that still arrives quickly, and room under the maximum for
// the few entries each page fetches again to find where the last one ended.
const (
	defaultPageSize = 500
	maxPageSize     = 1000
)

// DefaultWindow is how far back a query without a start time looks: the API
// requires start, and a month is what an analyst usually means by "recent".
const DefaultWindow = 30 * 24 * time.Hour

// Options is the table of one configured Domo source.
type Options struct {
	// BaseURL is the API's address; empty means https://api.domo.com. Tests
	// and the demo point it at the emulator on loopback.
	BaseURL string `toml:"base_url"`
	// ClientID is a secret reference to the OAuth client's id.
	ClientID string `toml:"client_id" secret:"true"`
	// ClientSecret is a secret reference to the OAuth client's secret.
	ClientSecret string `toml:"client_secret" secret:"true"`
	// PageSize is the API's limit per page, 1..1000; 0 means 500.
	PageSize int `toml:"page_size"`
	// Timezone is the IANA zone Domo writes times without a zone in (the
	// docs' "2017-12-13 10:57:35 PM"); "" means America/Denver, the zone
	// the docs' own sample implies.
	Timezone string `toml:"timezone" zone:"true"`
}

// Provider returns the "domo" provider for main.go's registry.
func Provider() sources.Provider {
	return sources.Provider{
		Name:    "domo",
		Summary: "Domo activity log (client_id, client_secret with the audit scope)",
		Options: func() any { return new(Options) },
		Open:    open,
	}
}

// The credentials the demo emulator (domoemu.DemoClientID and
// DemoClientSecret) knows; TestDemo holds the two together.
const (
	demoClientID     = "demo-client"
	demoClientSecret = "demo-secret"
)

// Demo returns the Provider.Demo of `trail --demo domo`: it serves
// emulator(now) on a loopback port and opens the real client against it.
// main.go passes domoemu.Demo; the client never imports its emulator, so
// the emulator stays a reading of the API made apart from the client.
func Demo(emulator func(now time.Time) http.Handler) sources.DemoFunc {
	return sources.DemoOn("domo", emulator, func(base string, _ time.Time, env sources.Env) sources.Source {
		return New(Config{
			Common:       transport.Common{BaseURL: base, Name: "demo", HTTP: transport.EnvOptions(env)},
			ClientID:     demoClientID,
			ClientSecret: demoClientSecret,
		})
	})
}

// open builds a Source from the config without touching the network: the
// client id and secret are resolved here and kept only inside the Source.
func open(ctx context.Context, env sources.Env) (sources.Source, error) {
	var opts Options
	o, err := sources.NewOpening(env, "domo", &opts)
	if err != nil {
		return nil, err
	}
	pageSize, err := checkPageSize(opts.PageSize)
	if err != nil {
		return nil, o.Invalid(err)
	}
	loc, err := LoadTimezone(opts.Timezone)
	if err != nil {
		return nil, o.Invalid(err)
	}
	id, err := o.Secret(ctx, "client_id", opts.ClientID, missingHint("client_id"))
	if err != nil {
		return nil, err
	}
	secret, err := o.Secret(ctx, "client_secret", opts.ClientSecret, missingHint("client_secret"))
	if err != nil {
		return nil, err
	}
	base := strings.TrimSpace(opts.BaseURL)
	if base == "" {
		base = DefaultBaseURL
	}
	return New(Config{
		Common:       transport.Configured(env, base),
		ClientID:     id,
		ClientSecret: secret,
		PageSize:     pageSize,
		Location:     loc,
	}), nil
}

// missingHint says what to set for a missing client_id or client_secret.
func missingHint(key string) string {
	return fmt.Sprintf("set it, for example %s = \"env:DOMO_%s\" (%s)", key, strings.ToUpper(key), clientsPage)
}

// checkPageSize applies the default and the bounds to a configured page size.
func checkPageSize(n int) (int, error) {
	return sources.PageSize(n, defaultPageSize, maxPageSize, fmt.Sprintf(" (trail's default is %d)", defaultPageSize))
}
