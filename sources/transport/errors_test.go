package transport_test

import (
	"strings"
	"testing"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

func TestPageTitle(t *testing.T) {
	long := strings.Repeat("é", 50)
	for body, want := range map[string]string{
		"<TITLE>\n 502  Bad\tGateway </TITLE>": "502 Bad Gateway",
		"<title>a &amp; \x1b b</title>":        "a & \x1b b",
		"<title>" + long + "</title>":          long,
		"<title>unclosed":                      "",
	} {
		if got := transport.PageTitle([]byte(body)); got != want {
			t.Errorf("PageTitle(%q) = %q, want %q", body, got, want)
		}
	}
	// HTMLTitle cuts the same title at 80 bytes and makes it safe to show.
	if got := transport.HTMLTitle([]byte("<title>" + long + "</title>")); !strings.HasSuffix(got, "…") || len(got) > 80+len(`\xc3`)+len("…") {
		t.Errorf("HTMLTitle of a long title = %q", got)
	}
}

func TestNonJSON(t *testing.T) {
	title := func([]byte) string { return "Sign in" }
	clean := func(s string, n int) string { return "<" + s + ">" }
	for _, tc := range []struct {
		body, ctype, want string
	}{
		{"<html>", "", `the server sent an HTML page instead of JSON (titled "Sign in")`},
		{"oops", "text/html; charset=utf-8", `the server sent an HTML page instead of JSON (titled "Sign in")`},
		{"[1]", "application/json", "the response is a JSON list, not an object"},
		{"OK", "text/plain", "the server sent <text/plain> instead of JSON"},
		{"OK", "application/json", "the response is not JSON"},
		{"OK", "", "the response is not JSON"},
	} {
		if got := transport.NonJSON([]byte(tc.body), tc.ctype, title, clean); got != tc.want {
			t.Errorf("NonJSON(%q, %q) = %q, want %q", tc.body, tc.ctype, got, tc.want)
		}
	}
	untitled := transport.NonJSON([]byte("<p>"), "", func([]byte) string { return "" }, clean)
	if untitled != "the server sent an HTML page instead of JSON" {
		t.Errorf("NonJSON of a page without a title = %q", untitled)
	}
}

func TestDefaultMessage(t *testing.T) {
	for _, tc := range []struct {
		kind   error
		status int
		want   string
	}{
		{sources.ErrUnauthorized, 401, "Domo refused the access token"},
		{sources.ErrForbidden, 403, "Domo refused access to the activity log"},
		{sources.ErrRateLimited, 429, "Domo asked for fewer requests"},
		{sources.ErrBadQuery, 418, "Domo answered i'm a teapot"},
		{sources.ErrUnavailable, 200, "Domo reported an error without a message"},
		{sources.ErrBadQuery, 299, "Domo reported an error without a message"},
	} {
		if got := transport.DefaultMessage(tc.kind, tc.status, "Domo", "the access token", "the activity log"); got != tc.want {
			t.Errorf("DefaultMessage(%v, %d) = %q, want %q", tc.kind, tc.status, got, tc.want)
		}
	}
}

func TestClipCleanQuote(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"abcdef", 3, "abc…"},
		{"ééé", 3, "é…"}, // not in the middle of a rune
		{"", 0, ""},
	} {
		if got := transport.Clip(tc.in, tc.n); got != tc.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
	if got := transport.Clean("a\x1bb", 40); got != `a\x1bb` {
		t.Errorf("Clean = %q", got)
	}
	c := transport.New(transport.Options{})
	c.Secrets().Add("s3cret-token")
	// The secret goes before the text is cut: no half of it is left.
	if got := c.Quote("token s3cret-token here", 10); strings.Contains(got, "s3cr") || got != "token [red…" {
		t.Errorf("Quote = %q", got)
	}
}
