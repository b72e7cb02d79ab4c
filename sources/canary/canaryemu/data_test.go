package canaryemu

import (
	"reflect"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 17, 15, 4, 5, 0, time.UTC)

func TestGeneratedIsDeterministic(t *testing.T) {
	t.Parallel()
	a := generateEntries(500, 7, testNow)
	b := generateEntries(500, 7, testNow)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed and now gave different logs")
	}
	if c := generateEntries(500, 8, testNow); reflect.DeepEqual(a, c) {
		t.Error("a different seed gave the same log")
	}
	if n := len(generateEntries(0, 7, testNow)); n != 0 {
		t.Errorf("0 events gave %d", n)
	}
}
