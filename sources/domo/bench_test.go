package domo

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// BenchmarkDecodePage decodes and normalizes one page of 1,000 entries, the
// API's largest (target: under 5 ms).
//
//	go test ./sources/domo -run '^$' -bench DecodePage
func BenchmarkDecodePage(b *testing.B) {
	em := domoemu.New(domoemu.Options{ClientID: testClientID, ClientSecret: testSecret, Now: seedNow, Events: 1000, Seed: 1})
	var body bytes.Buffer
	body.WriteByte('[')
	for i, e := range em.Entries() {
		if i > 0 {
			body.WriteByte(',')
		}
		body.Write(em.JSON(e))
	}
	body.WriteByte(']')
	s := New(Config{Common: transport.Common{BaseURL: DefaultBaseURL}, ClientID: testClientID, ClientSecret: testSecret})
	sourcetest.BenchDecode(b, body.Bytes(), 1000, func(body []byte) (int, error) {
		raws, err := s.decodePage(http.StatusOK, http.Header{}, body)
		return len(decodeEntries(raws, s.loc)), err
	})
}
