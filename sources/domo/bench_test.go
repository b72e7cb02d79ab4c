package domo

import (
	"bytes"
	"net/http"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/domo/domoemu"
)

// BenchmarkDecodePage decodes and normalizes one page of 1,000 entries, the
// API's largest (target: under 5 ms).
//
//	go test ./sources/domo -run '^$' -bench DecodePage
func BenchmarkDecodePage(b *testing.B) {
	em := domoemu.New(domoemu.Options{ClientID: testClientID, ClientSecret: testSecret, Now: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), Events: 1000, Seed: 1})
	var body bytes.Buffer
	body.WriteByte('[')
	for i, e := range em.Entries() {
		if i > 0 {
			body.WriteByte(',')
		}
		body.Write(em.JSON(e))
	}
	body.WriteByte(']')
	s := New(Config{BaseURL: DefaultBaseURL, ClientID: testClientID, ClientSecret: testSecret})
	b.SetBytes(int64(body.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		raws, err := s.decodePage(http.StatusOK, http.Header{}, body.Bytes())
		if err != nil || len(decodeEntries(raws, s.loc)) != 1000 {
			b.Fatalf("%d entries, %v", len(raws), err)
		}
	}
}
