// Package ui is trail's terminal interface: a list of events, a detail pane
// for one event and a filter pane, over a sources.Source that is paged lazily
// as the user scrolls.
//
// # Where things live
//
// This package is the root: Model (the only tea.Model), the feed of loaded
// pages (feed.go, prefetch.go, ahead.go), the commands that fetch (commands.go), the
// screen's layout (layout.go: every pane's place and size, in one place),
// the top bar and status line (status.go; the status bar's segments and
// how they give way as the window narrows, statusbar.go), pivots and the
// filter history (pivot.go, landing.go), follow mode (follow.go,
// feed_follow.go), marks and the view at a time (update_marks.go,
// update_goto.go), and the routing of keys and results to the panes
// (update*.go). Each pane is a package beside it:
//
//	ui/list      the event list: trail's own virtual list, drawing only the rows on screen
//	ui/detail    one event in full, its raw JSON, and what each line copies
//	ui/filter    the filter form
//	ui/insights  counts over the loaded events or the whole query, each row a pivot
//	ui/search    the / prompt and its background scans
//	ui/export    the export prompt and the export it runs
//	ui/marks     the marked events of a source, and the file they are kept in
//	ui/timeprompt the go-to-a-time prompt (@)
//	ui/msglog    the message log (m)
//	ui/help      the ? screen, and Hints, the one-line help under the status line
//	ui/timeline  the histogram of the loaded events above the list, with its time axis
//	ui/window    the loaded events: a deque of pages that a page joins or leaves at its cost
//	ui/keys      the key map: every binding, its help text, the [keys] table
//	ui/theme     the colours and styles, for dark, light and no colour
//	ui/common    the pane contract and the text helpers every pane shares
//	ui/cli       the command line's errors and its man page, for main.go's command tree
//	ui/internal/uitest  checks and fixtures the tests of ui and its panes share
//
// # The pane contract
//
// A pane keeps common.Pane: SetSize, View, ShortHelp and FullHelp, and has
// an Update shaped like a bubbles component's. Where the root must act,
// Update also returns a value saying what to do (list.Action,
// filter.Outcome, insights.Action, search.ActionKind, export.Action, or
// closed for the pager screens): move the cursor, apply a query, start a
// walk or an export, close. Panes held by value return themselves; those
// held behind a pointer (large text inputs, or kept in the filter history)
// change in place. A pane never reaches into the root or another pane; its
// own keys are matched in its own package.
//
// # The rules
//
//   - No I/O in Update or View. Anything slow or outside the process is a
//     tea.Cmd built by a free function over plain values (a context, a
//     source, a query, a snapshot of the events), never a closure over the
//     model. Each background job carries a generation or sequence number,
//     and a result whose number is stale is dropped.
//   - Only the root routes: keys go to whatever has the keyboard (a prompt,
//     an open screen, the focused pane), results to the pane that owns them,
//     by message type. The root lays the panes out once per resize and
//     composes the screen.
//   - Keys and styles are data: a pane matches key.Bindings from ui/keys or
//     its own KeyMap, never string literals, and draws in theme.Styles.
//   - A frame costs what is on screen, not what is loaded: the list draws
//     only its rows, the detail pane cuts its lines once per event, within
//     fixed bounds.
package ui
