package sourcetest

import (
	"testing"
	"time"
)

// The suite run against Memory checks the suite itself: a source that keeps
// the contract must pass it.
func TestMemoryConformance(t *testing.T) {
	Run(t, func(t *testing.T, cfg Config) Fixture {
		evs := GenerateEvents(cfg.Events, time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), 7*time.Minute)
		m := NewMemory(evs, cfg.PageSize)
		m.SetLatency(cfg.Latency)
		return Fixture{Source: m, Events: evs}
	})
}
