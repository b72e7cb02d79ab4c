package follow

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// StateVersion is the version of the state file's form.
const StateVersion = 1

// State is what `trail export --follow --state FILE` keeps between runs:
// the source's name and the head of each of its parts. It holds times and
// ids only: no token, no secret, no URL.
type State struct {
	Version int             `json:"version"`
	Source  string          `json:"source"`
	Heads   map[string]Head `json:"heads"`
}

// State returns the plan's heads, for the source named source.
func (p *Plan) State(source string) State {
	st := State{Version: StateVersion, Source: source, Heads: map[string]Head{}}
	for _, part := range p.Parts {
		st.Heads[part.Name] = part.Head.clone()
	}
	return st
}

// Restore sets the plan's heads from st, which must be for the same source
// and its parts.
func (p *Plan) Restore(st State) error {
	if st.Version != StateVersion {
		return fmt.Errorf("the state file has version %d; this trail reads version %d", st.Version, StateVersion)
	}
	for i := range p.Parts {
		h, ok := st.Heads[p.Parts[i].Name]
		if !ok {
			continue // a part added to the view since: it starts from its backlog
		}
		p.Parts[i].Head = h.clone()
	}
	return nil
}

// Started reports whether the plan holds a head for any part: a follow
// restored from a state file skips the backlog it already wrote.
func (p *Plan) Started() bool {
	for _, part := range p.Parts {
		if !part.Head.IsZero() {
			return true
		}
	}
	return false
}

// LoadState reads a state file that WriteFileAtomic wrote: a State, or
// what holds one (trail export --follow keeps its output's offset beside
// it). A file that does not exist is no error: it returns ok false, and the
// follow starts with the backlog.
func LoadState[T any](path string) (st T, ok bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, false, nil
	}
	if err != nil {
		return st, false, err
	}
	if err := json.Unmarshal(b, &st); err != nil {
		var zero T
		return zero, false, fmt.Errorf("state file %s is not trail's: %w; move it away to start over", path, err)
	}
	return st, true, nil
}

// WriteFileAtomic writes v as JSON to path atomically: a temporary file
// beside it is written, synced and renamed over it, and the directory
// synced, so a crash or kill -9 at any point leaves either the old file or
// the new one whole.
func WriteFileAtomic(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing the state: %w", err)
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("writing the state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing the state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing the state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing the state: %w", err)
	}
	done = true
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // the rename itself, on file systems that need it
		_ = d.Close()
	}
	return nil
}
