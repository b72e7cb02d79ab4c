package merge

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/trail-dev/trail/sources"
)

// Capabilities implements sources.Describer for the view as a whole:
//
//   - ServerSide holds the fields every part filters on itself. A field some
//     part leaves to the client is marked client-side, which is what it costs
//     for that part; each part still applies every field as far as it can.
//   - Actions is every part's action types, each once, in part order.
//   - DefaultWindow is the longest of the parts': the view reaches that far
//     back when the query sets no start (each part applies its own), and
//     PartWindows is each part's (a part that is itself a view gives its
//     parts').
//   - ActionRequired holds only if every part requires an action. When one
//     part does (Qualtrics: no action means its configured activity type)
//     and another does not, an empty action still means "every action" for
//     the other, so the view does not have an action always in force; the
//     part that requires one goes on applying its default by itself.
//     DefaultAction is then the parts' defaults, joined.
func (s *Source) Capabilities() sources.Capabilities {
	if len(s.parts) == 0 {
		return sources.Capabilities{}
	}
	var all sources.Field
	for _, f := range sources.AllFields {
		all |= f
	}
	c := sources.Capabilities{ServerSide: all, ActionRequired: true}
	var defaults []string
	for _, p := range s.parts {
		pc := sources.CapabilitiesOf(p.Source)
		c.ServerSide &= pc.ServerSide
		c.Actions = union(c.Actions, pc.Actions)
		c.DefaultWindow = max(c.DefaultWindow, pc.DefaultWindow)
		if pc.PartWindows != nil {
			c.PartWindows = append(c.PartWindows, pc.PartWindows...)
		} else {
			c.PartWindows = append(c.PartWindows, sources.PartWindow{Name: p.Name, Window: pc.DefaultWindow})
		}
		c.ActionRequired = c.ActionRequired && pc.ActionRequired
		defaults = union(defaults, []string{pc.DefaultAction})
	}
	if c.ActionRequired {
		c.DefaultAction = strings.Join(defaults, ", ")
	}
	return c
}

// ListActions implements sources.ActionLister: the action types of every
// part, each once, in part order; a part that lists its own at run time
// gives those, any other its documented ones. A part that fails to list
// them gives its documented ones instead; the error is returned only if
// every part that lists failed. With no such part it makes no request.
func (s *Source) ListActions(ctx context.Context) ([]string, error) {
	lists := make([][]string, len(s.parts))
	errs := make([]error, len(s.parts))
	var wg sync.WaitGroup
	listers := 0
	for i, p := range s.parts {
		l, ok := p.Source.(sources.ActionLister)
		if !ok {
			continue
		}
		listers++
		wg.Go(func() { lists[i], errs[i] = l.ListActions(ctx) })
	}
	wg.Wait()
	var out []string
	var failed []error
	for i, p := range s.parts {
		if errs[i] != nil {
			failed = append(failed, fmt.Errorf("%s: %w", p.Name, errs[i]))
		}
		if _, ok := p.Source.(sources.ActionLister); ok && errs[i] == nil {
			out = union(out, lists[i])
		} else {
			out = union(out, sources.CapabilitiesOf(p.Source).Actions)
		}
	}
	if listers > 0 && len(failed) == listers {
		return out, &failedError{what: "no source could list its action types", errs: failed}
	}
	return out, nil
}

// union appends to dst the strings of add it lacks, ignoring case (action
// types match without it), and leaves out empty ones.
func union(dst, add []string) []string {
	for _, a := range add {
		if a == "" {
			continue
		}
		dup := false
		for _, d := range dst {
			if strings.EqualFold(d, a) {
				dup = true
				break
			}
		}
		if !dup {
			dst = append(dst, a)
		}
	}
	return dst
}

// Files implements sources.FileReader: the files its parts read.
func (s *Source) Files() []string {
	var files []string
	for _, p := range s.parts {
		files = append(files, sources.FilesOf(p.Source)...)
	}
	return files
}
