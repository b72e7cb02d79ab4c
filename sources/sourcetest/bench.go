package sourcetest

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The providers' page-decoding benchmarks, scan tests and fuzz seeds build
// page bodies of their emulators' entries and time a decoder over them the
// same way; what a page looks like around the entries stays with each.

// JoinJSON is entries as their emulator sends them, joined by commas: the
// inside of a page's list.
func JoinJSON[E json.Marshaler](tb testing.TB, entries []E) string {
	tb.Helper()
	raws := make([][]byte, len(entries))
	for i, e := range entries {
		raw, err := e.MarshalJSON()
		if err != nil {
			tb.Fatal(err)
		}
		raws[i] = raw
	}
	return string(bytes.Join(raws, []byte(",")))
}

// BenchDecode times decode over body, a page of n entries: bytes per
// operation and allocations reported, and a failure unless every call reads
// all n.
func BenchDecode(b *testing.B, body []byte, n int, decode func(body []byte) (int, error)) {
	b.Helper()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got, err := decode(body); err != nil || got != n {
			b.Fatalf("%d events, %v", got, err)
		}
	}
}
