package canary

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/sourcetest"
	"github.com/trail-dev/trail/sources/transport"
)

// BenchmarkDecodePage decodes and normalizes one page of 1,000 entries, the
// largest page the config allows (target: under 5 ms).
//
//	go test ./sources/canary -run '^$' -bench DecodePage
func BenchmarkDecodePage(b *testing.B) {
	em := canaryemu.New(canaryemu.Options{Token: testToken, Now: seedNow, Events: 1000, Seed: 1})
	body := mustJSON(map[string]any{"audit_trail": em.Entries(), "cursor": map[string]any{"next": "MDo2OTo1OjM6MjoxNQ==", "prev": nil},
		"page_count": 2, "page_number": 1, "result": "success"})
	s := New(Config{Common: transport.Common{BaseURL: "https://EXAMPLE.canary.tools"}, Token: testToken})
	sourcetest.BenchDecode(b, body, 1000, func(body []byte) (int, error) {
		resp, err := s.decodeResponse(http.StatusOK, http.Header{}, body, false)
		return len(resp.events), err
	})
}

// BenchmarkExportVsWalk exports every event of a Canary emulator on
// loopback, and walks the same pages without writing them (a plain page
// walk, the floor for an export): TRAIL_BENCH_EVENTS events (default
// 100,000), pages of 1,000. Export's target is within 1.3x of the walk.
//
//	go test ./sources/canary -run '^$' -bench ExportVsWalk -benchtime 3x
func BenchmarkExportVsWalk(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("TRAIL_BENCH_EVENTS")); err == nil && v > 0 {
		n = v
	}
	srv := httptest.NewServer(canaryemu.New(canaryemu.Options{Token: testToken, Now: seedNow, Events: n, Seed: 1}))
	defer srv.Close()
	src := New(Config{Common: transport.Common{BaseURL: srv.URL}, Token: testToken, PageSize: 1000})
	b.Run("walk", func(b *testing.B) {
		for b.Loop() {
			got := 0
			if err := sources.Walk(context.Background(), src, model.Query{}, sources.WalkOptions{}, func(evs []model.Event) error {
				got += len(evs)
				return nil
			}); err != nil || got != n {
				b.Fatalf("walked %d of %d: %v", got, n, err)
			}
		}
	})
	b.Run("export", func(b *testing.B) {
		for b.Loop() {
			got, err := sources.Export(context.Background(), src, model.Query{}, sources.ExportOptions{Source: "prod", Provider: "canary"}, io.Discard)
			if err != nil || got != n {
				b.Fatalf("exported %d of %d: %v", got, n, err)
			}
		}
	})
}
