package ui

import (
	"charm.land/bubbles/v2/key"
	"context"
	"os"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/detail"
	"github.com/trail-dev/trail/ui/export"
	"github.com/trail-dev/trail/ui/filter"
	"github.com/trail-dev/trail/ui/help"
	"github.com/trail-dev/trail/ui/insights"
	"github.com/trail-dev/trail/ui/keys"
	"github.com/trail-dev/trail/ui/list"
	"github.com/trail-dev/trail/ui/marks"
	"github.com/trail-dev/trail/ui/msglog"
	"github.com/trail-dev/trail/ui/search"
	"github.com/trail-dev/trail/ui/theme"
	"github.com/trail-dev/trail/ui/timeline"
	"github.com/trail-dev/trail/ui/timeprompt"
)

// Options is everything the UI is told by main.go; the UI never reads the
// config file itself.
type Options struct {
	Source     sources.Source
	SourceName string // as named in the config, e.g. "canary-prod"
	Provider   string // "canary", ...
	Query      model.Query
	Location   *time.Location // time zone for display; nil = UTC
	Theme      string         // ThemeAuto, ThemeDark, ThemeLight or ThemeNone
	Notice     string         // shown in the status line at start, e.g. how to configure
	// Warnings are said at start, before any fetch: in the message log in
	// full and on the status line (e.g. a secret written literally in the
	// config). main.go passes them rather than print them under the screen.
	Warnings []string
	// Context bounds every fetch; cancelling it stops them all.
	Context context.Context
	// FetchTimeout bounds one page fetch; 0 means two minutes.
	FetchTimeout time.Duration
	// MaxEvents is how many events stay loaded before pages far from the
	// cursor are let go (and fetched again when needed); 0 means 200,000.
	MaxEvents int
	// MaxBytes bounds the loaded window by what its events hold in memory
	// (raw entries, decoded strings and a per-event overhead): pages far
	// from the cursor are let go past it, as past MaxEvents. 0 means
	// DefaultMaxBytes; [ui] max_loaded sets it.
	MaxBytes int64
	// Now is the clock; nil means time.Now. Tests fix it.
	Now func() time.Time
	// Keys rebinds actions, from the config's [keys] table (see KeyNames).
	Keys map[string][]string
	// Mouse turns on the wheel and clicks; off, the terminal's own text
	// selection works, which matters over SSH.
	Mouse bool
	// Getenv reads the environment (TMUX); nil means os.Getenv.
	Getenv func(string) string
	// FollowInterval is how often follow mode (w) asks each source, by its
	// name in the config ([sources.X] follow_interval); nil or 0 means
	// 30 s. A merged view's sources are each asked on their own.
	FollowInterval func(name string) time.Duration
	// StateDir is where trail keeps what outlives a session (the marks),
	// $XDG_STATE_HOME/trail as main.go finds it; "" keeps nothing.
	StateDir string
	// Columns chooses and orders the list's columns ([ui] columns), by the
	// names ColumnNames lists; nil is the default layout.
	Columns []string
	// SavedQueries are the config's [queries], offered by the filter pane.
	SavedQueries []SavedQuery
	// History is the recent query lines, oldest first, for ↑ in the query
	// line; Run reads it from HistoryFile when nil.
	History []string
	// HistoryFile is where an applied query line is remembered; "" keeps
	// none (DefaultHistoryFile is the usual place).
	HistoryFile string
}

// DefaultMaxBytes is the loaded window's default size in bytes: about what
// the 200,000-event window holds of typical audit entries (under 1 KiB raw,
// plus the decoded fields and an event's overhead), so an ordinary log is
// bounded by the count as before and only big entries by bytes. With Go's
// collector keeping up to twice the live heap, trail stays under about
// 600 MB however large the entries, where 200,000 entries of 1 MiB each
// would have held 200 GB.
const DefaultMaxBytes = 256 << 20

// Theme names for Options.Theme, as in the config's [ui] theme.
const (
	ThemeAuto  = theme.Auto
	ThemeDark  = theme.Dark
	ThemeLight = theme.Light
	ThemeNone  = theme.None
)

