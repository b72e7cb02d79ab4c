package intercom

import (
	"bytes"
	"net/http"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/intercom/intercomemu"
)

// BenchmarkDecodePage decodes and normalizes one page of 1,000 entries
// (target: under 5 ms).
//
//	go test ./sources/intercom -run '^$' -bench DecodePage
func BenchmarkDecodePage(b *testing.B) {
	em := intercomemu.New(intercomemu.Options{Token: "t", Now: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), Events: 1000, Seed: 1})
	var raws [][]byte
	for _, e := range em.Entries() {
		raw, err := e.MarshalJSON()
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
	}
	body := []byte(`{"type":"activity_log.list","activity_logs":[` + string(bytes.Join(raws, []byte(","))) +
		`],"pages":{"type":"pages","next":null,"page":1,"per_page":1000,"total_pages":1}}`)
	s := New(Config{BaseURL: "https://api.intercom.io", Token: "t"})
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
