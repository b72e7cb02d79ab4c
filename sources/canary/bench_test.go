package canary

import (
	"net/http"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/canary/canaryemu"
)

// BenchmarkDecodePage decodes and normalizes one page of 1,000 entries, the
// largest page the config allows (target: under 5 ms).
//
//	go test ./sources/canary -run '^$' -bench DecodePage
func BenchmarkDecodePage(b *testing.B) {
	em := canaryemu.New(canaryemu.Options{Token: testToken, Now: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), Events: 1000, Seed: 1})
	body := mustJSON(map[string]any{"audit_trail": em.Entries(), "cursor": map[string]any{"next": "MDo2OTo1OjM6MjoxNQ==", "prev": nil},
		"page_count": 2, "page_number": 1, "result": "success"})
	s := New(Config{BaseURL: "https://EXAMPLE.canary.tools", Token: testToken})
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := s.decodeResponse(http.StatusOK, http.Header{}, body, false)
		if err != nil || len(resp.events) != 1000 {
			b.Fatalf("%d events, %v", len(resp.events), err)
		}
	}
}
