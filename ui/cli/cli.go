// Package cli is how trail's command line speaks when something is wrong:
// fang's error handler made to print one line "trail: ..." when stderr is
// not a terminal (and not to title-case paths when it is), and the usage
// errors that name the command whose --help explains them. main.go builds
// the command tree; this is the part of it with behaviour worth testing.
package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"
)

// ErrReported ends a command with status 1 after its own output said why;
// the error handler prints nothing for it.
var ErrReported = errors.New("failed")

// UsageError is a command line trail cannot read; Path names the command
// whose --help explains it ("trail export").
type UsageError struct {
	Err  error
	Path string
}

func (e *UsageError) Error() string { return e.Err.Error() }

// Unwrap exposes the error the command line caused.
func (e *UsageError) Unwrap() error { return e.Err }

// FlagError is cobra's flag error function: a bad flag is a UsageError of
// the command it was given to.
func FlagError(cmd *cobra.Command, err error) error {
	// A negated query term (-actor:x) reads as flags; say how to give it.
	if _, arg, ok := strings.Cut(err.Error(), " in -"); ok && LooksLikeQuery(arg) {
		err = fmt.Errorf("%w; a query term that starts with \"-\" goes after --, as in %s -- '-%s'", err, cmd.CommandPath(), arg)
	}
	return &UsageError{Err: err, Path: cmd.CommandPath()}
}

// NoArgs refuses arguments with a message that names the command once.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return &UsageError{Err: fmt.Errorf("%s takes no arguments, got %q", cmd.Name(), args), Path: cmd.CommandPath()}
	}
	return nil
}

// Completion makes cobra's completion command refuse a shell it has no
// script for: without a Run of its own, cobra printed its help for
// "trail completion tcsh" and exited 0.
func Completion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Args = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			var shells []string
			for _, sub := range cmd.Commands() {
				shells = append(shells, sub.Name())
			}
			return &UsageError{Err: fmt.Errorf("no completion script for %q; shells: %s", args[0], strings.Join(shells, ", ")), Path: cmd.CommandPath()}
		}
		c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	}
}

// Mistyped catches a command typed wrong (trail exprot), which would read
// as a source name: a name close to one of cmd's subcommands that is not
// known (a source or view in the config) is an error that suggests the
// command.
func Mistyped(cmd *cobra.Command, name string, known func(string) bool) error {
	suggest := cmd.SuggestionsFor(name)
	if len(suggest) == 0 || known(name) {
		return nil
	}
	return &UsageError{Err: fmt.Errorf("no command or source %q; did you mean %s %s?", name, cmd.Name(), suggest[0]), Path: cmd.CommandPath()}
}

// ErrorHandler prints an error once: on a terminal (styled) in fang's
// style, else as one line "trail: what went wrong", with the command whose
// --help explains a UsageError; nothing for ErrReported or any of silent,
// whose command has said it.
func ErrorHandler(styled bool, silent ...error) fang.ErrorHandler {
	silent = append(silent, ErrReported)
	return func(w io.Writer, styles fang.Styles, err error) {
		for _, s := range silent {
			if errors.Is(err, s) {
				return
			}
		}
		msg := err.Error()
		var ue *UsageError
		isUsage := errors.As(err, &ue)
		if !styled {
			if isUsage {
				msg += " (see " + ue.Path + " --help)"
			}
			fmt.Fprintln(w, "trail:", msg)
			return
		}
		// fang's own handler title-cases the first word, which turns a
		// path such as ~/.config/trail/config.toml into ~/.Config/Trail/...
		text := styles.ErrorText.UnsetTransform()
		fmt.Fprintln(w, styles.ErrorHeader.String())
		fmt.Fprintln(w, text.Render(msg))
		fmt.Fprintln(w)
		if isUsage {
			fmt.Fprintln(w, text.Render("See "+styles.Program.Flag.Render(ue.Path+" --help")+" for usage."))
			fmt.Fprintln(w)
		}
	}
}

// Complete is a completion function offering the names names returns that
// start with what is typed and are not on the line already.
func Complete(names func() []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, n := range names() {
			if strings.HasPrefix(n, prefix) && !slices.Contains(args, n) {
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// Version is `trail version`: the version fang's --version prints, as a
// command for those who type it so.
func Version(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print trail's version",
		Args:  NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(stdout, "trail", cmd.Root().Version)
			return err
		},
	}
}
