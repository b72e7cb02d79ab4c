package cli

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"
)

func tree() (*cobra.Command, *cobra.Command) {
	root := &cobra.Command{Use: "trail"}
	root.SuggestionsMinimumDistance = 2
	export := &cobra.Command{Use: "export", Run: func(*cobra.Command, []string) {}}
	root.AddCommand(export)
	return root, export
}

// Off a terminal an error is one line "trail: ...", a usage error names
// the --help to read, and a reported error prints nothing.
func TestErrorHandlerPlain(t *testing.T) {
	_, export := tree()
	other := errors.New("export failed")
	h := ErrorHandler(false, other)
	for _, c := range []struct {
		err  error
		want string
	}{
		{errors.New("~/.config/trail/config.toml:3: bad"), "trail: ~/.config/trail/config.toml:3: bad\n"},
		{NoArgs(export, []string{"x"}), "trail: export takes no arguments, got [\"x\"] (see trail export --help)\n"},
		{FlagError(export, errors.New("unknown flag: --bogus")), "trail: unknown flag: --bogus (see trail export --help)\n"},
		{ErrReported, ""},
		{fmt.Errorf("wrapped: %w", other), ""},
	} {
		var b bytes.Buffer
		h(&b, fang.Styles{}, c.err)
		if b.String() != c.want {
			t.Errorf("%v: %q, want %q", c.err, b.String(), c.want)
		}
	}
}

// On a terminal the path keeps its case (fang's own handler title-cases
// the first word), and a usage error says which --help to read.
func TestErrorHandlerStyled(t *testing.T) {
	_, export := tree()
	var b bytes.Buffer
	ErrorHandler(true)(&b, fang.Styles{}, FlagError(export, errors.New("~/.config/trail/config.toml: bad")))
	if !strings.Contains(b.String(), "~/.config/trail/config.toml: bad") || !strings.Contains(b.String(), "trail export --help") {
		t.Errorf("styled: %q", b.String())
	}
}

// A name close to a command's is a usage error that suggests it, unless
// the config knows the name.
func TestMistyped(t *testing.T) {
	root, _ := tree()
	never := func(string) bool { return false }
	err := Mistyped(root, "exprot", never)
	if err == nil || err.Error() != `no command or source "exprot"; did you mean trail export?` {
		t.Errorf("exprot: %v", err)
	}
	if err := Mistyped(root, "exports", func(n string) bool { return n == "exports" }); err != nil {
		t.Errorf("a configured source called exports: %v", err)
	}
	if err := Mistyped(root, "prod", never); err != nil {
		t.Errorf("prod: %v", err)
	}
	if NoArgs(root, nil) != nil {
		t.Error("NoArgs without arguments failed")
	}
}

// Complete offers the names that start with what is typed, each once.
func TestComplete(t *testing.T) {
	fn := Complete(func() []string { return []string{"prod", "eu", "east"} })
	got, dir := fn(nil, []string{"eu"}, "e")
	if len(got) != 1 || got[0] != "east" || dir != cobra.ShellCompDirectiveNoFileComp {
		t.Errorf("%q %v", got, dir)
	}
}

// trail version prints the root's version; it takes no arguments.
func TestVersion(t *testing.T) {
	root, _ := tree()
	root.Version = "1.2.3"
	var b bytes.Buffer
	root.AddCommand(Version(&b))
	root.SetArgs([]string{"version"})
	if err := root.Execute(); err != nil || b.String() != "trail 1.2.3\n" {
		t.Errorf("%q, %v", b.String(), err)
	}
}

// Names and queries mix on the command line in any order; a saved query's
// name stands for its line, and a bare word that is no name stays a name
// (to be refused as an unknown source, not searched for).
func TestSplitQuery(t *testing.T) {
	isName := func(s string) bool { return s == "canary" || s == "all" }
	saved := func(s string) (string, bool) {
		if s == "failed" {
			return "outcome:failure since:7d", true
		}
		return "", false
	}
	for _, c := range []struct {
		args  []string
		names string
		query string
	}{
		{nil, "", ""},
		{[]string{"canary", "actor:alice outcome:failure since:7d"}, "canary", "actor:alice outcome:failure since:7d"},
		{[]string{"failed"}, "", "outcome:failure since:7d"},
		{[]string{"failed", "all", "-actor:svc-backup"}, "all", "outcome:failure since:7d -actor:svc-backup"},
		{[]string{"canray"}, "canray", ""},
		{[]string{`"two words"`, "canary"}, "canary", `"two words"`},
	} {
		names, query := SplitQuery(c.args, isName, saved)
		if strings.Join(names, " ") != c.names || query != c.query {
			t.Errorf("SplitQuery(%q) = %q, %q; want %q, %q", c.args, names, query, c.names, c.query)
		}
	}
}
