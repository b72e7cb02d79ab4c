package config

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Prefixes of secret references. Anything else is the secret itself.
const (
	envPrefix  = "env:"
	filePrefix = "file:"
	cmdPrefix  = "cmd:"
)

// maxSecretSize bounds what a secret file or command may yield, so a wrong
// path (a log, /dev/zero) fails instead of filling memory.
const maxSecretSize = 64 << 10

// ValidateSecretRef checks the form of a secret reference without reading
// anything: env:NAME with NAME a shell variable name, file:PATH and
// cmd:COMMAND non-empty (and COMMAND well quoted), or a literal. The empty
// string is invalid: call it only for secrets that are set. Errors never
// contain ref, which may be a literal secret.
func ValidateSecretRef(ref string) error {
	if ref == "" {
		return errors.New("secret is empty; use env:NAME, file:PATH, cmd:COMMAND or the secret itself")
	}
	rest := ref[len(secretKind(ref)):]
	switch secretKind(ref) {
	case envPrefix:
		if rest == "" {
			return errors.New("env: needs a variable name, as in env:CANARY_AUTH_TOKEN")
		}
		if !isEnvName(rest) {
			return errors.New("env: must be followed by a variable name of letters, digits and _, not starting with a digit")
		}
	case filePrefix:
		if strings.TrimSpace(rest) == "" {
			return errors.New("file: needs a path, as in file:~/.config/trail/token")
		}
	case cmdPrefix:
		args, err := splitCommand(rest)
		if err != nil {
			return fmt.Errorf("cmd: %w", err)
		}
		if len(args) == 0 {
			return errors.New("cmd: needs a command, as in cmd:pass show trail/token")
		}
	}
	return nil
}

// ResolveSecret returns the secret ref refers to. A source calls it as it
// opens (sources.Env.Secret), so a secret is read only when needed and only
// by the source that needs it.
//
//   - env:NAME is the variable's value; unset or empty is an error.
//   - file:PATH is the file's content without surrounding white space; a
//     leading ~/ is the home directory; an empty file is an error.
//   - cmd:COMMAND runs COMMAND without a shell (see splitCommand for the
//     quoting), for at most 10 seconds or until ctx ends; its standard output
//     without trailing newlines is the secret; no output is an error.
//   - anything else is the secret itself.
//
// Errors name the variable, file or command, never the secret, and never a
// command's standard output.
func ResolveSecret(ctx context.Context, ref string) (string, error) {
	if err := ValidateSecretRef(ref); err != nil {
		return "", err
	}
	rest := ref[len(secretKind(ref)):]
	switch secretKind(ref) {
	case envPrefix:
		v, ok := os.LookupEnv(rest)
		if !ok {
			return "", fmt.Errorf("environment variable %s is not set", rest)
		}
		if v == "" {
			return "", fmt.Errorf("environment variable %s is empty", rest)
		}
		return v, nil
	case filePrefix:
		return readSecretFile(strings.TrimSpace(rest))
	case cmdPrefix:
		return runSecretCommand(ctx, rest)
	}
	return ref, nil
}

// ExpandHome replaces a leading ~ or ~/ in path with the home directory, as
// a shell would, since config paths are written like shell paths. ~user is
// an error rather than a file literally named so.
func ExpandHome(path string) (string, error) {
	if path != "~" && !strings.HasPrefix(path, "~/") {
		if strings.HasPrefix(path, "~") {
			return "", fmt.Errorf("cannot expand %s: only ~/ is supported; write the full path", path)
		}
		return path, nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", fmt.Errorf("cannot expand ~ in %s: the home directory is unknown; write the full path", path)
	}
	return filepath.Join(home, path[1:]), nil
}

// secretKind returns ref's prefix, or "" for a literal.
func secretKind(ref string) string {
	for _, p := range []string{envPrefix, filePrefix, cmdPrefix} {
		if strings.HasPrefix(ref, p) {
			return p
		}
	}
	return ""
}

// isEnvName reports whether name is a portable environment variable name.
func isEnvName(name string) bool {
	for i, c := range name {
		switch {
		case c == '_', c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return name != ""
}

// readSecretFile reads the secret in the file at path (as written, with ~).
func readSecretFile(path string) (string, error) {
	full, err := ExpandHome(path)
	if err != nil {
		return "", err
	}
	fh, err := os.Open(full)
	if err != nil {
		return "", fmt.Errorf("secret file %s: %w", path, pathCause(err))
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxSecretSize+1))
	if err != nil {
		return "", fmt.Errorf("secret file %s: %w", path, pathCause(err))
	}
	if len(data) > maxSecretSize {
		return "", fmt.Errorf("secret file %s is larger than %d KiB; is it the right file?", path, maxSecretSize>>10)
	}
	secret := strings.TrimSpace(string(data))
	if secret == "" {
		return "", fmt.Errorf("secret file %s is empty", path)
	}
	return secret, nil
}

// pathCause drops the path from an *fs.PathError, which the caller names
// itself as the user wrote it; errors.Is still sees fs.ErrNotExist.
func pathCause(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}
