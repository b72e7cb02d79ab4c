package cli

import (
	"io"
	"regexp"
	"strings"

	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
)

// Man is the man command: trail's man page, in roff, on out. It stands in
// for fang's own (fang.WithoutManpage), which gives the long help to roff
// as it is, and roff makes every line a paragraph: the description, wrapped
// at 80 columns for --help, came out as pieces of sentences a blank line
// apart.
func Man(out io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:                   "man",
		Short:                 "Print the man page (roff): trail man | man -l -",
		Args:                  NoArgs,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := ManPage(cmd.Root())
			if err != nil {
				return err
			}
			_, err = io.WriteString(out, page)
			return err
		},
	}
}

// ManPage is root's man page in roff: its long help as whole paragraphs,
// an indented block (a config example) kept line by line.
func ManPage(root *cobra.Command) (string, error) {
	page, err := mcobra.NewManPage(1, root)
	if err != nil {
		return "", err
	}
	page.WithLongDescription(paragraphs(root.Long))
	out := keepIndentedLines(page.Build(roff.NewDocument()))
	return shorthand.ReplaceAllString(out, `\fB-$1, --$2\fP`), nil
}

// shorthand is a flag with a one-letter form as mango writes it, "--o
// --output", a flag that does not exist; man pages write "-o, --output".
var shorthand = regexp.MustCompile(`\\fB--([[:alnum:]]) --([[:alnum:]-]+)\\fP`)

// paragraphs joins the lines of each paragraph of text (paragraphs are
// separated by blank lines) into one line, as roff's Text wants them; an
// indented line stays a line of its own.
func paragraphs(text string) string {
	var out []string
	for _, para := range strings.Split(text, "\n\n") {
		var joined []string
		for _, line := range strings.Split(strings.Trim(para, "\n"), "\n") {
			switch {
			case strings.TrimSpace(line) == "":
			case strings.HasPrefix(line, " "), len(joined) == 0, strings.HasPrefix(joined[len(joined)-1], " "):
				joined = append(joined, line)
			default:
				joined[len(joined)-1] += " " + line
			}
		}
		if len(joined) > 0 {
			out = append(out, strings.Join(joined, "\n"))
		}
	}
	return strings.Join(out, "\n")
}

// keepIndentedLines turns a paragraph break between two indented lines
// (the lines of one example) into a line break: roff puts a blank line
// before every paragraph.
func keepIndentedLines(page string) string {
	lines := strings.Split(page, "\n")
	for i := 1; i+1 < len(lines); i++ {
		if lines[i] == ".PP" && strings.HasPrefix(lines[i-1], " ") && strings.HasPrefix(lines[i+1], " ") {
			lines[i] = ".br"
		}
	}
	return strings.Join(lines, "\n")
}
