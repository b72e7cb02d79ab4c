package canary

import (
	"net/http"
	"testing"

	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// FuzzDecodeResponse feeds arbitrary responses to the page decoder: it must
// give a page or a *sources.Error, never panic, keep every entry it finds,
// and never echo the token.
// go test ./sources/canary -run '^$' -fuzz FuzzDecodeResponse -fuzztime 1m
func FuzzDecodeResponse(f *testing.F) {
	const token = "fuzz-token-Zq7"
	em := canaryemu.New(canaryemu.DemoOptions(seedNow))
	page := mustJSON(map[string]any{"audit_trail": em.Entries()[:3], "cursor": map[string]any{"next": "MDo2OTo1OjM6MjoxNQ==", "prev": nil}, "page_count": 3, "page_number": 1, "result": "success"})
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, string(page)},
		{200, `{"result":"error","message":"Invalid auth_token"}`},
		{401, `{"result":"error","message":"Unauthorized ` + token + `"}`},
		{502, `<html><head><title>502 Bad Gateway</title></head></html>`},
		{200, string(page[:len(page)/2])},
		{200, ``},
		{200, `{"audit_trail":[null,1,"x",{"id":"7","timestamp":12}],"cursor":{"next":5}}`},
		{429, `{"result":"error","message":"slow down"}`},
	} {
		f.Add(seed.status, []byte(seed.body), false)
	}
	s := New(Config{Common: transport.Common{BaseURL: "https://EXAMPLE.canary.tools"}, Token: token})
	f.Fuzz(func(t *testing.T, status int, body []byte, hadCursor bool) {
		resp, err := s.decodeResponse(status, http.Header{"Retry-After": {"3"}}, body, hadCursor)
		err = s.redact(err) // as Fetch does
		if sourcetest.RequireFuzzedError(t, err, token) {
			return
		}
		sourcetest.RequireRaw(t, resp.events)
	})
}