// KeyNames lists the actions a [keys] table may bind (see keys.Names).
func KeyNames() []string { return keys.Names() }

// ColumnNames lists the columns Options.Columns may name.
func ColumnNames() []string { return list.ColumnNames() }

// DefaultKeyMap is the standard key map (see keys.DefaultKeyMap); main.go
// checks a [keys] table against it.
func DefaultKeyMap() keys.KeyMap { return keys.DefaultKeyMap() }

// focus says which pane has the keyboard.
type focus int

const (
	focusList focus = iota
	focusDetail
	focusFilter
)

// Model is the root of the UI.
type Model struct {
	opts    Options
	ctx     context.Context
	cancel  context.CancelFunc // cancels the fetch in flight
	keys    keys.KeyMap
	styles  *theme.Styles  // shared with the panes; a theme change rewrites it in place
	theme   string         // resolved theme in use
	loc     *time.Location // zone times are shown in now
	baseLoc *time.Location // the configured zone, which t toggles back to
	caps    sources.Capabilities
	query   model.Query
	initCmd tea.Cmd
	recent  []string // recent query lines, oldest first (history.go)

	width, height int
	focus         focus
	zoom          bool // detail full screen
	showHelp      bool // the ? screen fills the body
	showLog       bool // the message log fills the body
	wide          bool // list and detail side by side
	detailShown   bool
	detailOff     bool // p took the detail pane away; enter still shows it full screen

	feed        feed
	help        help.Model
	list        list.Model
	detail      detail.Model
	filter      *filter.Model // behind pointers: their text inputs are large,
	search      *search.Model // and the model is copied on every Update
	export      *export.Model
	searchCount string // "3 matches", shown with the search in force
	spinner     spinner.Model
	status      statusMsg
	statusSeq   int
	jumpTo      int             // page number to show at the top when it arrives; 0 = none
	seekless    bool            // the source said it cannot start from the end
	toEnd       bool            // G is walking pages to the end of the query
	moves       mover           // recent cursor moves, for the scroll speed
	history     []filterStep    // filters before the one in force, for backspace
	landing     *landing        // an event the cursor goes to when it is loaded
	insights    *insights.Model // open insights, nil when closed
	parts       []sources.Part  // each source of a merged view, as of the last page
	timeline    timeline.Model
	showTime    bool            // the timeline line is on screen
	notices     map[string]bool // provider notices already shown
	log         msglog.Model    // every message the status line showed, in full
	follow      following       // follow mode (w)
	marks       marks.Set       // the marked events of this source
	marksW      *marks.Writer   // orders the saves of the marks
	marksSeq    uint64          // number of the latest save
	timePrompt  *timeprompt.Model
	atTime      time.Time       // the time gone to (@); zero = the whole query
	around      *sources.Around // the log seen from at; nil when atTime is zero
	atPending   bool            // the cursor goes near atTime once the pages around it are in
	atCenter    int             // the event landed on, kept mid-screen until the cursor moves; -1 = none
	atStatusID  int             // the status line's message saying where @ went, until another replaces it
	atMatch     *matchView      // the match found in the file the view is opened at; nil when none
	fsearch     fileSearch      // the search in the file (/ past the loaded events)
	mem         memoryLimiter   // the runtime's memory limit, following the window; off unless Run turns it on

	cancelAhead context.CancelFunc // cancels the second fetch in flight (feed.ahead, ahead.go)
}

// startNoticeTTL is how long the notices given at start stay on the status
// line; the message log keeps them after.
const startNoticeTTL = 30 * time.Second

