package detail

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/internal/uitest"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/theme"
)

var testNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// detailOf builds a detail pane of width w for e, in the dark theme.
func detailOf(e *model.Event, w, h int) (*Model, *theme.Styles) {
	st := theme.New(theme.Dark)
	d := New(keys.DefaultKeyMap(), &st)
	d.SetSize(w, h)
	d.SetEvent(e, time.UTC)
	return &d, &st
}

// Issue 16.2: a 256 KiB user agent was wrapped into thousands of lines, each
// cut from the start of the line (27 s). Long values are cut before they
// are measured, marked, and copied whole.
func TestLongValueIsCutBeforeItIsDrawn(t *testing.T) {
	ua := uitest.RepeatTo("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 ", 256*1024)
	uaRaw, _ := json.Marshal(map[string]string{"id": "ua", "user_browser_agent": ua})
	e := model.Event{ID: "ua", Time: testNow, Actor: "alice", Client: ua, Raw: uaRaw}
	d, _ := detailOf(&e, 100, 30)
	if n := len(d.lines); n > 60 {
		t.Fatalf("the detail of one 256 KiB value has %d lines", n)
	}
	text := ansi.Strip(strings.Join(d.lines, "\n"))
	if strings.Count(text, "more: Y copies it whole") != 2 { // the client field and its raw line
		t.Errorf("the cut is not marked twice:\n%s", text)
	}
	for i, c := range d.copies {
		if c.Name == "client" || c.Name == "user_browser_agent" {
			if got := ClipboardText(c); got != e.Client {
				t.Errorf("line %d copies %d bytes, want the whole %d", i, len(got), len(e.Client))
			}
		}
	}
}

// Issue 16.2: JSON nested 2,000 deep froze the screen for 9 s, 10,000 deep
// grew past 830 MB. It is shown to a depth, marked, and copied whole.
func TestDeepJSONIsShownToALimit(t *testing.T) {
	for _, depth := range []int{2000, 10000} {
		e := model.Event{ID: "deep", Raw: uitest.NestedJSON(depth)}
		d, _ := detailOf(&e, 100, 30)
		if n := len(d.lines); n > 3*maxJSONDepth+20 {
			t.Fatalf("depth %d: %d lines", depth, n)
		}
		marker := -1
		for i, l := range d.lines {
			if strings.Contains(ansi.Strip(l), "nested deeper than 16: Y copies it") {
				marker = i
			}
			if w := ansi.StringWidth(l); w > 99 {
				t.Errorf("depth %d: line %d is %d cells wide", depth, i, w)
			}
		}
		if marker < 0 {
			t.Fatalf("depth %d: no marker:\n%s", depth, ansi.Strip(strings.Join(d.lines, "\n")))
		}
		got := ClipboardText(d.copies[marker])
		if !json.Valid([]byte(got)) {
			t.Errorf("depth %d: the marker copies %.60q…, not JSON", depth, got)
		}
		if !strings.Contains(string(e.Raw), got) || strings.Count(got, "{")+strings.Count(got, "[") != depth-maxJSONDepth {
			t.Errorf("depth %d: the marker copies %d levels, want %d", depth, strings.Count(got, "{")+strings.Count(got, "["), depth-maxJSONDepth)
		}
	}
}

