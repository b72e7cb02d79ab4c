// Command trail is a terminal explorer for SaaS audit trails: Thinkst Canary,
// Domo, Qualtrics and Intercom activity logs, paged lazily from the provider's
// API into one list, with a detail pane and a filter.
//
//	trail [--config FILE] [SOURCE...] explore SOURCE, or several merged by time
//	trail --demo                      explore built-in demo data
//	trail sources                     list configured sources and views
//	trail check [SOURCE...]           validate the config and try each source
//
// This file is wiring only: flags, config, the provider registry and the
// Bubble Tea program. Everything else lives in model, sources, config and ui.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/trail-dev/trail/config"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/domo"
	"github.com/trail-dev/trail/sources/file"
	"github.com/trail-dev/trail/sources/intercom"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/qualtrics"
	"github.com/trail-dev/trail/ui"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const usage = `trail: a terminal explorer for SaaS audit trails

Usage:
  trail [--config FILE] [--mouse] [--theme T] [SOURCE...]
                                   explore SOURCE (default: the config's default;
                                   the demo if there is no config file); several
                                   sources, or a [views] name, open as one list
                                   merged by time
  trail --demo [PROVIDER...]       explore built-in demo data: the provider's real
                                   client against its emulator, in-process on
                                   loopback (default: canary); several merge into one
  trail sources [--config FILE]    list configured sources and views
  trail check [--config FILE] [SOURCE...]
                                   validate the config and try one request per
                                   source (of a view: each of its sources)
  trail export [SOURCE...] [--since T] [--until T] [--action A] [--actor U]
               [--text S] [--format jsonl|csv] [-o FILE] [--config FILE]
                                   write every matching event, all pages; T is
                                   RFC 3339, a date, or an age (90m, 24h, 7d);
                                   several sources or a view export merged by
                                   time, each record naming its own source
  trail --version | --help

Every command takes --debug FILE: a log of each request, its timing and
retries, with secrets removed.

Config: $XDG_CONFIG_HOME/trail/config.toml, else ~/.config/trail/config.toml.
Keys: ? in the explorer. Docs: README.md.
`

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		var ex exitError
		if !errors.As(err, &ex) {
			fmt.Fprintln(os.Stderr, "trail:", err)
		}
		os.Exit(1)
	}
}

// exitError ends the program with status 1 after its output was printed.
type exitError struct{}

func (exitError) Error() string { return "failed" }

// registry is every provider trail is built with.
func registry() *sources.Registry {
	return sources.NewRegistry(
		canary.Provider(),
		domo.Provider(),
		intercom.Provider(),
		qualtrics.Provider(),
		file.Provider(canary.Codec(), domo.Codec(), intercom.Codec(), qualtrics.Codec()),
	)
}

// run dispatches the command line.
func run(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "sources":
			return runSources(args[1:], stdout)
		case "check":
			return runCheck(args[1:], stdout)
		case "export":
			return runExport(args[1:], stdout, stderr)
		}
	}
	flags := flag.NewFlagSet("trail", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	cfgPath := flags.String("config", "", "config file")
	demo := flags.Bool("demo", false, "explore built-in demo data")
	showVersion := flags.Bool("version", false, "print the version")
	debug := flags.String("debug", "", "write a debug log to FILE")
	mouse := flags.Bool("mouse", false, "turn on the mouse wheel and clicks")
	themeFlag := flags.String("theme", "", "auto, dark, light or none (overrides [ui] theme)")
	pos, err := parseInterleaved(flags, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return nil
	}
	if err != nil {
		return fmt.Errorf("%w\n\n%s", err, usage)
	}
	switch *themeFlag {
	case "", ui.ThemeAuto, ui.ThemeDark, ui.ThemeLight, ui.ThemeNone:
	default:
		return fmt.Errorf("--theme %q: use auto, dark, light or none", *themeFlag)
	}
	look := uiFlags{mouse: *mouse, theme: *themeFlag}
	switch {
	case *showVersion:
		fmt.Fprintln(stdout, "trail", version)
		return nil
	case *demo:
		if len(pos) == 0 {
			pos = []string{"canary"}
		}
		return exploreDemo(pos, "", look)
	}
	log, closeLog, err := openDebugLog(*debug)
	if err != nil {
		return err
	}
	defer closeLog()
	f, path, err := loadConfig(*cfgPath)
	if errors.Is(err, fs.ErrNotExist) && *cfgPath == "" && len(pos) == 0 {
		return exploreDemo([]string{"canary"}, "no config at "+path+": showing demo data; see README to add your sources", look)
	}
	if err != nil {
		return err
	}
	return explore(f, pos, stderr, log, look)
}

