// Package qualtrics reads a Qualtrics brand's activity logs ("List Events",
// GET {base_url}/logs, and "List Activity Types", GET {base_url}/logs/activitytypes).
//
// The API leaves much open, so the client assumes as little as it can:
//
//   - An activity type is always in force: the API requires one. The query's
//     action is the type; the empty action means the configured default
//     (activity_type, "logins" unless set). Events carry no type of their own,
//     so each event's action is the type it was fetched for.
//   - The time window is always sent, startDate inclusive and endDate
//     exclusive, which is the query's half-open range. With no start the
//     window is the 7 days before its end (the API's own default, shown by the
//     UI through Capabilities.DefaultWindow); with no end it ends when the walk
//     starts. Both are fixed in the cursor, so a walk never drifts. Times are
//     sent in milliseconds, rounded outwards, and every page is trimmed to the
//     exact range.
//   - order=dsc is always sent: the list shows newest first and the API's
//     default order is not documented.
//   - result.nextPage may be an opaque token, sent back as skipToken with the
//     original filters, or a URL, followed with the same credentials only if
//     it is on the configured scheme and host. A token that comes back during
//     a walk ends it rather than looping: the page that got it carries a
//     notice, and the cursor after it fails with an error that says why, so
//     an export stops with an error instead of ending short in silence.
//
// Its emulator, in qualtricsemu, speaks the same API over generated data, with a switch for
// each behaviour the documentation leaves open, so tests and `trail --demo`
// run the real client against it.
package qualtrics

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// Page size bounds. Neither the API's default nor its maximum is documented;
// other v3 lists default to 100 and one public client caps this one at 1000.
const (
	defaultPageSize = 100
	maxPageSize     = 1000
)

// defaultActivityType is the type browsed when neither the config nor the
// query names one: logins are what analysts look at first.
const defaultActivityType = "logins"

// scope is the OAuth scope that lets a client read the activity logs.
const scope = "read:activity_logs"

// Options is the table of one configured Qualtrics source.
type Options struct {
	// BaseURL names the brand's data center, like
	// https://iad1.qualtrics.com/API/v3. It is required: a brand lives in one
	// data center, and OAuth tokens are refused everywhere else. A bare host
	// gets /API/v3 added.
	BaseURL string `toml:"base_url"`
	// Token is a secret reference to an API token, sent as X-API-TOKEN.
	Token string `toml:"token" secret:"true"`
	// ClientID and ClientSecret are secret references to an OAuth client,
	// used instead of Token (client credentials, scope read:activity_logs).
	ClientID     string `toml:"client_id" secret:"true"`
	ClientSecret string `toml:"client_secret" secret:"true"`
	// ActivityType is the type shown when the filter names none; "" = logins.
	ActivityType string `toml:"activity_type"`
	// PageSize is how many events to ask for per page, 1..1000; 0 = 100.
	PageSize int `toml:"page_size"`
}

// Provider returns the "qualtrics" provider for main.go's registry.
func Provider() sources.Provider {
	return sources.Provider{
		Name:    "qualtrics",
		Summary: "Qualtrics activity logs (base_url, token or client_id/client_secret, activity_type)",
		Options: func() any { return new(Options) },
		Open:    open,
	}
}

// demoToken is the token the demo emulator (qualtricsemu.DemoToken)
// accepts; TestDemo holds the two together.
const demoToken = "demo"

// Demo returns the Provider.Demo of `trail --demo qualtrics`: it serves
// emulator(now) on a loopback port and opens the real client against its
// /API/v3, 50 events a page. main.go passes qualtricsemu.Demo; the client
// never imports its emulator, so the emulator stays a reading of the API
// made apart from the client.
func Demo(emulator func(now time.Time) http.Handler) sources.DemoFunc {
	return sources.DemoOn("qualtrics", emulator, func(base string, _ time.Time, env sources.Env) sources.Source {
		return New(Config{Common: transport.Common{BaseURL: base + "/API/v3", Name: "demo", HTTP: transport.EnvOptions(env)}, Token: demoToken, PageSize: 50})
	})
}

// open builds a Source from the config without touching the network: the
// secrets are resolved here and kept only inside the Source.
func open(ctx context.Context, env sources.Env) (sources.Source, error) {
	var opts Options
	o, err := sources.NewOpening(env, "qualtrics", &opts)
	if err != nil {
		return nil, err
	}
	base, err := o.Required("base_url", opts.BaseURL, `set it to your brand's data center, like base_url = "https://iad1.qualtrics.com/API/v3" (the Datacenter ID is under Account Settings › Qualtrics IDs)`)
	if err != nil {
		return nil, err
	}
	pageSize, err := checkPageSize(opts.PageSize)
	if err != nil {
		return nil, o.Invalid(err)
	}
	activity := strings.TrimSpace(opts.ActivityType)
	if activity == "" {
		activity = defaultActivityType
	}
	cfg := Config{Common: transport.Configured(env, base), ActivityType: activity, PageSize: pageSize}
	token, id, secret := strings.TrimSpace(opts.Token), strings.TrimSpace(opts.ClientID), strings.TrimSpace(opts.ClientSecret)
	switch {
	case token != "" && (id != "" || secret != ""):
		return nil, o.Errorf("%s sets both token and client_id/client_secret: keep one way to sign in", o.Where)
	case token == "" && id == "" && secret == "":
		return nil, o.Missing("credentials", `set token = "env:QUALTRICS_API_TOKEN" (Account Settings › Qualtrics IDs › API), or client_id and client_secret of an OAuth client with the scope `+scope)
	case token == "" && (id == "" || secret == ""):
		missing := "client_secret"
		if id == "" {
			missing = "client_id"
		}
		return nil, o.Missing(missing, "an OAuth client needs both client_id and client_secret")
	}
	for _, r := range []struct {
		key string
		ref string
		to  *string
	}{{"token", token, &cfg.Token}, {"client_id", id, &cfg.ClientID}, {"client_secret", secret, &cfg.ClientSecret}} {
		if r.ref == "" {
			continue
		}
		if *r.to, err = o.Resolve(ctx, r.key, r.ref); err != nil {
			return nil, err
		}
	}
	return New(cfg), nil
}

// checkPageSize applies the default and the bounds to a configured page size.
func checkPageSize(n int) (int, error) {
	return sources.PageSize(n, defaultPageSize, maxPageSize, fmt.Sprintf(" (the default is %d)", defaultPageSize))
}

// sourceRef names a source in messages (see sources.Ref).
func sourceRef(name string) string { return sources.Ref(name) }