// The raw is shown up to maxRawLines lines; the rest is marked, y away.
func TestLongRawIsShownToALimit(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := 0; i < 20000; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"n":` + common.Itoa(i) + `}`)
	}
	b.WriteString(`]}`)
	e := model.Event{ID: "long", Raw: []byte(b.String())}
	d, _ := detailOf(&e, 100, 30)
	if n := len(d.lines); n > maxRawLines+30 {
		t.Fatalf("%d lines", n)
	}
	last := ansi.Strip(d.lines[len(d.lines)-1])
	if !strings.Contains(last, "more lines not shown") || !strings.Contains(last, "y copies the whole raw JSON") {
		t.Errorf("the last line is %q", last)
	}
	for i, l := range d.lines {
		if strings.Contains(ansi.Strip(l), `"items": [`) {
			if got := ClipboardText(d.copies[i]); !strings.HasSuffix(got, `{"n":19999}]`) {
				t.Errorf("the items line copies %d bytes ending %q", len(got), got[max(len(got)-20, 0):])
			}
		}
	}
}

// FuzzDetailPane draws any event in the detail pane: it must not panic,
// must stay within its limits, and must send no control character, escape
// sequence but trail's colours, bidi or zero-width character to the terminal.
func FuzzDetailPane(f *testing.F) {
	f.Add([]byte(`{"raw JSON":"\u001b[201~echo PASTEJACK\r","a":{"b":[1,2.5e3,true,null]}}`), "Mozilla\u202e", "\x1b]0;x\x07", 60)
	f.Add(uitest.NestedJSON(40), "a", "b", 20)
	f.Add([]byte("not json \x9b\u2066"), "", "", 100)
	f.Add([]byte(`{"k":"`+strings.Repeat("é\u0301", 900)+`"}`), strings.Repeat("x", 3000), "y", 45)
	f.Fuzz(func(t *testing.T, raw []byte, client, summary string, w int) {
		w = 20 + int(uint(w)%200)
		e := model.Event{ID: summary, Actor: client, Client: client, Summary: summary, Raw: raw, Time: testNow,
			Changes: []model.Change{{Field: summary, Before: client, After: summary}}}
		d, _ := detailOf(&e, w, 30)
		if len(d.lines) != len(d.copies) {
			t.Fatalf("%d lines, %d copyables", len(d.lines), len(d.copies))
		}
		if n := len(d.lines); n > maxRawLines+6*(maxShownValue/8+4) {
			t.Fatalf("%d lines", n)
		}
		for i, l := range d.lines {
			if len(l) > 16*maxShownValue {
				t.Fatalf("line %d is %d bytes", i, len(l))
			}
			uitest.CheckTerminalSafe(t, "dark", l)
		}
		for _, c := range d.copies {
			if got := ClipboardText(c); !model.IsClean(got) {
				t.Fatalf("a line copies %q", got)
			}
		}
		for d.offset = 0; d.offset < len(d.lines); d.offset += 29 {
			uitest.CheckTerminalSafe(t, "dark", d.View())
		}
	})
}

func TestHangingWrapKeepsEveryCharacter(t *testing.T) {
	line := `    "user_browser_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) 東京 Chrome/126.0.0.0 Safari/537.36",`
	parts := hangingWrap(line, 40)
	var joined strings.Builder
	for i, p := range parts {
		if w := ansi.StringWidth(p); w > 40 {
			t.Errorf("piece %d is %d cells wide: %q", i, w, p)
		}
		if i > 0 {
			p = strings.TrimPrefix(p, "      ")
		}
		joined.WriteString(p)
	}
	if joined.String() != line {
		t.Errorf("wrapping changed the text:\n got %q\nwant %q", joined.String(), line)
	}
}

// FuzzClipboardText checks the copy path: nothing it returns holds a
// character no copy may hold raw, and a JSON copy of JSON is JSON with the
// same meaning.
func FuzzClipboardText(f *testing.F) {
	f.Add(`{"raw JSON":"\u001b[201~echo PASTEJACK\r"}`, uint8(CopyJSON))
	f.Add("{\"user\":\"a\u009bb\u202ec\"}", uint8(CopyJSON))
	f.Add("\x1b[201~echo\r\xff", uint8(CopyJSON))
	f.Add(`"a\u001bb"`, uint8(CopyJSONString))
	f.Add("Zoë \x1b[31m\u2066", uint8(CopyText))
	f.Fuzz(func(t *testing.T, value string, kind uint8) {
		c := Copyable{"x", value, CopyKind(kind % 3)}
		got := ClipboardText(c)
		if r, bad := uitest.Forbidden(got); bad {
			t.Fatalf("ClipboardText(%q, %d) = %q holds %U", value, c.Kind, got, r)
		}
		if !model.IsClean(got) {
			t.Fatalf("ClipboardText(%q, %d) = %q is not clean", value, c.Kind, got)
		}
		if c.Kind == CopyJSON && json.Valid([]byte(value)) {
			var a, b any
			_ = json.Unmarshal([]byte(value), &a)
			if err := json.Unmarshal([]byte(got), &b); err != nil || !reflect.DeepEqual(a, b) {
				t.Fatalf("ClipboardText(%q) = %q: reads as %#v (%v), not %#v", value, got, b, err, a)
			}
		}
	})
}
