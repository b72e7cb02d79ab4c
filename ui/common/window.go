package common

import (
	"strings"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// WindowGroup is the parts of a view that share a default window (0: none,
// the whole log).
type WindowGroup struct {
	Names  []string
	Window time.Duration
}

// WindowGroups groups a view's parts by their default window, in the order
// each window first comes; nil for one source, or a view whose parts all
// share one window, where Capabilities.DefaultWindow says what is true of
// the whole.
func WindowGroups(c sources.Capabilities) []WindowGroup {
	var out []WindowGroup
	for _, p := range c.PartWindows {
		i := 0
		for i < len(out) && out[i].Window != p.Window {
			i++
		}
		if i == len(out) {
			out = append(out, WindowGroup{Window: p.Window})
		}
		out[i].Names = append(out[i].Names, model.Sanitize(p.Name))
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// DefaultWindow says how far back a query without a start looks, and whose
// default that is: "last 30 days" and "provider default" for one source,
// "every source's default" for a view whose parts share it, and for a view
// whose parts' differ, each: "domo, intercom: last 30 days · canary: all
// time" and "source defaults". ok is false when no source has a window.
func DefaultWindow(c sources.Capabilities) (what, whose string, ok bool) {
	if c.DefaultWindow <= 0 {
		return "", "", false
	}
	groups := WindowGroups(c)
	switch {
	case groups != nil:
		each := make([]string, len(groups))
		for i, g := range groups {
			span := "all time"
			if g.Window > 0 {
				span = "last " + ShortDays(g.Window)
			}
			each[i] = strings.Join(g.Names, ", ") + ": " + span
		}
		return strings.Join(each, " · "), "source defaults", true
	case c.PartWindows != nil:
		return "last " + ShortDays(c.DefaultWindow), "every source's default", true
	}
	return "last " + ShortDays(c.DefaultWindow), "provider default", true
}

// DefaultStart says where a query with an end but no start begins, and
// whose default that is: "30 days before" and "provider default" for one
// source (or "every source's default"), and for a view whose parts' windows
// differ, those that have one: "30 days before for domo, intercom, 7 days
// before for qualtrics" and "source defaults". ok is false when no source
// has a window.
func DefaultStart(c sources.Capabilities) (what, whose string, ok bool) {
	_, whose, ok = DefaultWindow(c)
	if !ok {
		return "", "", false
	}
	groups := WindowGroups(c)
	if groups == nil {
		return ShortDays(c.DefaultWindow) + " before", whose, true
	}
	var each []string
	for _, g := range groups {
		if g.Window > 0 {
			each = append(each, ShortDays(g.Window)+" before for "+strings.Join(g.Names, ", "))
		}
	}
	return strings.Join(each, ", "), whose, true
}
