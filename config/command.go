package config

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// secretCommandTimeout bounds a cmd: secret, so a password manager waiting
// for a prompt nobody sees cannot hang trail.
const secretCommandTimeout = 10 * time.Second

// runSecretCommand runs a cmd: secret's command and returns its output.
// It uses no shell, so nothing in the config is expanded or globbed, and the
// command sees no terminal input. Errors report the command's name, its exit
// status and the first line of its standard error, never its output.
//
// A command that starts children which outlive it is given a second after it
// is killed to release its output; the children are not killed.
func runSecretCommand(ctx context.Context, line string) (string, error) {
	args, err := splitCommand(line)
	if err != nil {
		return "", fmt.Errorf("cmd: %w", err)
	}
	if len(args) == 0 {
		return "", errors.New("cmd: needs a command, as in cmd:pass show trail/token")
	}
	name := args[0]
	runCtx, cancel := context.WithTimeout(ctx, secretCommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(runCtx, name, args[1:]...)
	stdout := &cappedBuffer{limit: maxSecretSize}
	stderr := &cappedBuffer{limit: 4 << 10}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	switch {
	case runCtx.Err() != nil && ctx.Err() == nil:
		return "", fmt.Errorf("secret command %q did not finish within %s: %w", name, secretCommandTimeout, runCtx.Err())
	case ctx.Err() != nil:
		return "", fmt.Errorf("secret command %q did not finish: %w", name, ctx.Err())
	case errors.Is(err, exec.ErrNotFound):
		return "", fmt.Errorf("secret command %q not found; check the cmd: reference: %w", name, exec.ErrNotFound)
	case err != nil:
		status := err.Error()
		if ee, ok := errors.AsType[*exec.ExitError](err); ok {
			status = ee.ProcessState.String() // "exit status 1", "signal: killed"
		}
		if echoes(stderr.String(), stdout.String()) {
			return "", fmt.Errorf("secret command %q failed (%s); its error output is not shown, as it repeats what the command printed (which may be the secret); run the command yourself to see it", name, status)
		}
		if first := firstLine(stderr.String()); first != "" {
			return "", fmt.Errorf("secret command %q failed (%s): %s", name, status, first)
		}
		return "", fmt.Errorf("secret command %q failed (%s)", name, status)
	case stdout.over:
		return "", fmt.Errorf("secret command %q printed more than %d KiB; is it the right command?", name, maxSecretSize>>10)
	}
	secret := strings.TrimRight(stdout.String(), "\r\n")
	if secret == "" {
		return "", fmt.Errorf("secret command %q printed nothing", name)
	}
	return secret, nil
}

// splitCommand splits a cmd: reference into arguments the way a POSIX shell
// would, minus everything that makes a shell dangerous to feed a config
// file: white space separates; 'single quotes' keep everything; "double
// quotes" keep everything but \" \\ \$ and \`; a backslash outside quotes
// keeps the next character. $, *, ; and | are ordinary characters.
func splitCommand(s string) ([]string, error) {
	var (
		args  []string
		cur   strings.Builder
		inArg bool // an argument has started, perhaps empty as in ''
	)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		case '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, errors.New("a single quote (') is not closed")
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inArg = true
		case '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New(`a double quote (") is not closed`)
			}
			inArg = true
		case '\\':
			if i+1 >= len(s) {
				return nil, errors.New(`the command ends with a lone backslash (\)`)
			}
			i++
			cur.WriteByte(s[i])
			inArg = true
		default:
			cur.WriteByte(c)
			inArg = true
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// cappedBuffer keeps the first limit bytes written to it and drops the rest,
// still reporting success so the command is not killed by a broken pipe.
type cappedBuffer struct {
	buf   []byte
	limit int
	over  bool
}

// Write keeps what fits.
func (b *cappedBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if room := b.limit - len(b.buf); n > room {
		b.over = true
		p = p[:max(room, 0)]
	}
	b.buf = append(b.buf, p...)
	return n, nil
}

// String returns what was kept.
func (b *cappedBuffer) String() string { return string(b.buf) }

// firstLine returns the first non-blank line of a command's standard error
// fit for the terminal: at most 200 characters, and every character that
// could move the cursor, start an escape sequence, reorder text or hide
// itself shown as a visible escape (\x1b, \u202e), as model.Sanitize shows
// them (config may not import model).
func firstLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' })
		if line == "" {
			continue
		}
		if r := []rune(line); len(r) > 200 {
			line = string(r[:200]) + "…"
		}
		return visible(line)
	}
	return ""
}

// visible escapes C0 and C1 controls, DEL, bytes that are not UTF-8,
// Unicode format characters (bidi overrides, zero-width characters) and
// line separators, as model.Sanitize does.
func visible(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20, r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f, r == 0x2028, r == 0x2029, unicode.Is(unicode.Cf, r):
			if r > 0xffff {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// echoes reports whether a command's standard error repeats part of what it
// printed on standard output, which is the secret or part of it: a line of
// the output, or its first 8 bytes or more, in any letter case. Such error
// output is not shown at all, rather than redacted, since what else in it
// derives from the secret cannot be known.
func echoes(stderr, stdout string) bool {
	errText := strings.ToLower(stderr)
	for line := range strings.SplitSeq(stdout, "\n") {
		line = strings.ToLower(strings.TrimSpace(line))
		if len(line) < 4 {
			continue
		}
		if strings.Contains(errText, line[:min(len(line), 8)]) {
			return true
		}
	}
	return false
}
