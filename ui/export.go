package ui

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
	"github.com/trail-dev/trail/sources/export"
	"github.com/trail-dev/trail/ui/common"
)

// exportPrompt asks where to export the current view, then tracks the
// export running in the background.
type exportPrompt struct {
	input   textinput.Model
	keys    promptKeys
	active  bool // the input has the keyboard
	running bool
	cancel  context.CancelFunc
	seq     int // export number; messages of an older one are ignored
	path    string
	prog    sources.WalkProgress
	job     *exportJob // the export running, or the last one
	quitAsk bool       // quitting waits for a y: the export would stop
	quit    quitKeys
}

// exportJob is what an export's goroutine leaves when it ends, so a quit
// can wait for it and say where the file stopped, whichever way trail ends.
type exportJob struct {
	done chan struct{} // closed when the export has stopped writing
	n    int           // events in the file, as whole lines
	err  error
}

type promptKeys struct{ Accept, Cancel key.Binding }

// quitKeys answer "quit and stop the export?"; ctrl+c again also means yes.
type quitKeys struct{ Yes, No key.Binding }

func (k promptKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Accept, k.Cancel} }
func (k promptKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func newExportPrompt() *exportPrompt {
	in := textinput.New()
	in.Prompt = "export to: "
	in.CharLimit = 1024
	return &exportPrompt{input: in, keys: promptKeys{
		Accept: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "export (.csv for CSV, else JSONL)")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}, quit: quitKeys{
		Yes: key.NewBinding(key.WithKeys("y", "Y", "ctrl+c"), key.WithHelp("y", "quit and stop the export")),
		No:  key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "keep exporting")),
	}}
}

// Start opens the prompt with a name that says what and when.
func (p *exportPrompt) Start(source string, now time.Time) tea.Cmd {
	p.active = true
	name := "trail-" + safeFileName(source) + "-" + now.Format("20060102-150405") + ".jsonl"
	p.input.SetValue(name)
	p.input.CursorEnd()
	return p.input.Focus()
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

// exportProgressedMsg reports an export's progress; ch delivers its next message.
type exportProgressedMsg struct {
	seq  int
	prog sources.WalkProgress
	ch   <-chan tea.Msg
}

// exportFinishedMsg ends an export.
type exportFinishedMsg struct {
	seq  int
	path string
	n    int
	err  error
}

// runExport writes every event of q to path, in a goroutine, reporting
// progress through a channel like fetchPage. An existing file is not
// overwritten: an export is evidence, and a typo should not destroy one.
func runExport(ctx context.Context, src sources.Source, q model.Query, opts sources.ExportOptions, path string, seq int, job *exportJob) tea.Cmd {
	return func() tea.Msg {
		ch := make(chan tea.Msg, 8)
		go func() {
			defer close(ch)
			defer close(job.done)
			defer func() {
				// A bug in the source or the writer fails the export, not trail.
				if v := recover(); v != nil {
					job.err = sources.PanicError("while exporting", v)
					ch <- exportFinishedMsg{seq: seq, path: path, n: job.n, err: job.err}
				}
			}()
			job.n, job.err = exportFile(ctx, src, q, opts, path, func(p sources.WalkProgress) {
				select {
				case ch <- exportProgressedMsg{seq: seq, prog: p, ch: ch}:
				default:
				}
			})
			ch <- exportFinishedMsg{seq: seq, path: path, n: job.n, err: job.err}
		}()
		return common.AwaitNext(ch)()
	}
}

// exportFile opens path by the rules of `trail export -o` (export.Create):
// never over an existing file, through a link, or onto a file the source
// reads; then writes the export to it.
func exportFile(ctx context.Context, src sources.Source, q model.Query, opts sources.ExportOptions, path string, progress func(sources.WalkProgress)) (int, error) {
	f, err := export.Create(path, export.FileOptions{Protect: sources.FilesOf(src)})
	if errors.Is(err, export.ErrExists) {
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

// handleExportKey edits the file name; enter starts the export.
func (m Model) handleExportKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	p := m.export
	switch {
	case key.Matches(k, p.keys.Cancel):
		p.active = false
		p.input.Blur()
		return m, nil
	case key.Matches(k, p.keys.Accept):
		path := expandHome(strings.TrimSpace(p.input.Value()))
		if path == "" {
			return m, m.setStatus("no file name given", statusWarn, 3*time.Second)
		}
		p.active = false
		p.input.Blur()
		ctx, cancel := context.WithCancel(m.ctx)
		p.running, p.cancel, p.path, p.prog = true, cancel, path, sources.WalkProgress{}
		p.seq++
		p.job = &exportJob{done: make(chan struct{})}
		opts := sources.ExportOptions{Source: m.opts.SourceName, Provider: m.opts.Provider}
		return m, tea.Batch(
			runExport(ctx, m.opts.Source, m.query, opts, path, p.seq, p.job),
			m.setStatus("exporting the filtered view to "+path+" (esc cancels)", statusInfo, 0),
		)
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(k)
	return m, cmd
}

// handleExportMsg follows a running export.
func (m Model) handleExportMsg(msg tea.Msg) (tea.Model, tea.Cmd) {
	p := m.export
	switch msg := msg.(type) {
	case exportProgressedMsg:
		if msg.seq != p.seq {
			return m, nil
		}
		p.prog = msg.prog
		return m, common.AwaitNext(msg.ch)
	case exportFinishedMsg:
		if msg.seq != p.seq {
			return m, nil
		}
		p.running = false
		if p.cancel != nil {
			p.cancel()
		}
		if p.quitAsk && msg.err == nil {
			// It ended while the user was asked whether to stop it.
			return m, m.setStatus("exported "+common.Plural(msg.n, "event")+" to "+msg.path+"; quit now? y/n", statusWarn, 0)
		}
		p.quitAsk = false
		switch {
		case msg.err == nil:
			return m, m.setStatus("exported "+common.Plural(msg.n, "event")+" to "+msg.path, statusInfo, 15*time.Second)
		case errors.Is(msg.err, context.Canceled):
			return m, m.setStatus("export cancelled; "+msg.path+" holds "+common.Plural(msg.n, "event")+" as whole lines", statusWarn, 15*time.Second)
		default:
			return m, m.setStatus("export failed after "+common.Plural(msg.n, "event")+": "+errorText(msg.err), statusError, 0)
		}
	}
	return m, nil
}

// exportStatus describes a running export for the status line.
func (p *exportPrompt) status(now time.Time) string {
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

// handleQuitKey answers "quit and stop the export?": y (or ctrl+c again)
// quits, and main says where the file stopped (Model.Close); anything else
// keeps the export going.
func (m Model) handleQuitKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	p := m.export
	if key.Matches(k, p.quit.Yes) {
		return m.quit()
	}
	p.quitAsk = false
	if !p.running {
		m.status = statusMsg{}
		return m, nil
	}
	return m, m.setStatus("the export goes on", statusInfo, 3*time.Second)
}

// closeExport stops a running export, waits for it to end its file on a
// whole line, and says where the file stopped, or "" when no export is
// running. It waits at most wait.
func (p *exportPrompt) closeExport(wait time.Duration) string {
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
		return "the export to " + path + " failed after " + n + ": " + errorText(err)
	}
}
