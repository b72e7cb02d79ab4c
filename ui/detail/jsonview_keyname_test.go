package detail

import (
	"strings"
	"testing"
)

// A field's copy is named as a field, its key quoted and made safe: a key
// literally "raw JSON" does not read as y's copy of the whole entry, and a
// key's escape never reaches the status line raw.
func TestKeyNameSaysItIsAField(t *testing.T) {
	if got := keyName(`"raw JSON"`); got != `field "raw JSON"` {
		t.Errorf("keyName(raw JSON) = %q", got)
	}
	if got := keyName(`"\u001b]0;x\u0007k"`); strings.ContainsAny(got, "\x1b\x07") || !strings.HasPrefix(got, `field "`) {
		t.Errorf("keyName of a hostile key = %q", got)
	}
}
