package ui

import (
	"os"
	"testing"
)

// While the window is small the collector lets the heap grow by about
// gcRoom between collections rather than by what is live (a held key's
// frames collected every 15 presses or so with 500 events loaded, issue
// 21), at most five times what is live; from gcRoom of heap up it is Go's
// default, and GOGC in the environment is left alone.
func TestGCRoomWhileTheWindowIsSmall(t *testing.T) {
	var limits []int64
	var percents []int
	limiter := func() memoryLimiter {
		limits, percents = nil, nil
		return memoryLimiter{
			set:     func(n int64) int64 { limits = append(limits, n); return 0 },
			percent: func(p int) int { percents = append(percents, p); return 100 },
			last:    -1,
		}
	}
	cases := []struct {
		window int64
		want   int
	}{
		{0, gcMaxPerc},
		{1 << 10, 399},
		{512 << 10, 320},
		{2 << 20, 200},
		{8 << 20, 100},
		{200 << 20, 100},
	}
	for _, c := range cases {
		l := limiter()
		l.follow(c.window)
		if len(percents) != 1 || percents[0] != c.want {
			t.Errorf("a window of %d bytes: GOGC set to %v, want %d", c.window, percents, c.want)
		}
		if len(limits) != 1 || limits[0] != c.window+memorySlack {
			t.Errorf("a window of %d bytes: limits %v", c.window, limits)
		}
		// The heap may grow by about gcRoom or more, and by at most five times what is live.
		if live := c.window + gcBase; live*int64(c.want)/100 < min(gcRoom, live) || c.want > 400 {
			t.Errorf("a window of %d bytes: GOGC %d lets the heap grow by %d", c.window, c.want, live*int64(c.want)/100)
		}
	}
	l := limiter()
	l.follow(0)
	l.follow(1 << 20) // not a step away: nothing is set again
	l.follow(memoryStep + 1)
	if len(percents) != 2 || percents[1] != 100 || len(limits) != 2 {
		t.Errorf("following 0, 1 MiB, then a step on: GOGC set to %v, limits %v", percents, limits)
	}

	t.Setenv("GOGC", "50")
	if l := newMemoryLimiter(); !l.gcOff || l.off {
		t.Errorf("with GOGC set: gcOff %v, off %v", l.gcOff, l.off)
	}
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	if l := newMemoryLimiter(); l.gcOff || l.percent == nil {
		t.Error("without GOGC the collector does not follow the window")
	}
	user := memoryLimiter{percent: func(p int) int { t.Errorf("GOGC set to %d though it is the user's", p); return 0 }, gcOff: true, last: -1}
	user.follow(0)
}
