// Package intercom reads an Intercom workspace's admin activity log
// (GET /admins/activity_logs, or its search endpoint).
//
// Several parts of the API are not settled by its documentation, and the
// client is written so that it does not matter which reading is true:
//
//   - Time bounds. created_at_after and created_at_before are Unix seconds
//     whose inclusiveness is not documented. The client asks for one second
//     more on each side than either reading needs and trims every page to the
//     query's exact half-open range. The window is fixed (both ends) when a
//     walk starts and carried in the cursor, so entries written while the
//     user pages cannot shift the pages under them. With no start time the
//     window reaches DefaultWindow back from its end.
//   - pages.next. The spec types it as {per_page, starting_after}, scripts in
//     the wild follow it as a URL, and older docs let the whole pages object
//     be empty. All three are read: a URL is followed as it is, but only on
//     the configured scheme and host (the token goes with it); an object
//     repeats the request with starting_after and per_page; null, missing or
//     page >= total_pages ends the walk.
//   - Order. Nothing is documented. The client never relies on it (the
//     window is applied by the API, not inferred from times on a page), so it
//     shows entries in the order Intercom sends them; the emulator sends them
//     newest first, as the list expects.
//   - Rate limits. X-RateLimit-Limit/Remaining/Reset are read from every
//     response; when few requests are left the client waits for the reset
//     before the next request rather than earn a 429, and after a 429 it
//     waits for the reset and retries a bounded number of times. The state
//     lives in the Source, shared by every Fetch on it; the waiting is done
//     by sources/transport (through its Pace and Wait hooks), which also
//     retries failures, caps responses, keeps redirects on the host and
//     removes the token from everything it says.
//
// Its emulator, in intercomemu, speaks the same API over generated data, with a switch for
// each undocumented behaviour, so tests and `trail --demo intercom` run the
// real client against it.
package intercom

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// Defaults and bounds of the configuration.
const (
	// DefaultBaseURL is Intercom's US host; the EU and AU workspaces live on
	// https://api.eu.intercom.io and https://api.au.intercom.io.
	DefaultBaseURL = "https://api.intercom.io"
	// DefaultAPIVersion is the Intercom-Version sent when api_version is not
	// set: the newest version whose spec documents the activity log fully.
	DefaultAPIVersion = "2.16"
	// DefaultWindow is how far back a query without a start time looks.
	// created_at_after is required, so some start must be chosen; a month
	// covers the usual "what happened lately" without a huge first walk.
	DefaultWindow = 30 * 24 * time.Hour
	// maxPageSize is the largest per_page Intercom documents (on the search
	// endpoint; the GET documents none).
	maxPageSize = 250
)

// Options is the [sources.NAME] table of one configured Intercom source.
type Options struct {
	// BaseURL is the API host of the workspace's region; "" means the US
	// host, https://api.intercom.io.
	BaseURL string `toml:"base_url"`
	// Token is a secret reference (env:, cmd:, file: or a literal) to an
	// access token of an Intercom app in the workspace.
	Token string `toml:"token" secret:"true"`
	// APIVersion is sent as Intercom-Version; "" means 2.16.
	APIVersion string `toml:"api_version"`
	// PageSize, when set (1..250), is sent as per_page. The GET does not
	// document per_page, so by default it is left to Intercom (20).
	PageSize int `toml:"page_size"`
}

// Provider returns the "intercom" provider for main.go's registry.
func Provider() sources.Provider {
	return sources.Provider{
		Name:    "intercom",
		Summary: "Intercom admin activity log (token; base_url for EU/AU, api_version)",
		Options: func() any { return new(Options) },
		Open:    open,
	}
}

// demoToken is the token the demo emulator (intercomemu.DemoToken) accepts;
// TestStartDemo holds the two together.
const demoToken = "demo"

// Demo returns the Provider.Demo of `trail --demo intercom`: it serves
// emulator(now) on a loopback port and opens the real client against it,
// on env's clock, which the emulator's log ends at when it starts and which
// goes on, so entries that arrive later (DemoArriving) come into the
// client's window. main.go passes intercomemu.Demo; the client
// never imports its emulator, so the emulator stays a reading of the API
// made apart from the client.
func Demo(emulator func(now time.Time) http.Handler) sources.DemoFunc {
	return sources.DemoOn("intercom", emulator, func(base string, _ time.Time, env sources.Env) sources.Source {
		return New(Config{Common: transport.Common{BaseURL: base, Name: "demo", HTTP: transport.EnvOptions(env), Now: env.Clock()}, Token: demoToken})
	})
}

// open builds a Source from the config without touching the network: the
// token is resolved here and kept only inside the Source.
func open(ctx context.Context, env sources.Env) (sources.Source, error) {
	var opts Options
	o, err := sources.NewOpening(env, "intercom", &opts)
	if err != nil {
		return nil, err
	}
	o.EmptyHint = "check what its token reference points to"
	version, err := checkVersion(opts.APIVersion)
	if err != nil {
		return nil, o.Invalid(err)
	}
	pageSize, err := sources.PageSize(opts.PageSize, 0, maxPageSize, ", or leave it out for Intercom's default of 20")
	if err != nil {
		return nil, o.Invalid(err)
	}
	token, err := o.Secret(ctx, "token", opts.Token, `set token, for example token = "env:INTERCOM_TOKEN" `+
		"(an access token from Intercom › Settings › Integrations › Developer Hub › your app › Authentication)")
	if err != nil {
		return nil, err
	}
	return New(Config{
		Common:     transport.Configured(env, opts.BaseURL),
		Token:      token,
		APIVersion: version,
		PageSize:   pageSize,
	}), nil
}

// checkVersion applies the default to api_version and refuses what cannot
// be a version, before a request is wasted on it.
func checkVersion(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return DefaultAPIVersion, nil
	}
	if !isVersion(v) {
		return "", fmt.Errorf("api_version %q is not an Intercom version: use one like %q (1.0–1.4, 2.0–2.16, or Unstable)", v, DefaultAPIVersion)
	}
	return v, nil
}

// isVersion accepts the shape of Intercom's versions (2.16, 1.4) and the
// named ones, so a version newer than trail works without a new release.
func isVersion(v string) bool {
	if v == "Unstable" || v == "Preview" {
		return true
	}
	major, minor, ok := strings.Cut(v, ".")
	return ok && isDigits(major) && isDigits(minor)
}

func isDigits(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
