package ui

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
)

// Commands are free functions over plain values: they never read the model,
// which Update may be changing while they run.

// fetchPage asks src for the page at cursor. The fetch runs in its own
// goroutine and reports progress (rate-limit waits) through a channel that
// the returned command and its follow-ups (awaitNext) drain, so the status
// line can count down while the fetch is still under way.
//
// size, when not 0, is the page size to ask a sources.Sizer for.
func fetchPage(ctx context.Context, src sources.Source, q model.Query, cursor string, size int, last bool, seq uint64, timeout time.Duration) tea.Cmd {
	return func() tea.Msg {
		ch := make(chan tea.Msg, 4)
		go func() {
			defer close(ch)
			defer func() {
				// A bug in a source must not take the terminal down with it.
				if r := recover(); r != nil {
					err := sources.PanicError("while fetching", r)
					select {
					case ch <- pageLoadedMsg{seq: seq, err: err}:
					case <-ctx.Done():
					}
				}
			}()
			fctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			fctx = sources.WithProgress(fctx, func(p sources.Progress) {
				select {
				case ch <- fetchProgressedMsg{seq: seq, progress: p, ch: ch}:
				default: // progress is advisory; never block the fetch on it
				}
			})
			var page sources.Page
			var err error
			start := time.Now()
			sizer, sized := src.(sources.Sizer)
			switch seeker, ok := src.(sources.Seeker); {
			case ok && last:
				page, err = seeker.Last(fctx, q)
			case sized && size > 0:
				page, err = sizer.FetchSize(fctx, q, cursor, size)
			default:
				page, err = src.Fetch(fctx, q, cursor)
			}
			select {
			case ch <- pageLoadedMsg{seq: seq, page: page, err: err, took: time.Since(start)}:
			case <-ctx.Done(): // superseded: nobody is listening any more
			}
		}()
		return common.AwaitNext(ch)()
	}
}

// listActions asks a source that can list its action types for them.
func listActions(ctx context.Context, l sources.ActionLister) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if v := recover(); v != nil {
				msg = actionsListedMsg{err: sources.PanicError("while listing them", v)}
			}
		}()
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		actions, err := l.ListActions(ctx)
		return actionsListedMsg{actions: actions, err: err}
	}
}

// tickRetry schedules the next countdown step of a retry wait.
func tickRetry(seq uint64, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return retryTickedMsg{seq: seq} })
}

// expireStatus clears status message id after d.
func expireStatus(id int, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return statusExpiredMsg{id: id} })
}

// tmuxCopy hands text to tmux (load-buffer -w), which puts it in a tmux
// buffer and sends it to the outer terminal's clipboard itself, even where
// tmux drops an application's own OSC 52, as with its default
// set-clipboard external. It reports whether tmux took it in msg.
func tmuxCopy(text string, msg tmuxCopiedMsg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "tmux", "load-buffer", "-w", "-")
		cmd.Stdin = strings.NewReader(text)
		out, err := cmd.CombinedOutput()
		if err != nil && len(out) > 0 {
			err = fmt.Errorf("%w: %s", err, model.Clip(string(out), 200))
		}
		msg.err = err
		return msg
	}
}
