package common

import "charm.land/bubbles/v2/key"

// Pane is the contract every pane under ui/ keeps, in the shape of a bubbles
// component. Only the root model is a tea.Model: a pane is a plain value the
// root owns, sizes and draws. Each pane's Update has its own signature,
// Update(msg) (pane, tea.Cmd) plus, where the root must act, an outcome value
// the root reads (a pivot, an applied filter, a close); the pane never
// reaches into the root. Update does no I/O: anything slow is a tea.Cmd built
// by a free function over plain values.
type Pane interface {
	// View draws the pane in exactly the cells SetSize gave it.
	View() string
	// SetSize gives the pane its cells; the root lays out once per resize.
	SetSize(width, height int)
	// ShortHelp is the pane's hint line while it has the keyboard.
	ShortHelp() []key.Binding
	// FullHelp groups the pane's keys for a help screen.
	FullHelp() [][]key.Binding
}
