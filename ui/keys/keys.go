// Package keys is trail's key map: every key the explorer answers to, with
// its help text, the [keys] table that rebinds them, and the hint lines each
// screen shows. A pane's own keys (the filter's, the insights') live with
// the pane; the actions here are the root's and the list's.
package keys

import "charm.land/bubbles/v2/key"

// KeyMap is every key trail answers to, with its help text. The help screen
// is generated from it, so a binding added here is documented by adding it.
type KeyMap struct {
	Up, Down           key.Binding
	PageUp, PageDown   key.Binding
	HalfUp, HalfDown   key.Binding
	Top, Bottom        key.Binding
	Left, Right        key.Binding // scroll the summary sideways
	NextPage, PrevPage key.Binding
	Follow             key.Binding // follow the log: new events come in at the top
	Detail             key.Binding
	DetailPane         key.Binding // the detail pane beside or under the list, on or off
	Focus, FocusBack   key.Binding
	Search             key.Binding
	SearchNext         key.Binding
	SearchPrev         key.Binding
	Filter             key.Binding
	ClearFilter        key.Binding
	PivotActor         key.Binding
	PivotIP            key.Binding
	PivotAction        key.Binding
	PivotTarget        key.Binding
	FilterBack         key.Binding
	Insights           key.Binding
	Zone               key.Binding
	Age                key.Binding
	Copy               key.Binding
	CopyField          key.Binding
	Export             key.Binding
	Mark               key.Binding // mark or unmark the selected event
	NextMark, PrevMark key.Binding
	GoTime             key.Binding // go to a time
	Retry              key.Binding
	Messages           key.Binding // the message log
	Help               key.Binding
	Back               key.Binding
	Quit               key.Binding
}

// DefaultKeyMap returns the standard bindings: arrows and vim keys, less-like
// paging, and one letter per action.
func DefaultKeyMap() KeyMap {
	k := KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "screen up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", "screen down")),
		HalfUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half screen up")),
		HalfDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half screen down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top of the query")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "end of the query")),
		Left:     key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "scroll summary left")),
		Right:    key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "scroll summary right")),
		NextPage: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next page")),
		PrevPage: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous page")),
		// less follows with F, which is clear filter here; w is "watch".
		Follow:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "follow new events on/off")),
		Detail:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "full-screen detail")),
		DetailPane:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "detail pane on/off")),
		Focus:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "switch pane")),
		FocusBack:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "switch pane back")),
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search loaded")),
		SearchNext:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		SearchPrev:  key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		Filter:      key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "clear filter")),
		PivotActor:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "only this actor")),
		PivotIP:     key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "only this IP")),
		PivotAction: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "only this action (verb)")),
		PivotTarget: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "only this target (object)")),
		FilterBack:  key.NewBinding(key.WithKeys("backspace"), key.WithHelp("backspace", "previous filter")),
		Insights:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "insights (stats, new places, off-hours)")),
		Zone:        key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "local time / UTC")),
		Age:         key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "times / ages")),
		Copy:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy raw JSON")),
		CopyField:   key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy summary (or the detail's cursor line)")),
		Export:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export the filtered view")),
		Retry:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry now")),
		// m is the message log, so marks take M; u and U step between
		// them as lnav's bookmarks do.
		Mark:     key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "mark / unmark this event")),
		NextMark: key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "next mark (down)")),
		PrevMark: key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "previous mark (up)")),
		GoTime:   key.NewBinding(key.WithKeys("@"), key.WithHelp("@", "go to a time")),
		Messages: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "messages (every notice and error, in full)")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit (or close)")),
	}
	k.relabel()
	return k
}

// ShortHelp is the one-line help under the status line while the list has
// the keyboard.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Bottom, k.Detail, k.Search, k.Filter, k.PivotActor, k.FilterBack, k.Copy, k.Help, k.Quit}
}

// ListHelp is the list's hint line; failed adds the retry key, which works
// only after a failure.
func (k KeyMap) ListHelp(failed bool) []key.Binding {
	if failed {
		return []key.Binding{k.Retry, k.Down, k.Bottom, k.Detail, k.Search, k.Filter, k.PivotActor, k.FilterBack, k.Copy, k.Help, k.Quit}
	}
	return k.ShortHelp()
}

// DetailHelp is the hint line while the detail pane has the keyboard, beside
// the list or full screen: its keys scroll the detail, not the list.
func (k KeyMap) DetailHelp(zoom bool) []key.Binding {
	scroll := key.NewBinding(key.WithKeys(k.Down.Keys()...), key.WithHelp(k.Up.Help().Key+" "+k.Down.Help().Key, "scroll"))
	if zoom {
		return []key.Binding{WithDesc(k.Back, "close"), scroll, WithDesc(k.Bottom, "end of detail"),
			k.Copy, WithDesc(k.CopyField, "copy this line's value"), k.PivotActor, k.Help}
	}
	return []key.Binding{scroll, WithDesc(k.Focus, "back to the list"), WithDesc(k.Detail, "full screen"),
		k.Copy, WithDesc(k.CopyField, "copy this line's value"), WithDesc(k.Back, "back"), k.Help, k.Quit}
}

// PagerHelp is the hint line of a screen read like a pager (help, messages):
// scroll, and the keys that close it.
func (k KeyMap) PagerHelp(open key.Binding) []key.Binding {
	return []key.Binding{
		k.Closing(open),
		key.NewBinding(key.WithKeys(k.Down.Keys()...), key.WithHelp(k.Up.Help().Key+" "+k.Down.Help().Key, "scroll")),
		WithDesc(k.PageDown, "next screen"),
	}
}

// Closing is the binding that closes a screen opened with open: back, quit
// or open's own keys, named as the key map has them ("esc/s").
func (k KeyMap) Closing(open key.Binding) key.Binding {
	var keys []string
	keys = append(append(append(keys, k.Back.Keys()...), open.Keys()...), k.Quit.Keys()...)
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k.Back.Help().Key+"/"+open.Help().Key, "close"))
}

// WithDesc is b with another description, for a hint line where the key
// does something more particular than its help says.
func WithDesc(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// FullHelp is the `?` screen, one column per concern.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfUp, k.HalfDown, k.Top, k.Bottom, k.Left, k.Right},
		{k.NextPage, k.PrevPage, k.Follow, k.Detail, k.DetailPane, k.Focus, k.FocusBack, k.Back},
		{k.Search, k.SearchNext, k.SearchPrev, k.Filter, k.ClearFilter, k.FilterBack},
		{k.PivotActor, k.PivotIP, k.PivotAction, k.PivotTarget, k.Insights, k.Mark, k.NextMark, k.PrevMark, k.GoTime},
		{k.Copy, k.CopyField, k.Export, k.Zone, k.Age, k.Retry, k.Messages, k.Help, k.Quit},
	}
}
