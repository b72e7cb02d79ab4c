package common

import (
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/sources"
)

// AwaitNext returns the next message of a job running in the background (a
// fetch, an export, an insights walk) from its channel.
func AwaitNext(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// RecoverTo, deferred in a command, turns a panic into a FailedMsg for the
// status line: Bubble Tea would otherwise end the program over a bug in a
// background job.
func RecoverTo(msg *tea.Msg, during string) {
	if v := recover(); v != nil {
		*msg = FailedMsg{Err: sources.PanicError(during, v)}
	}
}

// FailedMsg reports a background job that failed unexpectedly (a panic
// recovered), for the status line.
type FailedMsg struct{ Err error }
