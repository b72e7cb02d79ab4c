package qualtrics

import (
	"errors"
	"net/http"
	neturl "net/url"
	"strings"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/transport"
)

// FuzzDecodeLogs feeds arbitrary responses to the page decoder and the
// paging that follows it: any status and body give a page or a
// *sources.Error with a kind, never a panic; every event is kept with its raw
// bytes; no secret is echoed; and a next-page cursor the source issues is
// one it accepts.
// go test ./sources/qualtrics -run '^$' -fuzz FuzzDecodeLogs -fuzztime 1m
func FuzzDecodeLogs(f *testing.F) {
	page := func(next string) string {
		return `{"result":{"elements":[` + seedElement + `,{"id":"x","descriptor":{"isSuccessful":"no"}}],"nextPage":` + next + `},"meta":{"httpStatus":"200 - OK","notice":"use this host instead: fra1.qualtrics.com"}}`
	}
	env := func(status, code, msg string) string {
		return `{"meta":{"httpStatus":"` + status + `","error":{"errorMessage":"` + msg + `","errorCode":"` + code + `"}}}`
	}
	for _, seed := range []struct {
		status      int
		contentType string
		body        string
	}{
		{200, "application/json", page(`"YIdeF8P74F72QvhwMC-47zxEjdWtEvxrJfM3DEfMFT8qvvwHpEqcRgTCMAtukzWEC-MfpVp48pXNyNkJB4JhMg~~"`)},
		{200, "application/json", page(`"https://iad1.qualtrics.com/API/v3/logs?activityType=logins&skipToken=abc~~"`)},
		{200, "application/json", page(`"https://fra1.qualtrics.com/API/v3/logs?skipToken=abc~~"`)},
		{200, "application/json", page(`"/API/v3/logs?skipToken=x"`)},
		{200, "application/json", page(`null`)},
		{200, "application/json", `{"result":{"elements":[]},"meta":{}}`},
		{401, "application/json", env("401 - Unauthorized", "DCD_7", "Unrecognized X-API-TOKEN. "+testToken)},
		{200, "application/json", env("403 - Forbidden", "", "nope")},
		{429, "application/json", env("429 - Too Many Requests", "", "slow")},
		{500, "application/json", env("500 - Internal Server Error", "X\\u001b]0;x\\u0007", "boom")},
		{502, "text/html", "<html><title>502 \xff\xfe Bad Gateway</title></html>"},
		{200, "text/html", "<HTML><TITLE>Sign in &amp; continue</TITLE>"},
		{200, "application/json", page(`5`)},
		{200, "application/json", `{"result":{"elements":{}}}`},
		{200, "application/json", `[`},
	} {
		f.Add(seed.status, seed.contentType, []byte(seed.body))
	}
	src := New(Config{Common: transport.Common{BaseURL: "https://iad1.qualtrics.com/API/v3"}, Token: testToken})
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		resp := &transport.Response{Status: status, Header: http.Header{"Content-Type": {contentType}}, Body: body}
		lp, err := src.decodeLogs(resp, "logins", false)
		if err != nil {
			err = src.redact(err)
			var e *sources.Error
			if !errors.As(err, &e) || e.Kind == nil || strings.Contains(err.Error(), testToken) {
				t.Fatalf("error %v: want a *sources.Error with a kind and no token", err)
			}
			return
		}
		for _, ev := range lp.events {
			if len(ev.Raw) == 0 || ev.Action != "logins" {
				t.Fatalf("event without its raw bytes or type: %+v", ev)
			}
		}
		w := walk{Type: "logins", Start: 1, End: 2, Page: 1}
		next, _, err := src.advance(w, lp.next, status)
		if err != nil || next == "" {
			return
		}
		if _, err := src.decodeCursor(next, "logins", model.Query{}); err != nil {
			t.Fatalf("the source refuses its own cursor for nextPage %q: %v", lp.next, err)
		}
	})
}

// FuzzCursor: whatever a cursor holds, it is accepted or refused with
// ErrBadCursor, and an accepted one never sends credentials elsewhere.
// go test ./sources/qualtrics -run '^$' -fuzz FuzzCursor -fuzztime 1m
func FuzzCursor(f *testing.F) {
	src := New(Config{Common: transport.Common{BaseURL: "https://iad1.qualtrics.com/API/v3"}, Token: testToken})
	good, _, _ := src.advance(walk{Type: "logins", Start: 1, End: 2, Page: 1}, "tok~~", 200)
	viaURL, _, _ := src.advance(walk{Type: "logins", Start: 1, End: 2, Page: 1}, "https://iad1.qualtrics.com/API/v3/logs?skipToken=a", 200)
	for _, s := range []string{good, viaURL, "", "qx1.", "qx1.e30", "not a cursor", cursorPrefix + "eyJ0IjoibG9naW5zIn0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cursor string) {
		w, err := src.decodeCursor(cursor, "logins", model.Query{})
		if err != nil {
			if !errors.Is(err, sources.ErrBadCursor) {
				t.Fatalf("cursor %q: %v; want ErrBadCursor", cursor, err)
			}
			return
		}
		target, err := src.pageURL(w)
		if err != nil {
			return
		}
		if u, err := neturl.Parse(target); err != nil || u.Scheme != "https" || !strings.EqualFold(u.Host, "iad1.qualtrics.com") {
			t.Fatalf("cursor %q leads to %s", cursor, target)
		}
	})
}