// parseInterleaved parses flags that may come before or after the positional
// arguments, as in `trail check canary --config x.toml`.
func parseInterleaved(flags *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := flags.Parse(args); err != nil {
			return nil, err
		}
		args = flags.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// loadConfig loads the file at path, or at the default path when path is "".
func loadConfig(path string) (*config.File, string, error) {
	if path == "" {
		p, err := config.DefaultPath()
		if err != nil {
			return nil, "", err
		}
		path = p
	}
	f, err := config.Load(path)
	return f, path, err
}

// checkConfig decodes every source's options with its provider's schema, and
// checks [keys] against the explorer's actions, so a typo anywhere in the
// file is reported before anything opens.
func checkConfig(f *config.File, reg *sources.Registry) error {
	actions := ui.KeyNames()
	names := make([]string, 0, len(f.Keys))
	for name := range f.Keys {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !slices.Contains(actions, name) {
			return f.KeyError(name, "[keys] has no action %q; actions: %s", name, strings.Join(actions, ", "))
		}
	}
	km := ui.DefaultKeyMap()
	if err := km.Rebind(f.Keys); err != nil {
		return &config.Error{Path: f.Path, Msg: err.Error()}
	}
	for _, name := range f.Names() {
		entry, _ := f.Source(name)
		p, ok := reg.Lookup(entry.Provider)
		if !ok {
			return &config.Error{Path: f.Path, Line: entry.Line, Msg: fmt.Sprintf(
				"[sources.%s] has unknown provider %q; this trail knows: %s",
				name, entry.Provider, strings.Join(reg.Names(), ", "))}
		}
		if err := f.Decode(name, p.Options()); err != nil {
			return err
		}
	}
	return nil
}

// openSource opens the named source; it reads secrets but makes no request.
func openSource(ctx context.Context, f *config.File, reg *sources.Registry, name string, log *slog.Logger) (sources.Source, string, error) {
	entry, ok := f.Source(name)
	if !ok {
		return nil, "", fmt.Errorf("no source %q in %s", name, f.Path)
	}
	p, _ := reg.Lookup(entry.Provider)
	src, err := p.Open(ctx, sources.Env{
		Name:           name,
		Decode:         func(v any) error { return f.Decode(name, v) },
		Secret:         config.ResolveSecret,
		Timeout:        f.Net.Timeout,
		ConnectTimeout: f.Net.ConnectTimeout,
		Log:            log.With("source", name),
	})
	if err != nil {
		return nil, "", fmt.Errorf("opening source %q: %w", name, err)
	}
	return src, entry.Provider, nil
}

// openSelection opens what the command line selected: one source, or each
// source of a merged view and the merge of them, whose provider is
// "merged". A source of a view that cannot be opened (a secret that cannot
// be read) shows as failed beside the others instead of stopping them; only
// if none opens is it an error.
func openSelection(ctx context.Context, f *config.File, reg *sources.Registry, sel config.Selection, log *slog.Logger) (sources.Source, string, error) {
	if !sel.Merged() {
		return openSource(ctx, f, reg, sel.Sources[0], log)
	}
	parts := make([]merge.Named, 0, len(sel.Sources))
	var errs []error
	for _, name := range sel.Sources {
		src, provider, err := openSource(ctx, f, reg, name, log)
		if err != nil {
			entry, _ := f.Source(name)
			src, provider = unopened{err}, entry.Provider
			errs = append(errs, err)
		}
		parts = append(parts, merge.Named{Name: name, Provider: provider, Source: src})
	}
	if len(errs) == len(parts) {
		return nil, "", errors.Join(errs...)
	}
	return merge.New(parts, merge.Options{}), "merged", nil
}

// unopened stands in a merged view for a source that could not be opened,
// so that it shows as failed beside the others.
type unopened struct{ err error }

func (u unopened) Fetch(ctx context.Context, _ model.Query, _ string) (sources.Page, error) {
	if err := ctx.Err(); err != nil {
		return sources.Page{}, err
	}
	return sources.Page{}, u.err
}

// explore opens the configured source, or sources merged into one list, in
// the UI.
func explore(f *config.File, args []string, stderr io.Writer, log *slog.Logger, flags uiFlags) error {
	reg := registry()
	if err := checkConfig(f, reg); err != nil {
		return err
	}
	sel, err := f.SelectMany(args)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src, provider, err := openSelection(ctx, f, reg, sel, log)
	if err != nil {
		return err
	}
	notice := ""
	for _, w := range f.Warnings() {
		fmt.Fprintln(stderr, "trail: warning:", w)
		notice = "warning: " + w
	}
	return runUI(ctx, ui.Options{
		Source: src, SourceName: sel.Name, Provider: provider,
		Location: f.UI.Location, Theme: theme(cmp.Or(flags.theme, f.UI.Theme)), Notice: notice,
		Keys: f.Keys, Mouse: flags.mouse || f.UI.Mouse,
	})
}

// exploreDemo runs the UI on a provider's emulator, served in-process on
// loopback and read by the provider's real client.
func exploreDemo(providers []string, notice string, flags uiFlags) error {
	reg := registry()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var parts []merge.Named
	for _, provider := range providers {
		p, ok := reg.Lookup(provider)
		if !ok || p.Demo == nil {
			return fmt.Errorf("no demo for %q; demos: %s", provider, strings.Join(reg.Demos(), ", "))
		}
		src, stop, err := p.Demo(ctx, time.Now())
		if err != nil {
			return err
		}
		defer stop()
		parts = append(parts, merge.Named{Name: provider, Provider: provider, Source: src})
	}
	opts := ui.Options{
		Source: parts[0].Source, SourceName: "demo", Provider: providers[0],
		Location: time.Local, Theme: theme(cmp.Or(flags.theme, ui.ThemeAuto)), Notice: notice, Mouse: flags.mouse,
	}
	if len(parts) > 1 {
		// Several demos merged into one list, as trail A B does with sources.
		opts.Source, opts.SourceName, opts.Provider = merge.New(parts, merge.Options{}), strings.Join(providers, "+"), "merged"
	}
	if notice == "" {
		opts.Notice = "demo: the real " + strings.Join(providers, ", ") + " client against its emulator"
		if len(parts) == 1 {
			if others := slices.DeleteFunc(reg.Demos(), func(n string) bool { return n == providers[0] }); len(others) > 0 {
				opts.Notice += "; also: trail --demo " + strings.Join(others, "|") + ", or several merged"
			}
		}
	}
	return runUI(ctx, opts)
}

// uiFlags are the explorer's command-line settings, over the config's.
type uiFlags struct {
	mouse bool
	theme string
}

// theme honours NO_COLOR (https://no-color.org) over the configured theme.
func theme(configured string) string {
	if v, ok := os.LookupEnv("NO_COLOR"); ok && v != "" {
		return ui.ThemeNone
	}
	return configured
}

func runUI(ctx context.Context, opts ui.Options) error {
	opts.Context = ctx
	p := tea.NewProgram(ui.New(opts), tea.WithContext(ctx))
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() == nil {
		return nil
	}
	return err
}

// runSources lists the configured sources and views.
func runSources(args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("trail sources", flag.ContinueOnError)
	cfgPath := flags.String("config", "", "config file")
	pos, err := parseInterleaved(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("trail sources takes no arguments, got %q", pos)
	}
	f, path, err := loadConfig(*cfgPath)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stdout, "no config file at %s\nproviders: %s\nsee README.md for an example; `trail --demo` works without one\n",
			path, strings.Join(registry().Names(), ", "))
		return nil
	}
	if err != nil {
		return err
	}
	if len(f.Names()) == 0 {
		fmt.Fprintf(stdout, "%s defines no sources; add a [sources.NAME] table (see README.md)\n", f.Path)
		return nil
	}
	def, _ := f.DefaultSource()
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tPROVIDER\tBASE URL\t")
	for _, name := range f.Names() {
		e, _ := f.Source(name)
		mark := ""
		if name == def {
			mark = "(default)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, e.Provider, e.BaseURL, mark)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(f.ViewNames()) == 0 {
		return nil
	}
	fmt.Fprintln(stdout)
	tw = tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VIEW\tMERGES\t")
	for _, name := range f.ViewNames() {
		members, _ := f.View(name)
		mark := ""
		if name == def {
			mark = "(default)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", name, strings.Join(members, ", "), mark)
	}
	return tw.Flush()
}

