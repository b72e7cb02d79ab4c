package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/export"
)

// handleExport routes a key or an export's message to the export prompt,
// starts the export it asks for, and says how it ended.
func (m Model) handleExport(msg tea.Msg) (tea.Model, tea.Cmd) {
	p := m.export
	cmd, act := p.Update(msg)
	switch act.Kind {
	case export.NoName:
		return m, m.setStatus("no file name given", statusWarn, 3*time.Second)
	case export.Started:
		ctx, cancel := context.WithCancel(m.ctx)
		opts := sources.ExportOptions{Source: m.opts.SourceName, Provider: m.opts.Provider}
		q, what := m.sourceQuery(), "the filtered view"
		if len(m.filterFields()) == 0 {
			what = "every event of the view"
		}
		if act.Marked {
			q, opts.Keep, opts.Want = m.markedExport()
			what = "the " + common.Plural(opts.Want, "marked event")
		}
		return m, tea.Batch(
			p.Run(ctx, cancel, m.opts.Source, q, opts, act.Path),
			m.setStatus("exporting "+what+" to "+act.Path+" (esc cancels)", statusInfo, 0),
		)
	case export.Asked:
		// It ended while the user was asked whether to stop it.
		return m, m.setStatus("exported "+common.Plural(act.N, "event")+" to "+act.Path+"; quit now? y/n", statusWarn, 0)
	case export.Finished:
		switch {
		case act.Err == nil:
			return m, m.setStatus("exported "+common.Plural(act.N, "event")+" to "+act.Path, statusInfo, 15*time.Second)
		case errors.Is(act.Err, context.Canceled):
			return m, m.setStatus("export cancelled; "+act.Path+" holds "+common.Plural(act.N, "event")+" as whole lines", statusWarn, 15*time.Second)
		default:
			return m, m.setStatus("export failed after "+common.Plural(act.N, "event")+": "+common.ErrorText(act.Err), statusError, 0)
		}
	}
	return m, cmd
}

// handleQuitKey answers "quit and stop the export?": y (or ctrl+c again)
// quits, and main says where the file stopped (Model.Close); anything else
// keeps the export going.
func (m Model) handleQuitKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.export.Answer(k) {
		return m.quit()
	}
	if !m.export.Running() {
		m.status = statusMsg{}
		return m, nil
	}
	return m, m.setStatus("the export goes on", statusInfo, 3*time.Second)
}
