package keys

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
)

// bindings names each binding as the config's [keys] table does, in the
// order the README lists them.
func (k *KeyMap) bindings() []struct {
	name string
	b    *key.Binding
} {
	return []struct {
		name string
		b    *key.Binding
	}{
		{"up", &k.Up}, {"down", &k.Down}, {"page_up", &k.PageUp}, {"page_down", &k.PageDown},
		{"half_up", &k.HalfUp}, {"half_down", &k.HalfDown}, {"top", &k.Top}, {"bottom", &k.Bottom},
		{"left", &k.Left}, {"right", &k.Right},
		{"next_page", &k.NextPage}, {"prev_page", &k.PrevPage}, {"follow", &k.Follow}, {"detail", &k.Detail}, {"detail_pane", &k.DetailPane},
		{"focus", &k.Focus}, {"focus_back", &k.FocusBack}, {"back", &k.Back},
		{"search", &k.Search}, {"search_next", &k.SearchNext}, {"search_prev", &k.SearchPrev},
		{"filter", &k.Filter}, {"clear_filter", &k.ClearFilter}, {"filter_back", &k.FilterBack},
		{"pivot_actor", &k.PivotActor}, {"pivot_ip", &k.PivotIP}, {"pivot_action", &k.PivotAction}, {"pivot_target", &k.PivotTarget},
		{"insights", &k.Insights}, {"copy", &k.Copy}, {"copy_field", &k.CopyField}, {"export", &k.Export},
		{"mark", &k.Mark}, {"next_mark", &k.NextMark}, {"prev_mark", &k.PrevMark}, {"goto_time", &k.GoTime},
		{"zone", &k.Zone}, {"age", &k.Age},
		{"retry", &k.Retry}, {"messages", &k.Messages}, {"help", &k.Help}, {"quit", &k.Quit},
	}
}

// Names lists the names a [keys] table may bind, for the config's
// messages.
func Names() []string {
	var k KeyMap
	var names []string
	for _, b := range k.bindings() {
		names = append(names, b.name)
	}
	return names
}

// Rebind applies a [keys] table: each name gets the keys given, replacing
// its defaults. A key given to two actions is an error, since one of them
// would never fire; so is a name that is not an action.
func (k *KeyMap) Rebind(table map[string][]string) error {
	all := k.bindings()
	for name, keys := range table {
		i := slices.IndexFunc(all, func(b struct {
			name string
			b    *key.Binding
		}) bool {
			return b.name == name
		})
		if i < 0 {
			return fmt.Errorf("[keys] has no action %q; actions: %s", name, strings.Join(Names(), ", "))
		}
		if len(keys) == 0 {
			return fmt.Errorf("[keys] %s has no keys", name)
		}
		all[i].b.SetKeys(keys...)
	}
	seen := map[string]string{}
	for _, b := range all {
		for _, kk := range b.b.Keys() {
			if other, dup := seen[kk]; dup && kk != "esc" {
				return fmt.Errorf("[keys] %q is bound to both %s and %s", kk, other, b.name)
			}
			seen[kk] = b.name
		}
	}
	k.relabel()
	return nil
}

// relabel writes each binding's help key from the keys it has, so the help
// always shows what really works.
func (k *KeyMap) relabel() {
	for _, b := range k.bindings() {
		keys := b.b.Keys()
		b.b.SetHelp(label(keys[:min(len(keys), 2)]), b.b.Help().Desc)
	}
}

// label names keys as the help writes them: "pgdn/ctrl+f".
func label(keys []string) string {
	shown := make([]string, len(keys))
	for i, kk := range keys {
		shown[i] = keyLabel(kk)
	}
	return strings.Join(shown, "/")
}

// Every is b labelled with every key it has, for the ? screen: a hint line
// names two keys an action at most, the ? screen all of them (space too).
func Every(b key.Binding) key.Binding {
	b.SetHelp(label(b.Keys()), b.Help().Desc)
	return b
}

// keyLabel is how a key is written in the help.
func keyLabel(k string) string {
	switch k {
	case "up":
		return "↑"
	case "down":
		return "↓"
	case "left":
		return "←"
	case "right":
		return "→"
	case "pgdown":
		return "pgdn"
	}
	return k
}
