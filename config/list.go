package config

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// List writes `trail sources`: a table of the configured sources (name,
// provider, base URL, the default marked), then one of the views and what
// each merges, or a line saying how to add a source if there is none.
func (f *File) List(out io.Writer) error {
	if len(f.Names()) == 0 {
		_, err := fmt.Fprintf(out, "%s defines no sources; add a [sources.NAME] table (trail --help shows one)\n", f.Path)
		return err
	}
	var w strings.Builder
	def, _ := f.DefaultSource()
	mark := func(name string) string {
		if name == def {
			return "(default)"
		}
		return ""
	}
	tw := tabwriter.NewWriter(&w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tPROVIDER\tBASE URL OR PATH\t")
	for _, name := range f.Names() {
		e, _ := f.Source(name)
		where := e.BaseURL
		if where == "" {
			where = e.Path // a file source: which file
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, e.Provider, where, mark(name))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(f.ViewNames()) > 0 {
		fmt.Fprintln(&w)
		tw = tabwriter.NewWriter(&w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "VIEW\tMERGES\t")
		for _, name := range f.ViewNames() {
			members, _ := f.View(name)
			fmt.Fprintf(tw, "%s\t%s\t%s\n", name, strings.Join(members, ", "), mark(name))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	// tabwriter pads the last column too; lines end at their last word.
	var b strings.Builder
	for line := range strings.Lines(w.String()) {
		b.WriteString(strings.TrimRight(line, " \n"))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(out, b.String())
	return err
}

// ListMissing writes `trail sources` when there is no config file at path:
// where it was looked for, the providers this trail knows, and where help is.
func ListMissing(out io.Writer, path string, providers []string) error {
	_, err := fmt.Fprintf(out, "no config file at %s\nproviders: %s\n`trail --help` shows a minimal config; `trail --demo` works without one\n",
		path, strings.Join(providers, ", "))
	return err
}

// Selectable returns every name `trail NAME` opens: the sources, then the
// views, in file order.
func (f *File) Selectable() []string { return append(f.Names(), f.ViewNames()...) }
