// Package canary reads the audit trail of a Thinkst Canary Console
// (GET /api/v1/audit_trail/fetch).
//
// The client follows the documented API and assumes nothing the
// documentation leaves open: it sends the token only in the
// X-Canary-Auth-Token header, sends limit only on the first page (the docs
// say it cannot be used with a cursor), widens the date-only start_date and
// end_date by a day on each side because their inclusiveness is not
// documented, and trims every page to the query's exact half-open range.
// Errors are read from both the HTTP status and the body's "result", since
// the console's error statuses are not documented either.
//
// Its emulator, in canaryemu, speaks the same API over generated data, with
// switches for each undocumented behaviour, so tests and `trail --demo` run
// the real client against it.
package canary

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// Page size bounds. The API's default is 100; its maximum is not documented,
// so the config accepts up to 1000 and leaves larger pages to the console.
const (
	defaultPageSize = 100
	maxPageSize     = 1000
)

// Options is the [sources.canary]-style table of one configured Canary source.
type Options struct {
	// BaseURL is the console's address, https://EXAMPLE.canary.tools. There
	// is no public default: every console has its own host.
	BaseURL string `toml:"base_url"`
	// Token is a secret reference (env:, cmd:, file: or a literal) to the
	// console's API auth token.
	Token string `toml:"token" secret:"true"`
	// PageSize is how many entries to ask for per page (the API's limit),
	// 1..1000; 0 means the API's default of 100.
	PageSize int `toml:"page_size"`
	// ServerSearch sends the query's text as search_term, so the console
	// narrows the pages. Its matching rule is not documented; off, the text
	// is matched by trail alone, which cannot miss an event.
	ServerSearch bool `toml:"server_search"`
}

// Provider returns the "canary" provider for main.go's registry.
func Provider() sources.Provider {
	return sources.Provider{
		Name:    "canary",
		Summary: "Thinkst Canary Console audit trail (base_url, token)",
		Options: func() any { return new(Options) },
		Open:    open,
	}
}

// demoToken is the token the demo emulator (canaryemu.DemoToken) accepts;
// TestStartDemo holds the two together.
const demoToken = "demo"

// Demo returns the Provider.Demo of `trail --demo canary`: it serves
// emulator(now) on a loopback port and opens the real client against it.
// main.go passes canaryemu.Demo; the client never imports its emulator, so
// the emulator stays a reading of the API made apart from the client.
func Demo(emulator func(now time.Time) http.Handler) sources.DemoFunc {
	return sources.DemoOn("canary", emulator, func(base string, _ time.Time, env sources.Env) sources.Source {
		return New(Config{Common: transport.Common{BaseURL: base, Name: "demo", HTTP: transport.EnvOptions(env)}, Token: demoToken})
	})
}

// open builds a Source from the config without touching the network: the
// token is resolved here and kept only inside the Source.
func open(ctx context.Context, env sources.Env) (sources.Source, error) {
	var opts Options
	o, err := sources.NewOpening(env, "canary", &opts)
	if err != nil {
		return nil, err
	}
	o.EmptyHint = "check what its token reference points to"
	base, err := o.Required("base_url", opts.BaseURL, `set it to your console's address, like base_url = "https://EXAMPLE.canary.tools"`)
	if err != nil {
		return nil, err
	}
	pageSize, err := checkPageSize(opts.PageSize)
	if err != nil {
		return nil, o.Invalid(err)
	}
	token, err := o.Secret(ctx, "token", opts.Token, `set token, for example token = "env:CANARY_AUTH_TOKEN" (Canary Console › Settings › API)`)
	if err != nil {
		return nil, err
	}
	return New(Config{
		Common:       transport.Configured(env, base),
		Token:        token,
		PageSize:     pageSize,
		ServerSearch: opts.ServerSearch,
	}), nil
}

// checkPageSize applies the default and the bounds to a configured page size.
func checkPageSize(n int) (int, error) {
	return sources.PageSize(n, defaultPageSize, maxPageSize, fmt.Sprintf(" (the API's default is %d)", defaultPageSize))
}
