// Package export is the export prompt (e): it asks where to write the
// filtered view, then runs and follows the export in the background, by the
// rules of `trail export -o` (sources/export), and answers "quit and stop
// the export?".
package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	fileexport "github.com/trail-dev/trail/sources/export"
	"github.com/trail-dev/trail/ui/common"
)

// Model asks where to export the current view, then tracks the
// export running in the background.
type Model struct {
	input  textinput.Model
	keys   promptKeys
	active bool // the input has the keyboard
	// suggested: the input still holds the name trail proposed, untouched;
	// typing replaces it whole (as a selected default does), any editing
	// key keeps it to edit.
	suggested bool
	running   bool
	cancel    context.CancelFunc
	seq       int // export number; messages of an older one are ignored
	path      string
	prog      sources.WalkProgress
	job       *job // the export running, or the last one
	quitAsk   bool // quitting waits for a y: the export would stop
	quit      quitKeys
	marked    int  // events marked when the prompt opened; 0 = no choice
	onlyMarks bool // the export is of the marked events only
}

// job is what an export's goroutine leaves when it ends, so a quit
// can wait for it and say where the file stopped, whichever way trail ends.
type job struct {
	done chan struct{} // closed when the export has stopped writing
	n    int           // events in the file, as whole lines
	err  error
}

// promptKeys answer the prompt.
type promptKeys struct{ Accept, Cancel, Scope key.Binding }

// quitKeys answer "quit and stop the export?"; ctrl+c again also means yes.
type quitKeys struct{ Yes, No key.Binding }

// QuitHelp lists the keys that answer "quit and stop the export?".
func (p *Model) QuitHelp() []key.Binding { return []key.Binding{p.quit.Yes, p.quit.No} }

// ShortHelp lists the prompt's keys.
func (k promptKeys) ShortHelp() []key.Binding { return []key.Binding{k.Accept, k.Cancel} }

// scopeHelp is the scope key, saying what it switches to.
func (p *Model) scopeHelp() key.Binding {
	b := p.keys.Scope
	if p.onlyMarks {
		b.SetHelp(b.Help().Key, "the whole filtered view")
	} else {
		b.SetHelp(b.Help().Key, "marked only ("+common.Itoa(p.marked)+")")
	}
	return b
}

// FullHelp groups the prompt's keys.
func (k promptKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// New returns the prompt, closed, with no export running.
func New() *Model {
	in := textinput.New()
	in.Prompt = "export to: "
	in.CharLimit = 1024
	return &Model{input: in, keys: promptKeys{
		Accept: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "export (.csv for CSV, else JSONL)")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Scope:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "marked only")),
	}, quit: quitKeys{
		Yes: key.NewBinding(key.WithKeys("y", "Y", "ctrl+c"), key.WithHelp("y", "quit and stop the export")),
		No:  key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "keep exporting")),
	}}
}

// SetStyles draws the prompt's input in the theme's input styles.
func (p *Model) SetStyles(st textinput.Styles) { p.input.SetStyles(st) }

// Start opens the prompt with a name that says what and when; marked is
// how many events are marked, which the prompt offers to export alone.
func (p *Model) Start(source string, now time.Time, marked int) tea.Cmd {
	p.active = true
	p.marked, p.onlyMarks = marked, false
	p.input.Prompt = prompt(false, marked)
	name := "trail-" + safeFileName(source) + "-" + now.Format("20060102-150405") + ".jsonl"
	p.input.SetValue(name)
	p.input.CursorEnd()
	p.suggested = true
	return p.input.Focus()
}

// prompt is the input's prompt, which says what is exported.
func prompt(onlyMarks bool, marked int) string {
	if onlyMarks {
		return "export the " + common.Plural(marked, "marked event") + " to: "
	}
	return "export to: "
}

// safeFileName keeps letters, digits, dot, dash and underscore.
func safeFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && (r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "export"
	}
	return b.String()
}

// ProgressedMsg reports an export's progress; ch delivers its next message.
type ProgressedMsg struct {
	seq  int
	prog sources.WalkProgress
	ch   <-chan tea.Msg
}

