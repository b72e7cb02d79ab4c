package qualtrics

import (
	"testing"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// env returns an Env whose Decode copies opts and whose Secret resolves the
// test references.
func env(opts Options) sources.Env {
	return sourcetest.Env(opts, map[string]string{"env:QT": testToken + "\n", "env:QID": testClientID, "env:QSECRET": " " + testSecret, "env:EMPTY": ""})
}

func TestProviderOpen(t *testing.T) {
	p := Provider().WithDemo(Demo(qualtricsemu.Demo)) // as main.go registers it
	sourcetest.RequireProvider[Options](t, p, "qualtrics")

	for _, tc := range []struct {
		name string
		opts Options
		auth string
	}{
		{"token", Options{Token: "env:QT"}, "X-API-TOKEN"},
		{"oauth", Options{ClientID: "env:QID", ClientSecret: "env:QSECRET", ActivityType: " password_resets ", PageSize: 7}, "Authorization"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			em, srv := serve(t, qualtricsemu.Options{Events: 300})
			tc.opts.BaseURL = srv.URL + "/API/v3/"
			e := env(tc.opts)
			e.Client = srv.Client()
			sourcetest.RequireOpenOffline(t, p, e, em.Received)
			last := em.Requests()[len(em.Requests())-1]
			if last.Header.Get(tc.auth) == "" || (tc.auth == "X-API-TOKEN" && last.Header.Get(tc.auth) != testToken) {
				t.Errorf("%s %q; want the resolved secret, trimmed", tc.auth, last.Header.Get(tc.auth))
			}
			wantType, wantSize := "logins", "100"
			if tc.opts.ActivityType != "" {
				wantType, wantSize = "password_resets", "7"
			}
			if last.Query.Get("activityType") != wantType || last.Query.Get("pageSize") != wantSize {
				t.Errorf("activityType %q, pageSize %q", last.Query.Get("activityType"), last.Query.Get("pageSize"))
			}
		})
	}
}

func TestProviderOpenErrors(t *testing.T) {
	const base = "https://iad1.qualtrics.com/API/v3"
	tests := []struct {
		name string
		opts Options
		says []string
	}{
		{"no base_url", Options{Token: "env:QT"}, []string{"base_url", `source "prod"`, "https://iad1.qualtrics.com/API/v3", "Qualtrics IDs"}},
		{"no credentials", Options{BaseURL: base}, []string{"no credentials", "token = ", "client_id", "read:activity_logs"}},
		{"both", Options{BaseURL: base, Token: "env:QT", ClientID: "env:QID"}, []string{"both token and client_id"}},
		{"no client_secret", Options{BaseURL: base, ClientID: "env:QID"}, []string{"no client_secret"}},
		{"no client_id", Options{BaseURL: base, ClientSecret: "env:QSECRET"}, []string{"no client_id"}},
		{"unset secret", Options{BaseURL: base, Token: "env:NOPE"}, []string{"reading the token", "NOPE is not set"}},
		{"empty secret", Options{BaseURL: base, ClientID: "env:QID", ClientSecret: "env:EMPTY"}, []string{"client_secret", "empty"}},
		{"page_size too big", Options{BaseURL: base, Token: "env:QT", PageSize: 5000}, []string{"page_size 5000", "1 to 1000"}},
		{"page_size negative", Options{BaseURL: base, Token: "env:QT", PageSize: -1}, []string{"page_size -1"}},
	}
	for _, tt := range tests {
		checks.OpenError(t, Provider(), tt.name, env(tt.opts), tt.says...)
	}
}

func TestNormalizeBase(t *testing.T) {
	for in, want := range map[string]string{
		"https://iad1.qualtrics.com":              "https://iad1.qualtrics.com/API/v3",
		" https://fra1.qualtrics.com/API/v3/ ":    "https://fra1.qualtrics.com/API/v3",
		"https://proxy.example/q":                 "https://proxy.example/q",
		"https://u:p@iad1.qualtrics.com/API/v3?x": "https://iad1.qualtrics.com/API/v3",
		"iad1.qualtrics.com":                      "",
		"ftp://iad1.qualtrics.com":                "",
		"https://":                                "",
		"":                                        "",
	} {
		got := ""
		if u := normalizeBase(transport.ParseBase(in)); u != nil {
			got = u.String()
		}
		if got != want {
			t.Errorf("normalizeBase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckPageSize(t *testing.T) {
	for in, want := range map[int]int{0: 100, 1: 1, 250: 250, 1000: 1000, 1001: 0, -5: 0} {
		got, err := checkPageSize(in)
		if got != want || (err != nil) != (want == 0) {
			t.Errorf("checkPageSize(%d) = %d, %v; want %d", in, got, err, want)
		}
	}
}
