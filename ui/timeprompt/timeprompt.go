// Package timeprompt is the "go to a time" prompt (@): one line that takes
// any time trail reads (model.ParseTimeSpec: RFC 3339, a date, "date
// time", today, yesterday, now, an age such as 90m or 2d), says live what
// is wrong with it as it is typed, and gives the time on enter.
package timeprompt

import (
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/trail-dev/trail/model"
)

// Model is the prompt; closed until Start.
type Model struct {
	input  textinput.Model
	keys   promptKeys
	active bool
	err    string // what is wrong with the text typed; "" when it reads
}

type promptKeys struct{ Accept, Cancel key.Binding }

// New returns the prompt, closed.
func New() *Model {
	in := textinput.New()
	in.Prompt = "go to time: "
	in.Placeholder = "2026-11-30 14:00, yesterday, 2h"
	in.CharLimit = 64
	return &Model{input: in, keys: promptKeys{
		Accept: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go there")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}}
}

// SetStyles draws the input in the theme's input styles.
func (p *Model) SetStyles(st textinput.Styles) { p.input.SetStyles(st) }

// Start opens the prompt, empty.
func (p *Model) Start() tea.Cmd {
	p.active, p.err = true, ""
	p.input.SetValue("")
	return p.input.Focus()
}

// ActionKind says what the root must do after a key.
type ActionKind int

const (
	None   ActionKind = iota
	Go                // go to Action.T
	Cancel            // the prompt closed
)

// Action is what the root must do.
type Action struct {
	Kind ActionKind
	T    time.Time
}

// Update answers a key while the prompt is open: enter on a time that
// reads goes there, esc closes; anything else edits, and the error under
// the text follows it.
func (p *Model) Update(k tea.KeyPressMsg, now time.Time, loc *time.Location) (tea.Cmd, Action) {
	switch {
	case key.Matches(k, p.keys.Cancel):
		p.active = false
		p.input.Blur()
		return nil, Action{Kind: Cancel}
	case key.Matches(k, p.keys.Accept):
		t, err := model.ParseTimeSpec(p.input.Value(), now, loc)
		if err != nil {
			p.err = err.Error()
			return nil, Action{}
		}
		p.active = false
		p.input.Blur()
		return nil, Action{Kind: Go, T: t}
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(k)
	p.err = ""
	if v := p.input.Value(); v != "" {
		if _, err := model.ParseTimeSpec(v, now, loc); err != nil {
			p.err = err.Error()
		}
	}
	return cmd, Action{}
}

// UpdateInput passes anything else (a cursor blink) to the input.
func (p *Model) UpdateInput(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return cmd
}

// Active reports whether the prompt has the keyboard.
func (p *Model) Active() bool { return p.active }

// Err is what is wrong with the time typed so far; "" when it reads.
func (p *Model) Err() string { return p.err }

// View is the prompt with the text typed.
func (p *Model) View() string { return p.input.View() }

// ShortHelp is the hint line while the prompt is open.
func (p *Model) ShortHelp() []key.Binding { return []key.Binding{p.keys.Accept, p.keys.Cancel} }

// FullHelp groups the prompt's keys.
func (p *Model) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