// FinishedMsg ends an export.
type FinishedMsg struct {
	seq  int
	path string
	n    int
	err  error
}

// run writes every event of q to path, in a goroutine, reporting
// progress through a channel like fetchPage. An existing file is not
// overwritten: an export is evidence, and a typo should not destroy one.
func run(ctx context.Context, src sources.Source, q model.Query, opts sources.ExportOptions, path string, seq int, job *job) tea.Cmd {
	return func() tea.Msg {
		ch := make(chan tea.Msg, 8)
		go func() {
			defer close(ch)
			defer close(job.done)
			defer func() {
				// A bug in the source or the writer fails the export, not trail.
				if v := recover(); v != nil {
					job.err = sources.PanicError("while exporting", v)
					ch <- FinishedMsg{seq: seq, path: path, n: job.n, err: job.err}
				}
			}()
			job.n, job.err = exportFile(ctx, src, q, opts, path, func(p sources.WalkProgress) {
				select {
				case ch <- ProgressedMsg{seq: seq, prog: p, ch: ch}:
				default:
				}
			})
			ch <- FinishedMsg{seq: seq, path: path, n: job.n, err: job.err}
		}()
		return common.AwaitNext(ch)()
	}
}

// exportFile opens path by the rules of `trail export -o` (export.Create):
// never over an existing file, through a link, or onto a file the source
// reads; then writes the export to it.
func exportFile(ctx context.Context, src sources.Source, q model.Query, opts sources.ExportOptions, path string, progress func(sources.WalkProgress)) (int, error) {
	f, err := fileexport.Create(path, fileexport.FileOptions{Protect: sources.FilesOf(src)})
	if errors.Is(err, fileexport.ErrExists) {
		return 0, fmt.Errorf("%s exists; choose another name", path)
	}
	if err != nil {
		return 0, err
	}
	opts.Format = sources.FormatFor(path)
	opts.Walk.Progress = progress
	n, err := sources.Export(ctx, src, q, opts, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// expandHome turns a leading ~/ into the home directory.
func expandHome(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return path
}

// Status describes a running export for the status line.
func (p *Model) Status(now time.Time) string {
	s := "exporting: page " + common.Itoa(p.prog.Pages)
	if p.prog.Total > 0 {
		s += " of " + common.Itoa(p.prog.Total)
	}
	s += " · " + common.Plural(p.prog.Events, "event")
	if !p.prog.Until.IsZero() {
		s += " · waiting " + common.ShortDuration(p.prog.Until.Sub(now))
	}
	return s + " (esc cancels)"
}

// Close stops a running export, waits for it to end its file on a
// whole line, and says where the file stopped, or "" when no export is
// running. It waits at most wait.
func (p *Model) Close(wait time.Duration) string {
	if !p.running || p.job == nil {
		return ""
	}
	if p.cancel != nil {
		p.cancel()
	}
	path := model.Sanitize(p.path)
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-p.job.done:
	case <-t.C:
		return "the export to " + path + " did not stop in time; its last line may be cut short"
	}
	n := common.Plural(p.job.n, "event")
	switch err := p.job.err; {
	case err == nil:
		return "the export to " + path + " had finished: it holds " + n
	case errors.Is(err, context.Canceled):
		return "the export to " + path + " was stopped: it holds " + n + ", as whole lines"
	default:
		return "the export to " + path + " failed after " + n + ": " + common.ErrorText(err)
	}
}

// ActionKind says what the root must do after a key or an export's message.
type ActionKind int

const (
	None     ActionKind = iota
	NoName              // enter on an empty name
	Started             // an export to Action.Path began (Run's command is Action.Cmd)
	Finished            // the export ended: Action.N events in Action.Path, Action.Err
	Asked               // it ended without error while the user was asked whether to quit
)

// Action is what the root must do.
type Action struct {
	Kind ActionKind
	Path string
	// Marked: the export is of the marked events only (Started).
	Marked bool
	N      int
	Err    error
}

// Update answers a key while the prompt is open, and follows the running
// export on its messages. Starting an export needs the context, source and
// query the root holds: Update says Started with the path, and the root
// calls Run.
func (p *Model) Update(msg tea.Msg) (tea.Cmd, Action) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Cancel):
			p.active = false
			p.input.Blur()
			return nil, Action{}
		case key.Matches(msg, p.keys.Scope):
			if p.marked > 0 {
				p.onlyMarks = !p.onlyMarks
				p.input.Prompt = prompt(p.onlyMarks, p.marked)
			}
			return nil, Action{}
		case key.Matches(msg, p.keys.Accept):
			path := expandHome(strings.TrimSpace(p.input.Value()))
			if path == "" {
				return nil, Action{Kind: NoName}
			}
			p.active = false
			p.input.Blur()
			return nil, Action{Kind: Started, Path: path, Marked: p.onlyMarks}
		}
		if p.suggested && msg.Text != "" && msg.Mod&^tea.ModShift == 0 {
			p.input.SetValue("") // a typed name replaces the proposed one
		}
		p.suggested = false
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		return cmd, Action{}
	case ProgressedMsg:
		if msg.seq != p.seq {
			return nil, Action{}
		}
		p.prog = msg.prog
		return common.AwaitNext(msg.ch), Action{}
	case FinishedMsg:
		if msg.seq != p.seq {
			return nil, Action{}
		}
		p.running = false
		if p.cancel != nil {
			p.cancel()
		}
		if p.quitAsk && msg.err == nil {
			return nil, Action{Kind: Asked, Path: msg.path, N: msg.n}
		}
		p.quitAsk = false
		return nil, Action{Kind: Finished, Path: msg.path, N: msg.n, Err: msg.err}
	}
	return nil, Action{}
}