// runCheck validates the config and makes one request per source (every
// source, or those named, a view standing for its sources), printing a
// verdict for each; it fails if any source fails.
func runCheck(args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("trail check", flag.ContinueOnError)
	cfgPath := flags.String("config", "", "config file")
	timeout := flags.Duration("timeout", 30*time.Second, "time allowed for each source's request")
	debug := flags.String("debug", "", "write a debug log to FILE")
	pos, err := parseInterleaved(flags, args)
	if err != nil {
		return err
	}
	log, closeLog, err := openDebugLog(*debug)
	if err != nil {
		return err
	}
	defer closeLog()
	f, _, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	reg := registry()
	if err := checkConfig(f, reg); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "config %s: ok\n", f.Path)
	for _, w := range f.Warnings() {
		fmt.Fprintln(stdout, "warning:", w)
	}
	names := f.Names()
	if len(pos) > 0 {
		sel, err := f.SelectMany(pos)
		if err != nil {
			return err
		}
		names = sel.Sources
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	failed := false
	for _, name := range names {
		verdict, ok := checkSource(ctx, f, reg, name, *timeout, log)
		mark := "✓"
		if !ok {
			mark, failed = "✗", true
		}
		fmt.Fprintf(stdout, "%s %s: %s\n", mark, name, model.Sanitize(verdict))
	}
	if failed {
		return exitError{}
	}
	return nil
}

