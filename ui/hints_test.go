package ui

import (
	"strings"
	"testing"

	"github.com/trail-dev/trail/sources"
)

// The retry hint of a failed page is said once, with the key the key map
// binds, even when the provider's error carries a hint of its own.
func TestRetryHintOnceWithTheBoundKey(t *testing.T) {
	_, src := memoryLog(150, 50)
	d := newDriver(t, src, 200, 40, func(o *Options) { o.Keys = map[string][]string{"retry": {"R"}} })
	d.until("first page", loaded(50))
	src.FailNext(&sources.Error{Kind: sources.ErrUnavailable, Provider: "memory", Message: "could not reach host", Hint: "check the network and base_url"})
	d.press("G")
	d.until("failure", func(m *Model) bool { return m.feed.err != nil })
	s := d.screen()
	if n := strings.Count(s, "retries"); n != 1 {
		t.Errorf("the retry hint is on screen %d times, want once:\n%s", n, s)
	}
	d.requireScreen("R retries")
	if strings.Contains(s, "r retries") || strings.Contains(s, "r: retry") {
		t.Errorf("the hint names r, which is not bound to retry here:\n%s", s)
	}
}

// The hint bar follows focus: it shows the keys that work where the keyboard
// is, by the names the key map gives them.
func TestHintBarFollowsFocus(t *testing.T) {
	d, _ := startOn(t, 150, 200, 40)
	hints := func() string {
		lines := strings.Split(d.screen(), "\n")
		return lines[len(lines)-1]
	}
	for _, step := range []struct {
		keys      []string
		want, not []string
	}{
		{nil, []string{"enter", "/ search", "f filter"}, []string{"esc"}},
		{[]string{"tab"}, []string{"scroll", "tab", "y copy"}, []string{"last loaded", "↓/j down"}},
		{[]string{"tab", "enter"}, []string{"esc close", "scroll"}, []string{"last loaded", "full-screen detail"}},
		{[]string{"esc", "f"}, []string{"next field", "apply", "↓/↑ recent", "ctrl+o saved queries"}, []string{"/ search", "choose action"}},
		{[]string{"tab"}, []string{"next field", "apply", "↓/↑ field"}, []string{"/ search", "choose action"}},
		{[]string{"tab", "tab", "tab"}, []string{"choose action"}, nil},
		{[]string{"esc", "/"}, []string{"enter", "esc cancel"}, []string{"f filter"}},
		{[]string{"esc", "?"}, []string{"close"}, []string{"f filter"}},
		{[]string{"esc", "e"}, []string{"esc"}, []string{"f filter"}},
		{[]string{"esc", "s"}, []string{"esc"}, []string{"f filter"}},
	} {
		d.press(step.keys...)
		requireHas(t, hints(), step.want, step.not, "after %v the hint bar", step.keys)
	}
}

// The top bar and the help screen name their keys as remapped.
func TestTopBarAndHelpNameRemappedKeys(t *testing.T) {
	d, _ := startOn(t, 50, 120, 40, func(o *Options) { o.Keys = map[string][]string{"filter": {"L"}, "help": {"H"}} })
	d.requireScreen("no filter (L to add one)")
	d.press("H")
	d.requireScreen("H or esc closes this")
}

// The search prompt names the keys that step through matches as remapped.
func TestSearchHintNamesRemappedKeys(t *testing.T) {
	_, src := memoryLog(50, 50)
	d := newDriver(t, src, 120, 40, func(o *Options) {
		o.Keys = map[string][]string{"search_next": {"ctrl+n"}, "search_prev": {"ctrl+p"}}
	})
	d.until("first page", loaded(50))
	d.press("/")
	lines := strings.Split(d.screen(), "\n")
	if h := lines[len(lines)-1]; !strings.Contains(h, "ctrl+n/ctrl+p for more") {
		t.Errorf("the search hint line is %q; want the remapped ctrl+n/ctrl+p", h)
	}
}

// The insights pane closes with the key that opened it, as remapped, and
// its hint line says so.
func TestInsightsCloseWithTheirRemappedKey(t *testing.T) {
	d, _ := startOn(t, 50, 120, 40, func(o *Options) { o.Keys = map[string][]string{"insights": {"S"}} })
	d.press("S")
	if d.m.insights == nil {
		t.Fatal("S did not open the insights")
	}
	lines := strings.Split(d.screen(), "\n")
	if h := lines[len(lines)-1]; !strings.Contains(h, "esc/S close") {
		t.Errorf("the insights hint line is %q; want esc/S close", h)
	}
	d.press("S")
	if d.m.insights != nil {
		t.Error("S did not close the insights it opened")
	}
}
