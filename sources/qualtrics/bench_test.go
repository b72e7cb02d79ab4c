package qualtrics

import (
	"testing"

	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// BenchmarkDecodePage decodes and normalizes one page of 1,000 login events
// (target: under 5 ms).
//
//	go test ./sources/qualtrics -run '^$' -bench DecodePage
func BenchmarkDecodePage(b *testing.B) {
	em := qualtricsemu.New(qualtricsemu.Options{Now: seedNow, Events: 1000, Seed: 1, Types: []string{"logins"}})
	body := []byte(`{"result":{"elements":[` + sourcetest.JoinJSON(b, em.Entries()) + `],"nextPage":null},"meta":{"httpStatus":"200 - OK"}}`)
	src := New(Config{Common: transport.Common{BaseURL: "https://iad1.qualtrics.com/API/v3"}, Token: "t"})
	resp := &transport.Response{Status: 200, Body: body}
	sourcetest.BenchDecode(b, body, 1000, func([]byte) (int, error) {
		page, err := src.decodeLogs(resp, "logins", false)
		return len(page.events), err
	})
}
