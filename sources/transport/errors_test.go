package transport_test

import (
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
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
}

// TestPageTitleInvalidUTF8: a title among bytes that are not UTF-8 is found
// where it is, without reading past the body (found by fuzzing: lowering
// the page as UTF-8 made it longer than the body it indexed).
func TestPageTitleInvalidUTF8(t *testing.T) {
	c := transport.New(transport.Options{})
	for body, want := range map[string][]string{
		"<title>0000\xa3\xe30\xbe\xf6\xe00\xea000000000000000000000000</title": {"0000", "000000000000000000000000"},
		"<TITLE>\xff\xfe Bad \xc3 Gateway</TiTlE><p>x":                         {"Bad", "Gateway"},
		"\xe3\xe3\xe3\xe3<title>Sign in</title>":                               {"Sign in"},
		"\xe3\xe3\xe3\xe3<title>cut off</tit":                                  nil,
	} {
		b := []byte(body)
		got := c.Title(b[:len(b):len(b)]) // nothing past the end to read
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("Title(%q) = %q, want it to hold %q", body, got, w)
			}
		}
		if want == nil && got != "" {
			t.Errorf("Title(%q) = %q, want none", body, got)
		}
	}
}

// TestTitle: a page's title is made fit for a message: control characters
// shown as escapes, cut at 80 bytes on a rune boundary, and the client's
// secrets taken out before the cut, so that a secret straddling it leaves
// no part of itself behind.
func TestTitle(t *testing.T) {
	const secret = "s3cr3t-T0KEN-abcdefghijklmnop"
	c := transport.New(transport.Options{})
	c.Secrets().Add(secret)
	long := strings.Repeat("é", 50)
	for body, want := range map[string]string{
		`<html><head><TITLE>502 Bad Gateway</TITLE></head></html>`: "502 Bad Gateway",
		"<title>\xff\xfe\xff bad bytes</title>":                    `\xff\xfe\xff bad bytes`,
		"\xff\xff\xff<title>after bad bytes</title>":               "after bad bytes",
		`<title>a &amp; b</title>`:                                 "a & b",
		`<title>` + "\x1b]0;pwn\x07" + `</title>`:                  `\x1b]0;pwn\x07`,
		`no title here`:               "",
		`<title>unclosed`:             "",
		"<title>" + long + "</title>": long[:80] + "…",
	} {
		if got := c.Title([]byte(body)); got != want {
			t.Errorf("Title(%q) = %q, want %q", body, got, want)
		}
	}
	for at := 60; at <= 85; at++ {
		title := strings.Repeat("x", at) + secret + strings.Repeat("y", 40)
		got := c.Title([]byte("<title>" + title + "</title>"))
		if strings.Contains(got, secret[:6]) {
			t.Errorf("the secret at byte %d: Title = %q, which holds part of it", at, got)
		}
		if got := c.NonJSON([]byte("<title>"+title+"</title>"), "text/html"); strings.Contains(got, secret[:6]) {
			t.Errorf("the secret at byte %d: NonJSON = %q, which holds part of it", at, got)
		}
	}
}

func TestNonJSON(t *testing.T) {
	c := transport.New(transport.Options{})
	c.Secrets().Add("hunter2")
	for _, tc := range []struct {
		body, ctype, want string
	}{
		{"<html><title>Sign in</title>", "", `the server sent an HTML page instead of JSON (titled "Sign in")`},
		{"oops", "text/html; charset=utf-8", `the server sent an HTML page instead of JSON`},
		{"<title>hunter2</title>", "", `the server sent an HTML page instead of JSON (titled "[redacted]")`},
		{"[1]", "application/json", "the response is a JSON list, not an object"},
		{"OK", "text/plain", "the server sent text/plain instead of JSON"},
		{"OK", "application/json", "the response is not JSON"},
		{"OK", "", "the response is not JSON"},
	} {
		if got := c.NonJSON([]byte(tc.body), tc.ctype); got != tc.want {
			t.Errorf("NonJSON(%q, %q) = %q, want %q", tc.body, tc.ctype, got, tc.want)
		}
	}
}

// TestParseObject: a body that is a JSON object, spaces around it, is parsed
// into the document; anything else is named, invalid JSON in
// json.Unmarshal's words.
func TestParseObject(t *testing.T) {
	c := transport.New(transport.Options{})
	d := jsondoc.Get()
	defer jsondoc.Put(d)
	for _, tc := range []struct {
		body, ctype, want string
	}{
		{" \n{\"a\": [1]}\n", "application/json", ""},
		{"  ", "application/json", "the server sent an empty response"},
		{"<html><title>Sign in</title>", "", `the server sent an HTML page instead of JSON (titled "Sign in")`},
		{"[1]", "application/json", "the response is a JSON list, not an object"},
		{`{"a": }`, "application/json", "the response is not valid JSON: invalid character '}' looking for beginning of value"},
	} {
		if got := c.ParseObject(d, []byte(tc.body), tc.ctype); got != tc.want {
			t.Errorf("ParseObject(%q, %q) = %q, want %q", tc.body, tc.ctype, got, tc.want)
		}
	}
	if c.ParseObject(d, []byte(`{"a": "b"}`), "") != "" || d.Kind(d.Root()) != '{' || string(d.Raw(d.Root())) != `{"a": "b"}` {
		t.Errorf("the object was not parsed into the document: %q", d.Raw(d.Root()))
	}
}

// TestStatusNamesKind: sign-in, rate-limit, not-found and server statuses
// name the kind of a response whose body is not JSON; others do not.
func TestStatusNamesKind(t *testing.T) {
	for status, want := range map[int]bool{401: true, 403: true, 404: true, 429: true, 500: true, 503: true, 599: true,
		200: false, 204: false, 302: false, 400: false, 406: false, 418: false, 422: false} {
		if got := transport.StatusNamesKind(status); got != want {
			t.Errorf("StatusNamesKind(%d) = %v, want %v", status, got, want)
		}
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
		if got := model.Clip(tc.in, tc.n); got != tc.want {
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
