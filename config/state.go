package config

import (
	"errors"
	"os"
	"path/filepath"
)

// StateDir returns where trail keeps what outlives a session (the marks of
// each source): $XDG_STATE_HOME/trail, else ~/.local/state/trail. It reads
// the real environment; see StateDirFrom.
func StateDir() (string, error) {
	home, _ := os.UserHomeDir() // "" is handled by StateDirFrom
	return StateDirFrom(os.Getenv, home)
}

// StateDirFrom is StateDir with the environment passed in. A relative
// XDG_STATE_HOME is ignored, as the XDG Base Directory spec asks.
func StateDirFrom(getenv func(string) string, home string) (string, error) {
	if dir := getenv("XDG_STATE_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "trail"), nil
	}
	if home == "" {
		return "", errors.New("cannot find the state directory: neither XDG_STATE_HOME nor HOME is set; marks are not kept")
	}
	return filepath.Join(home, ".local", "state", "trail"), nil
}