// Run starts the export of q from src to path in the background; cancel
// stops it.
func (p *Model) Run(ctx context.Context, cancel context.CancelFunc, src sources.Source, q model.Query, opts sources.ExportOptions, path string) tea.Cmd {
	p.running, p.cancel, p.path, p.prog = true, cancel, path, sources.WalkProgress{}
	p.seq++
	p.job = &job{done: make(chan struct{})}
	return run(ctx, src, q, opts, path, p.seq, p.job)
}

// UpdateInput passes anything else (a cursor blink) to the input.
func (p *Model) UpdateInput(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return cmd
}

// Ask marks that quitting waits for an answer, and reports whether it was
// not asked already: a yes comes back and quits.
func (p *Model) Ask() bool {
	if !p.running || p.quitAsk {
		return false
	}
	p.quitAsk = true
	return true
}

// Answer takes the answer to "quit and stop the export?": true to quit.
func (p *Model) Answer(k tea.KeyPressMsg) bool {
	if key.Matches(k, p.quit.Yes) {
		return true
	}
	p.quitAsk = false
	return false
}

// Cancel stops the running export.
func (p *Model) Cancel() { p.cancel() }

// Active reports whether the prompt has the keyboard.
func (p *Model) Active() bool { return p.active }

// Running reports whether an export runs.
func (p *Model) Running() bool { return p.running }

// Asking reports whether quitting waits for an answer.
func (p *Model) Asking() bool { return p.quitAsk }

// Exported is how many events the running export has written.
func (p *Model) Exported() int { return p.prog.Events }

// Name is the file name typed in the prompt.
func (p *Model) Name() string { return p.input.Value() }

// SetName types a file name into the prompt.
func (p *Model) SetName(name string) { p.input.SetValue(name) }

// View is the prompt with the file name.
func (p *Model) View() string { return p.input.View() }

// ShortHelp is the hint line while the prompt is open.
func (p *Model) ShortHelp() []key.Binding {
	if p.marked > 0 {
		return append(p.keys.ShortHelp(), p.scopeHelp())
	}
	return p.keys.ShortHelp()
}

// FullHelp groups the prompt's keys.
func (p *Model) FullHelp() [][]key.Binding { return p.keys.FullHelp() }

// Path is the file of the running (or last) export.
func (p *Model) Path() string { return p.path }
