package ui

import (
	"testing"
)

// The timeline's time axis is worked out in Update, where it is kept, and
// in the zone on screen after `t`: View draws from a copy of the model, and
// an axis it worked out was lost with the copy and worked out again on every
// frame (issue 21: a held key's frames).
func TestTimelineAxisKeptByUpdate(t *testing.T) {
	m := loadedModel(t, 1_000, 120, 40)
	if !m.showTime {
		t.Fatal("no timeline at 120x40")
	}
	for _, key := range []string{"", "j", "t", "j", "t"} {
		if key != "" {
			next, _ := m.Update(keyMsg(key))
			m = next.(Model)
		}
		tl := m.timeline
		if allocs := testing.AllocsPerRun(5, func() { c := tl; _ = c.Axis(m.loc) }); allocs != 0 {
			t.Errorf("after %q the axis in %s is worked out again by a copy (%v allocations)", key, m.loc, allocs)
		}
	}
}
