package intercom

import (
	"net/http"
	"testing"

	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// BenchmarkDecodePage decodes and normalizes one page of 1,000 entries
// (target: under 5 ms).
//
//	go test ./sources/intercom -run '^$' -bench DecodePage
func BenchmarkDecodePage(b *testing.B) {
	em := intercomemu.New(intercomemu.Options{Token: "t", Now: seedNow, Events: 1000, Seed: 1})
	body := []byte(`{"type":"activity_log.list","activity_logs":[` + sourcetest.JoinJSON(b, em.Entries()) +
		`],"pages":{"type":"pages","next":null,"page":1,"per_page":1000,"total_pages":1}}`)
	s := New(Config{Common: transport.Common{BaseURL: "https://api.intercom.io"}, Token: "t"})
	sourcetest.BenchDecode(b, body, 1000, func(body []byte) (int, error) {
		resp, err := s.decodeResponse(http.StatusOK, http.Header{}, body, false)
		return len(resp.events), err
	})
}