// New returns the UI for opts, ready to fetch the first page when run.
func New(opts Options) Model {
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	if opts.FetchTimeout <= 0 {
		opts.FetchTimeout = 2 * time.Minute
	}
	if opts.MaxEvents <= 0 {
		opts.MaxEvents = 200_000
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	want := opts.Theme
	if want == "" {
		want = theme.Auto
	}
	resolved := want
	if want == theme.Auto {
		resolved = theme.Dark // until the terminal tells us its background
	}
	m := Model{
		opts:       opts,
		ctx:        opts.Context,
		keys:       keys.DefaultKeyMap(),
		styles:     new(theme.Styles),
		theme:      resolved,
		loc:        loc,
		baseLoc:    loc,
		caps:       sources.CapabilitiesOf(opts.Source),
		query:      opts.Query,
		feed:       newFeed(opts.MaxEvents, opts.MaxBytes),
		spinner:    spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		notices:    map[string]bool{},
		search:     search.New(),
		export:     export.New(),
		timePrompt: timeprompt.New(),
		atCenter:   -1,
		width:      80,
		height:     24,
	}
	fp := filter.New(m.caps, m.styles, opts.Now)
	fp.SetSaved(opts.SavedQueries)
	fp.SetHistory(opts.History)
	m.filter = &fp
	m.recent = opts.History
	*m.styles = theme.New(resolved)
	m.restyle()
	if len(opts.Keys) > 0 {
		_ = m.keys.Rebind(opts.Keys) // main.go checked the table; a bad one keeps the defaults
	}
	if _, ok := opts.Source.(sources.Finder); ok {
		// enter, n and N go on past the loaded events (update_findfile.go).
		m.keys.Search.SetHelp(m.keys.Search.Help().Key, "search")
	}
	m.help = help.New(m.keys, m.styles)
	m.detail = detail.New(m.keys, m.styles)
	m.log = msglog.New(m.keys, m.styles)
	m.list = list.New(m.keys, m.styles, opts.Now)
	if len(opts.Columns) > 0 {
		cols, err := list.ParseColumns(opts.Columns)
		if err == nil {
			m.list.SetColumns(cols)
		} else {
			opts.Warnings = append(opts.Warnings, "[ui] "+err.Error()+"; the default columns are shown")
		}
	}
	m.search.SetStepKeys(m.keys.SearchNext.Help().Key, m.keys.SearchPrev.Help().Key)
	m.list.Focus()
	m.resize()
	var cmds []tea.Cmd
	cmds = append(cmds, m.startFetch(dirFirst))
	// Said on the status line for a while, and kept in the message log.
	if opts.Notice != "" {
		cmds = append(cmds, m.setStatus(opts.Notice, statusInfo, startNoticeTTL))
	}
	for _, w := range opts.Warnings {
		cmds = append(cmds, m.setStatus(w, statusWarn, startNoticeTTL))
	}
	cmds = append(cmds, m.loadMarks())
	if want == theme.Auto {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	if l, ok := opts.Source.(sources.ActionLister); ok {
		cmds = append(cmds, listActions(m.ctx, l))
	}
	m.initCmd = tea.Batch(cmds...)
	return m
}

// Init starts the first fetch, prepared by New (Init cannot change the model).
func (m Model) Init() tea.Cmd { return m.initCmd }

// now is the model's clock.
func (m *Model) now() time.Time { return m.opts.Now() }

// window is the loaded events as the list sees them.
func (f *feed) window() list.Window { return list.Window{Events: f.events, AtStart: f.atStart()} }

// selected returns the event under the cursor, or nil.
func (m *Model) selected() *model.Event {
	if m.list.Cursor() < 0 || m.list.Cursor() >= m.feed.events.Len() {
		return nil
	}
	return m.feed.events.At(m.list.Cursor())
}

// filterHeight is the rows the filter pane wants.
func (m *Model) filterHeight() int { return filter.Height }

// View draws the screen.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	if m.opts.Mouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
	v.WindowTitle = "trail: " + model.Sanitize(m.opts.SourceName)
	return v
}

// recountTimeline counts the timeline again from the feed's histogram if
// the loaded events or the width changed since it was last counted: the
// histogram's slots, not the events. Its time axis is worked out here too,
// once, rather than by every frame's View on a copy of the model.
func (m *Model) recountTimeline() {
	if cells := timeline.Cells(m.width); m.timeline.Stale(&m.feed.hist, cells) {
		m.timeline.Count(&m.feed.hist, cells)
	}
	m.timeline.Axis(m.loc)
}

// helpLine is the last line: the search input while searching, else the
// short help of whatever has the keyboard.
func (m *Model) helpLine() string {
	switch {
	case m.export.Asking():
		return help.Hints(m.export.QuitHelp(), m.width, m.styles)
	case m.export.Active():
		in := m.export.View()
		return common.Clip(in+"  "+help.Hints(m.export.ShortHelp(), m.width-ansi.StringWidth(in)-2, m.styles), m.width)
	case m.timePrompt.Active():
		in := m.timePrompt.View()
		if err := m.timePrompt.Err(); err != "" && m.timePrompt.View() != "" {
			return common.Clip(in+"  "+m.styles.Warn.Render(err), m.width)
		}
		return common.Clip(in+"  "+help.Hints(m.timePrompt.ShortHelp(), m.width-ansi.StringWidth(in)-2, m.styles), m.width)
	case m.search.Active():
		in := m.search.View()
		return common.Clip(in+"  "+help.Hints(m.search.ShortHelp(), m.width-ansi.StringWidth(in)-2, m.styles), m.width)
	case m.focus == focusFilter:
		return help.Hints(m.filter.ShortHelp(), m.width, m.styles)
	case m.insights != nil:
		return help.Hints(m.insights.ShortHelp(), m.width, m.styles)
	case m.showLog:
		return help.Hints(m.log.ShortHelp(), m.width, m.styles)
	case m.showHelp:
		return help.Hints(m.help.ShortHelp(), m.width, m.styles)
	case m.focus == focusDetail:
		return help.Hints(m.detail.ShortHelp(), m.width, m.styles)
	default:
		lp := m.list
		lp.SetFailed(m.feed.err != nil)
		hints := lp.ShortHelp()
		// What runs in the background can be stopped where it is: say how.
		back := m.keys.Back.Help().Key
		switch {
		case m.toEnd:
			hints = append([]key.Binding{key.NewBinding(key.WithKeys(back), key.WithHelp(back, "stop the walk to the end"))}, hints...)
		case m.export.Running():
			hints = append([]key.Binding{key.NewBinding(key.WithKeys(back), key.WithHelp(back, "stop the export"))}, hints...)
		}
		return help.Hints(hints, m.width, m.styles)
	}
}

// helpNotes is what the ? screen says under the keys.
func (m *Model) helpNotes() string {
	follows := " follows the log: new events come in at the top, the cursor staying on its event, and " + m.keys.Top.Help().Key + " goes to the newest. "
	if m.fileOrder() { // the list is the file's lines as written: new ones go at the end
		follows = " follows the file: lines appended to the file come in at the bottom, the cursor staying on its event, and " + m.keys.Bottom.Help().Key + " goes to the newest. "
	}
	return "Pages load as you scroll; ] and [ move a page at a time. " + m.endHelp() + " " + m.keys.Follow.Help().Key + follows +
		"The filter (f) marks each field " +
		"server (the provider filters it) or client (trail filters every page it fetches). " +
		m.searchHelp() + " Control characters in provider text are shown escaped " +
		"(\\x1b, \\u202e): that is the data, not a display fault. " + copyHelpNote
}

// Loaded returns the events loaded now, in order: what the list holds, in
// a new slice. It is for programs that embed the model, and for tests.
func (m Model) Loaded() []model.Event { return m.feed.events.Slice() }

// Close stops what the model runs in the background once the program has
// ended, however it ended (q, a signal, a panic), and returns what the user
// must still be told: where a running export's file stopped; "" if nothing.
// It waits for the export to end its file on a whole line.
func (m Model) Close() string {
	if m.cancel != nil {
		m.cancel()
	}
	if m.cancelAhead != nil {
		m.cancelAhead()
	}
	if m.export == nil {
		return ""
	}
	return m.export.Close(10 * time.Second)
}
