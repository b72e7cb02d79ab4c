package intercomemu

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
	for _, n := range []int{0, 1, 9, 10, 39, 40, 41} {
		if got := len(generateEntries(n, 7, testNow)); got != n {
			t.Errorf("%d events gave %d", n, got)
		}
	}
}
