package detail

import "github.com/trail-dev/trail/model"

// Copying from the detail pane: what each line copies, and how.
//
// A copy is pasted into terminals and shells, so nothing copied holds a raw
// control, bidi or zero-width character, whatever the provider sent: JSON is
// copied with them as \u escapes (the same JSON value), text with the visible
// escapes the screen shows. Which of the two depends on what the value is,
// never on its name. The root sends the text (OSC 52, tmux).

// CopyKind says how a Copyable value becomes clipboard text.
type CopyKind uint8

const (
	CopyText       CopyKind = iota // text: its unsafe characters as visible escapes
	CopyJSON                       // a JSON value: cleaned, kept JSON (text if it is not JSON)
	CopyJSONString                 // a JSON string token: copied as the text it holds
)

// Copyable is a value Y can copy, and its name for the status line.
type Copyable struct {
	Name, Value string
	Kind        CopyKind
}

// ClipboardText is what goes on the clipboard for c: never a raw C0, C1,
// DEL, bidi or zero-width character, and for JSON, JSON that reads as the
// same value.
func ClipboardText(c Copyable) string {
	switch c.Kind {
	case CopyJSON:
		if clean, ok := model.CleanJSON([]byte(c.Value)); ok {
			return string(clean)
		}
	case CopyJSONString:
		if s, err := model.JSONText([]byte(c.Value)); err == nil {
			return model.Sanitize(s)
		}
	}
	return model.Sanitize(c.Value)
}