// checkSource opens one source and fetches its first page.
func checkSource(ctx context.Context, f *config.File, reg *sources.Registry, name string, timeout time.Duration, log *slog.Logger) (string, bool) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	src, provider, err := openSource(ctx, f, reg, name, log)
	if err != nil {
		return err.Error(), false
	}
	start := time.Now()
	page, err := src.Fetch(ctx, model.Query{}, "")
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		return err.Error(), false
	}
	verdict := fmt.Sprintf("%s: %s on the first page in %v", provider, plural(len(page.Events), "event"), took)
	if len(page.Events) > 0 && !page.Events[0].Time.IsZero() {
		verdict += ", newest " + page.Events[0].Time.UTC().Format("2006-01-02 15:04 UTC")
	}
	if page.Total > 0 {
		verdict += fmt.Sprintf(", %d pages", page.Total)
	}
	if page.Notice != "" {
		verdict += "; the provider says: " + page.Notice
	}
	if how := sources.ExplainOf(src); how != "" {
		verdict += "; " + how
	}
	return verdict, true
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// runExport writes every event of a source (or of several, merged by time)
// matching the flags to stdout or a file. Progress goes to stderr when it is
// a terminal; stdout carries only data. Interrupted or failed, it keeps what
// it wrote (whole lines) and exits non-zero; so it does when a source of a
// merged view failed while the others went on.
func runExport(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("trail export", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	cfgPath := flags.String("config", "", "config file")
	demo := flags.Bool("demo", false, "export the demo of the provider named as SOURCE")
	since := flags.String("since", "", "start of the range, inclusive")
	until := flags.String("until", "", "end of the range, exclusive")
	action := flags.String("action", "", "only this action type")
	actor := flags.String("actor", "", "only actors whose name or id contains this")
	text := flags.String("text", "", "only events containing this text")
	format := flags.String("format", "", "jsonl or csv (default: from -o, else jsonl)")
	output := flags.String("o", "", "write to FILE instead of stdout")
	debug := flags.String("debug", "", "write a debug log to FILE")
	pos, err := parseInterleaved(flags, args)
	if err != nil {
		return fmt.Errorf("%w\n\n%s", err, usage)
	}
	log, closeLog, err := openDebugLog(*debug)
	if err != nil {
		return err
	}
	defer closeLog()
	if *demo && len(pos) > 1 {
		return fmt.Errorf("trail export --demo takes one provider, got %q", pos)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	src, name, provider, loc, closeSrc, err := openForExport(ctx, *cfgPath, pos, *demo, log)
	if err != nil {
		return err
	}
	defer closeSrc()
	var watch *partsWatch
	if _, merged := src.(*merge.Source); merged {
		watch = &partsWatch{Source: src}
		src = watch
	}

	q := model.Query{Action: *action, Actor: *actor, Text: *text}
	now := time.Now()
	for _, t := range []struct {
		flag, value string
		dst         *time.Time
	}{{"--since", *since, &q.Since}, {"--until", *until, &q.Until}} {
		if t.value == "" {
			continue
		}
		if *t.dst, err = model.ParseTimeSpec(t.value, now, loc); err != nil {
			return fmt.Errorf("%s: %w", t.flag, err)
		}
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return errors.New("--until must be after --since")
	}
	if *format == "" {
		*format = sources.FormatFor(*output)
	}
	if *format != sources.FormatJSONL && *format != sources.FormatCSV {
		return fmt.Errorf("--format %q: use jsonl or csv", *format)
	}

	w, where := stdout, "stdout"
	if *output != "" {
		f, err := os.OpenFile(*output, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		w, where = f, *output
	}
	progress := newExportProgress(stderr)
	progress.merged = watch != nil
	start := time.Now()
	n, err := sources.Export(ctx, src, q, sources.ExportOptions{
		Format: *format, Source: name, Provider: provider,
		Walk: sources.WalkOptions{Progress: progress.report},
	}, w)
	progress.done()
	if err != nil {
		why := err.Error()
		if ctx.Err() != nil {
			why = "interrupted"
		}
		fmt.Fprintf(stderr, "trail: export stopped early after %s: %s\n", plural(n, "event"), model.Sanitize(why))
		if where != "stdout" {
			fmt.Fprintf(stderr, "trail: %s holds the %s written before the stop, as whole lines\n", where, plural(n, "event"))
		}
		return exitError{}
	}
	if failed := watch.failed(); len(failed) > 0 {
		for _, p := range failed {
			fmt.Fprintf(stderr, "trail: source %s failed after %s, and the export lacks the rest of its events: %s\n",
				p.Name, plural(p.Events, "event"), model.Sanitize(p.Err.Error()))
		}
		if where != "stdout" {
			fmt.Fprintf(stderr, "trail: %s holds the %s written, as whole lines\n", where, plural(n, "event"))
		}
		return exitError{}
	}
	if how := sources.ExplainOf(src); how != "" && *action == "" {
		fmt.Fprintf(stderr, "trail: %s %s\n", name, how) // which types an export covered (Qualtrics)
	}
	if progress.tty {
		fmt.Fprintf(stderr, "exported %s to %s in %v\n", plural(n, "event"), where, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// partsWatch passes a merged view's pages through and keeps the state of
// its parts as of the last one, so export can tell a complete walk from one
// that lost a source on the way (the merge goes on without it).
type partsWatch struct {
	sources.Source
	mu    sync.Mutex
	parts []sources.Part
}

// Fetch implements sources.Source.
func (w *partsWatch) Fetch(ctx context.Context, q model.Query, cursor string) (sources.Page, error) {
	page, err := w.Source.Fetch(ctx, q, cursor)
	if err == nil {
		w.mu.Lock()
		w.parts = page.Parts
		w.mu.Unlock()
	}
	return page, err
}

// failed returns the parts that failed; none for a nil watch.
func (w *partsWatch) failed() []sources.Part {
	if w == nil {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []sources.Part
	for _, p := range w.parts {
		if p.Err != nil {
			out = append(out, p)
		}
	}
	return out
}

// openForExport opens what args select from the config (a source, or
// several merged), or with demo the demo of the provider args name. It
// returns the source, the name and provider to write in its records (a
// merged view's records keep their own), the time zone for dates given on
// the command line, and a function that releases it.
func openForExport(ctx context.Context, cfgPath string, args []string, demo bool, log *slog.Logger) (src sources.Source, name, provider string, loc *time.Location, release func(), err error) {
	reg := registry()
	if demo {
		provider = "canary"
		if len(args) == 1 {
			provider = args[0]
		}
		p, ok := reg.Lookup(provider)
		if !ok || p.Demo == nil {
			return nil, "", "", nil, nil, fmt.Errorf("no demo for %q; demos: %s", provider, strings.Join(reg.Demos(), ", "))
		}
		src, stop, err := p.Demo(ctx, time.Now())
		if err != nil {
			return nil, "", "", nil, nil, err
		}
		return src, "demo", provider, time.Local, func() { _ = stop() }, nil
	}
	f, _, err := loadConfig(cfgPath)
	if err != nil {
		return nil, "", "", nil, nil, err
	}
	if err := checkConfig(f, reg); err != nil {
		return nil, "", "", nil, nil, err
	}
	sel, err := f.SelectMany(args)
	if err != nil {
		return nil, "", "", nil, nil, err
	}
	src, provider, err = openSelection(ctx, f, reg, sel, log)
	if err != nil {
		return nil, "", "", nil, nil, err
	}
	return src, sel.Name, provider, f.UI.Location, func() {}, nil
}

// openDebugLog opens the --debug file (created readable only by you) and
// returns a logger for it; with no path, a logger that discards everything.
// What the transport logs has its secrets removed before it gets here.
func openDebugLog(path string) (*slog.Logger, func(), error) {
	if path == "" {
		return slog.New(slog.DiscardHandler), func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("--debug: %w", err)
	}
	log := slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	log.Info("trail started", "version", version, "args", len(os.Args)-1)
	return log, func() { _ = f.Close() }, nil
}

// exportProgress draws one status line on a terminal's stderr.
type exportProgress struct {
	w       io.Writer
	tty     bool
	merged  bool // notices come from the merge, naming their source
	notices map[string]bool
}

func newExportProgress(w io.Writer) *exportProgress {
	f, ok := w.(*os.File)
	return &exportProgress{w: w, tty: ok && term.IsTerminal(f.Fd()), notices: map[string]bool{}}
}

func (p *exportProgress) report(wp sources.WalkProgress) {
	if wp.Notice != "" && !p.notices[wp.Notice] {
		// What the provider says (a better host to use) is worth saying
		// even when stderr is not a terminal; once each.
		p.notices[wp.Notice] = true
		if p.tty {
			fmt.Fprint(p.w, "\r\x1b[K")
		}
		if p.merged {
			fmt.Fprintln(p.w, "trail:", model.Sanitize(wp.Notice))
		} else {
			fmt.Fprintln(p.w, "trail: the provider says:", model.Sanitize(wp.Notice))
		}
	}
	if !p.tty {
		return
	}
	line := fmt.Sprintf("page %d", wp.Pages)
	if wp.Total > 0 {
		line += fmt.Sprintf(" of %d", wp.Total)
	}
	line += " · " + plural(wp.Events, "event")
	if !wp.Until.IsZero() {
		line += fmt.Sprintf(" · waiting %v: %s", time.Until(wp.Until).Round(time.Second), wp.Reason)
	}
	fmt.Fprintf(p.w, "\r%s\x1b[K", model.Sanitize(line))
}

func (p *exportProgress) done() {
	if p.tty {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
