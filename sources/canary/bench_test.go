package canary

import (
	"net/http"
	"testing"

	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
)

// BenchmarkDecodePage decodes and normalizes one page of 1,000 entries, the
// largest page the config allows (target: under 5 ms).
//
//	go test ./sources/canary -run '^$' -bench DecodePage
func BenchmarkDecodePage(b *testing.B) {
	em := canaryemu.New(canaryemu.Options{Token: testToken, Now: seedNow, Events: 1000, Seed: 1})
	body := mustJSON(map[string]any{"audit_trail": em.Entries(), "cursor": map[string]any{"next": "MDo2OTo1OjM6MjoxNQ==", "prev": nil},
		"page_count": 2, "page_number": 1, "result": "success"})
	s := New(Config{BaseURL: "https://EXAMPLE.canary.tools", Token: testToken})
	sourcetest.BenchDecode(b, body, 1000, func(body []byte) (int, error) {
		resp, err := s.decodeResponse(http.StatusOK, http.Header{}, body, false)
		return len(resp.events), err
	})
}
