package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// The man page's description is whole paragraphs, as --help wraps them at
// 80 columns: roff made every line of the long help a paragraph of its
// own, a sentence cut in pieces a blank line apart. An indented block (a
// config example) keeps its lines, without a blank line between each.
func TestManPageKeepsParagraphsWhole(t *testing.T) {
	root := &cobra.Command{Use: "trail", Short: "explore audit trails", Long: `A terminal explorer for audit trails: Canary,
Domo and files. A list of events.

A minimal config:

  default = "canary"
  [sources.canary]
  provider = "canary"

Keys: q quits.`, RunE: func(*cobra.Command, []string) error { return nil }}
	var out bytes.Buffer
	root.AddCommand(Man(&out))
	root.SetArgs([]string{"man"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	page := out.String()
	for _, want := range []string{
		".TH TRAIL 1",
		"A terminal explorer for audit trails: Canary, Domo and files\\&. A list of events\\&.\n.PP\nA minimal config:\n.PP\n",
		"  default = \"canary\"\n.br\n  [sources\\&.canary]\n.br\n  provider = \"canary\"\n.PP\nKeys: q quits\\&.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the man page lacks %q:\n%s", want, page)
		}
	}
}

// A flag with a shorthand reads -o, --output, as man pages write it (mango
// wrote "--o --output", a flag that does not exist).
func TestManPageShorthandFlags(t *testing.T) {
	root := &cobra.Command{Use: "trail", RunE: func(*cobra.Command, []string) error { return nil }}
	export := &cobra.Command{Use: "export", Short: "write events", RunE: func(*cobra.Command, []string) error { return nil }}
	export.Flags().StringP("output", "o", "", "write to this file")
	root.AddCommand(export)
	page, err := ManPage(root)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page, `\fB-o, --output\fP`) || strings.Contains(page, "--o ") {
		t.Errorf("the -o flag in the man page:\n%s", page)
	}
}
