package qualtrics

import (
	"bytes"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/transport"
)

// BenchmarkDecodePage decodes and normalizes one page of 1,000 login events
// (target: under 5 ms).
//
//	go test ./sources/qualtrics -run '^$' -bench DecodePage
func BenchmarkDecodePage(b *testing.B) {
	em := qualtricsemu.New(qualtricsemu.Options{Now: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), Events: 1000, Seed: 1, Types: []string{"logins"}})
	var elems [][]byte
	for _, e := range em.Entries() {
		raw, err := e.MarshalJSON()
		if err != nil {
			b.Fatal(err)
		}
		elems = append(elems, raw)
	}
	body := []byte(`{"result":{"elements":[` + string(bytes.Join(elems, []byte(","))) + `],"nextPage":null},"meta":{"httpStatus":"200 - OK"}}`)
	src := New(Config{BaseURL: "https://iad1.qualtrics.com/API/v3", Token: "t"})
	resp := &transport.Response{Status: 200, Body: body}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		page, err := src.decodeLogs(resp, "logins", false)
		if err != nil || len(page.events) != 1000 {
			b.Fatalf("%d events, %v", len(page.events), err)
		}
	}
}
