package canaryemu

import (
	"github.com/trail-dev/trail/sources/sourcetest"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

func TestGeneratedIsDeterministic(t *testing.T) {
	t.Parallel()
	sourcetest.RequireDeterministic(t, generateEntries, testNow, 0)
}
