package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/sources"
)

// pageLoadedMsg is the answer to one fetch: a page or an error. seq says which
// request it answers; any but the latest is stale and dropped.
type pageLoadedMsg struct {
	seq  uint64
	page sources.Page
	err  error
	took time.Duration // how long the fetch took, for pacing prefetches
}

// fetchProgressedMsg reports what a fetch in flight is doing (waiting on a
// rate limit, retrying). ch delivers the fetch's next message.
type fetchProgressedMsg struct {
	seq      uint64
	progress sources.Progress
	ch       <-chan tea.Msg
}

// retryTickedMsg fires each second while a failed fetch waits to be retried,
// so the countdown moves; at retryAt the fetch is made again.
type retryTickedMsg struct{ seq uint64 }

// statusExpiredMsg clears the status message with this id, unless a newer
// one has replaced it.
type statusExpiredMsg struct{ id int }

// actionsListedMsg carries action types the source listed at run time.
type actionsListedMsg struct {
	actions []string
	err     error
}

// tmuxCopiedMsg says whether tmux load-buffer -w took a copy. The rest is
// the copy's status line: its id, what was sent, and any warning.
type tmuxCopiedMsg struct {
	statusID   int
	sent, warn string
	err        error
}

// waitTick is how often a waiting countdown is redrawn.
const waitTick = time.Second
