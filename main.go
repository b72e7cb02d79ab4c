// Command trail is a terminal explorer for SaaS audit trails: Thinkst Canary,
// Domo, Qualtrics and Intercom activity logs, paged lazily from the provider's
// API into one list, with a detail pane and a filter.
//
// This file is wiring only: the command tree (cobra, styled by fang) with
// its flags, the provider registry, and how the config, the sources and the
// explorer are put together, which only main may do (sources and ui never
// import config). What the commands do lives in packages with tests: the
// explorer in ui, `trail export` in sources/export, `trail check` in
// sources/check, `trail sources` in config (File.List), opening sources,
// views and demos in sources/open, the error handler and usage errors in
// ui/cli, each command's long help beside its code.
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/trail-dev/trail/config"
	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/canary"
	"github.com/trail-dev/trail/sources/canary/canaryemu"
	"github.com/trail-dev/trail/sources/check"
	"github.com/trail-dev/trail/sources/domo"
	"github.com/trail-dev/trail/sources/domo/domoemu"
	"github.com/trail-dev/trail/sources/export"
	"github.com/trail-dev/trail/sources/file"
	"github.com/trail-dev/trail/sources/follow"
	"github.com/trail-dev/trail/sources/intercom"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/open"
	"github.com/trail-dev/trail/sources/qualtrics"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/sources/transport"
	"github.com/trail-dev/trail/ui"
	"github.com/trail-dev/trail/ui/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line and returns the exit status. Tests call it
// with their own args and writers.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := commands(stdout, stderr)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := fang.Execute(ctx, root,
		fang.WithVersion(version),
		fang.WithoutManpage(), // cli.Man's instead: whole paragraphs, on stdout
		fang.WithErrorHandler(cli.ErrorHandler(ui.IsTerminal(stderr), export.ErrReported)),
	)
	var exit interface{ ExitCode() int }
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		return 1
	}
	return 0
}

// followIntervals is how often a follow asks each source: every, if the
// command line says (--interval), else the source's follow_interval, else,
// for a demo whose log grows (--arrive), as often as an event arrives, else
// 0 (follow.DefaultInterval).
func followIntervals(f *config.File, every, arrive time.Duration) (func(name string) time.Duration, error) {
	if every != 0 && every < config.MinFollowInterval {
		return nil, fmt.Errorf("--interval %v: ask no more often than every %v", every, config.MinFollowInterval)
	}
	return func(name string) time.Duration {
		switch {
		case every > 0:
			return every
		case f != nil:
			return f.FollowInterval(name)
		case arrive > 0:
			return max(arrive, config.MinFollowInterval)
		}
		return 0
	}, nil
}

// commands builds the command tree.
func commands(stdout, stderr io.Writer) *cobra.Command {
	var g globalFlags
	var look uiFlags
	var demo bool
	root := &cobra.Command{
		Use:               "trail [SOURCE...] [QUERY]",
		Short:             "A terminal explorer for SaaS audit trails",
		Long:              ui.CommandHelp,
		Example:           ui.CommandExample,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeSources(&g, &demo, true),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := ui.CheckTheme(look.theme); err != nil {
				return err
			}
			if !demo && len(args) > 0 {
				if err := mistypedCommand(cmd, g, args[0]); err != nil {
					return err
				}
			}
			return explore(cmd.Context(), &g, look, demo, args, stdout, stderr)
		},
	}
	root.SetVersionTemplate("trail {{.Version}}\n")
	root.SuggestionsMinimumDistance = 2
	root.SetFlagErrorFunc(cli.FlagError)
	pf := root.PersistentFlags()
	pf.StringVar(&g.config, "config", "", "the config file (default: $XDG_CONFIG_HOME/trail/config.toml)")
	pf.StringVar(&g.debug, "debug", "", "write a log of each HTTP request, its timing and retries, secrets removed, to this file")
	f := root.Flags()
	arriveFlag(f, &g.arrive)
	f.BoolVar(&demo, "demo", false, "explore built-in demo data: name providers to merge (default: canary)")
	f.BoolVar(&look.mouse, "mouse", false, "turn on the mouse wheel and clicks")
	f.StringVar(&look.theme, "theme", "", "the colours: auto, dark, light or none (overrides [ui] theme)")
	_ = root.RegisterFlagCompletionFunc("theme", cobra.FixedCompletions(
		[]string{ui.ThemeAuto, ui.ThemeDark, ui.ThemeLight, ui.ThemeNone}, cobra.ShellCompDirectiveNoFileComp))

	root.AddCommand(exportCommand(&g, stdout, stderr), checkCommand(&g, stdout), sourcesCommand(&g, stdout), cli.Version(stdout), cli.Man(stdout))
	root.SetOut(stdout) // the completion scripts write where the root did when they were made
	cli.Completion(root)
	return root
}

// globalFlags are the flags every command takes, and --arrive, which the
// explorer and export take.
type globalFlags struct {
	config string        // --config FILE
	debug  string        // --debug FILE
	arrive time.Duration // --arrive EVERY: the demo's log grows
}

// arriveFlag adds --arrive to a command that opens a demo to follow: the
// explorer and export, not every command.
func arriveFlag(f *pflag.FlagSet, arrive *time.Duration) {
	f.DurationVar(arrive, "arrive", 0, "with --demo: a new event reaches the demo every this long (5s), for follow to show")
}

// uiFlags are the explorer's command-line settings, over the config's.
type uiFlags struct {
	mouse bool
	theme string
}

// mistypedCommand catches a command typed wrong (trail exprot), which
// would read as a name the config does not have.
func mistypedCommand(cmd *cobra.Command, g globalFlags, name string) error {
	return cli.Mistyped(cmd, name, func(name string) bool {
		if cli.LooksLikeQuery(name) {
			return true
		}
		f, _, err := config.LoadFrom(g.config)
		return err == nil && (slices.Contains(f.Selectable(), name) || f.Queries[name] != "")
	})
}

func exportCommand(g *globalFlags, stdout, stderr io.Writer) *cobra.Command {
	var demo, force, followOn bool
	var since, until, format, output, state string
	var interval time.Duration
	var q model.Query
	cmd := &cobra.Command{
		Use:               "export [SOURCE...] [QUERY]",
		Short:             "Write every matching event, all pages, as JSONL or CSV",
		Long:              export.Help,
		Example:           export.Example,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeSources(g, &demo, true),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := export.Format(format, output)
			if err != nil {
				return err
			}
			log, closeLog, err := transport.OpenLog(g.debug, version)
			if err != nil {
				return err
			}
			defer closeLog()
			// A hangup (the SSH session went away) ends it as Ctrl-C does: on a
			// whole line, saying how many events the output holds.
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
			defer stop()
			sel, f, line, err := openSelected(ctx, g, registry(g.arrive), demo, args, log, func(w string) {
				fmt.Fprintln(stderr, "trail: warning:", model.Sanitize(w))
			})
			if err != nil {
				return err
			}
			defer sel.Release()
			loc, maxWait := time.Local, time.Duration(0)
			if f != nil {
				loc, maxWait = f.UI.Location, f.Net.MaxWait
			}
			if q.Since, q.Until, err = export.Range(since, until, time.Now(), loc); err != nil {
				return err
			}
			typed, err := parseQuery(line, loc)
			if err != nil {
				return err
			}
			q = typed.And(q)
			if err := follow.SourceTermsMatchNone(q, sel.Source, sel.Name, sel.Provider); err != nil {
				return err
			}
			if !sel.Merged { // one source answers source: for itself
				q, _ = q.ForSource(sel.Name, sel.Provider)
			}
			if followOn {
				if format != sources.FormatJSONL {
					return fmt.Errorf("--follow writes JSON lines; drop --format csv")
				}
				intervals, err := followIntervals(f, interval, g.arrive)
				if err != nil {
					return err
				}
				return export.Follow(ctx, export.FollowRequest{
					Source: sel.Source, Name: sel.Name, Provider: sel.Provider, Query: q,
					Output: output, State: state, Interval: intervals,
					Walk: sources.WalkOptions{MaxWait: maxWait},
				}, stdout, stderr)
			}
			if state != "" {
				return fmt.Errorf("--state keeps a follow's place; add --follow")
			}
			return export.Run(ctx, export.Request{
				Source: sel.Source, Name: sel.Name, Provider: sel.Provider, Merged: sel.Merged,
				Query: q, Format: format, Output: output, Force: force, TTY: ui.IsTerminal(stderr),
				Walk: sources.WalkOptions{MaxWait: maxWait},
			}, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&demo, "demo", false, "export the demo of the providers named (default: canary); several merge")
	f.StringVar(&since, "since", "", "start of the range, inclusive: RFC 3339, a date or an age (7d)")
	f.StringVar(&until, "until", "", "end of the range, exclusive: RFC 3339, a date or an age")
	f.StringVar(&q.Action, "action", "", "only this action type")
	f.StringVar(&q.Actor, "actor", "", "only actors whose name contains this, or whose id is this")
	f.StringVar(&q.Text, "text", "", "only events containing this text")
	f.StringVar(&format, "format", "", "the format: JSONL or CSV (default: from -o, else JSONL)")
	f.StringVarP(&output, "output", "o", "", "write to this new file instead of stdout")
	f.BoolVar(&force, "force", false, "let -o replace an existing file")
	f.BoolVar(&followOn, "follow", false, "after the backlog, keep writing new events as they arrive (-o appends)")
	f.DurationVar(&interval, "interval", 0, "with --follow: ask for new events this often (default: the source's follow_interval, else 30s)")
	f.StringVar(&state, "state", "", "with --follow: keep the follow's place in this file, to resume without gap or repeat")
	arriveFlag(f, &g.arrive)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(
		[]string{sources.FormatJSONL, sources.FormatCSV}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func checkCommand(g *globalFlags, stdout io.Writer) *cobra.Command {
	var demo bool
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:               "check [SOURCE...]",
		Short:             "Validate the config and try one request per source",
		Long:              check.Help,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeSources(g, &demo, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			log, closeLog, err := transport.OpenLog(g.debug, version)
			if err != nil {
				return err
			}
			defer closeLog()
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			targets, err := checkTargets(g, demo, args, stdout, log)
			if err != nil {
				return err
			}
			if !check.Run(ctx, stdout, targets, timeout) {
				return cli.ErrReported
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&demo, "demo", false, "check the demos instead of the config")
	cmd.Flags().DurationVar(&timeout, "timeout", 30*time.Second, "time allowed for each source")
	return cmd
}

func sourcesCommand(g *globalFlags, stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "sources",
		Short: "List the configured sources and views",
		Args:  cli.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			f, path, err := config.LoadFrom(g.config)
			if errors.Is(err, fs.ErrNotExist) && g.config == "" { // --config naming no file is a mistake
				return config.ListMissing(stdout, path, registry().Names())
			}
			if err != nil {
				return err
			}
			if err := checkConfig(f, registry()); err != nil { // as every other command does
				return err
			}
			return f.List(stdout)
		},
	}
}

// completeSources offers the configured source and view names, and with
// queries the saved queries' names (with --demo, the providers that have a
// demo), for the shell to complete.
func completeSources(g *globalFlags, demo *bool, queries bool) cobra.CompletionFunc {
	return cli.Complete(func() []string {
		if *demo {
			return registry().Demos()
		}
		if f, _, err := config.LoadFrom(g.config); err == nil {
			if queries { // a saved query's name stands for its query
				return append(f.Selectable(), f.QueryNames()...)
			}
			return f.Selectable()
		}
		return nil
	})
}

// registry is every provider trail is built with. Each demo is the real
// client opened against its emulator package (canaryemu, ...): main.go joins
// the two so that no client imports the emulator that tests it.
func registry(arrive ...time.Duration) *sources.Registry {
	every := time.Duration(0)
	if len(arrive) > 0 {
		every = arrive[0]
	}
	return sources.NewRegistry(
		canary.Provider().WithDemo(canary.Demo(canaryemu.DemoArriving(every))),
		domo.Provider().WithDemo(domo.Demo(domoemu.DemoArriving(every))),
		intercom.Provider().WithDemo(intercom.Demo(intercomemu.DemoArriving(every))),
		qualtrics.Provider().WithDemo(qualtrics.Demo(qualtricsemu.DemoArriving(every))),
		file.Provider(canary.Codec(), domo.Codec(), intercom.Codec(), qualtrics.Codec()),
	)
}

// checkConfig checks the config whole against what only the rest of trail
// knows (the providers' options, the explorer's actions), so a typo
// anywhere in the file is reported before anything opens.
func checkConfig(f *config.File, reg *sources.Registry) error {
	options := func(provider string) any { p, _ := reg.Lookup(provider); return p.Options() }
	if err := f.CheckWith(reg.Names(), options, ui.KeyNames()); err != nil {
		return err
	}
	km := ui.DefaultKeyMap()
	if err := km.Rebind(f.Keys); err != nil {
		return &config.Error{Path: f.Path, Msg: err.Error()}
	}
	for _, name := range f.QueryNames() {
		if _, err := model.ParseQuery(f.Queries[name], time.Now(), f.UI.Location); err != nil {
			return f.QueryError(name, "query %q: %v", name, err)
		}
	}
	return nil
}

// parseQuery reads the query given on the command line, times in loc.
func parseQuery(line string, loc *time.Location) (model.Query, error) {
	q, err := model.ParseQuery(line, time.Now(), loc)
	if err != nil {
		return q, fmt.Errorf("query: %w", err)
	}
	return q, nil
}

// loadChecked loads the config and checks it whole.
func loadChecked(path string, reg *sources.Registry) (*config.File, error) {
	f, _, err := config.LoadFrom(path)
	if err != nil {
		return nil, err
	}
	return f, checkConfig(f, reg)
}

// opener is how the config's sources open: the config answers which
// provider each has and how its table decodes; [net] and the debug log are
// what every source shares.
func opener(f *config.File, reg *sources.Registry, log *slog.Logger) open.Config {
	return open.Config{
		Registry: reg,
		File:     f.Path,
		Provider: func(name string) (string, bool) { e, ok := f.Source(name); return e.Provider, ok },
		Decode:   f.Decode,
		Env: sources.Env{Secret: config.ResolveSecret, Timeout: f.Net.Timeout, ConnectTimeout: f.Net.ConnectTimeout,
			MaxWait: f.Net.MaxWait, Log: log},
	}
}

// openSelected opens the demos named (demo), or what args select from the
// config once it is checked whole; f is nil for demos. The arguments that
// are no name are the query (cli.SplitQuery), returned as line. warn hears
// the config's warnings before any cmd: secret runs.
func openSelected(ctx context.Context, g *globalFlags, reg *sources.Registry, demo bool, args []string, log *slog.Logger, warn func(string)) (sel open.Selection, f *config.File, line string, err error) {
	if demo {
		names, line := cli.SplitQuery(args, func(a string) bool { return slices.Contains(reg.Demos(), a) }, func(string) (string, bool) { return "", false })
		sel, err = open.Demos(ctx, reg, names, log)
		return sel, nil, line, err
	}
	if f, err = loadChecked(g.config, reg); err != nil {
		return open.Selection{}, nil, "", err
	}
	for _, w := range f.Warnings() {
		warn(w)
	}
	names, line := cli.SplitQuery(args, func(a string) bool { return slices.Contains(f.Selectable(), a) },
		func(a string) (string, bool) { l, ok := f.Queries[a]; return l, ok })
	picked, err := f.SelectMany(names)
	if err != nil {
		return open.Selection{}, nil, "", err
	}
	sel, err = opener(f, reg, log).Sources(ctx, picked.Name, picked.Sources)
	return sel, f, line, err
}

// checkTargets says what `trail check` tries: every configured source or
// those args name (a view standing for its sources), or with demo every
// demo or those named. It prints the config's verdict and warnings first.
func checkTargets(g *globalFlags, demo bool, args []string, stdout io.Writer, log *slog.Logger) ([]check.Target, error) {
	reg := registry()
	if demo {
		return check.Demos(reg, args, log), nil
	}
	f, err := loadChecked(g.config, reg)
	if err != nil {
		return nil, err
	}
	check.ConfigOK(stdout, f.Path, f.Warnings())
	names, err := f.SourcesFor(args)
	return check.Configured(opener(f, reg, log), names), err
}

// explore opens the explorer on the demos, or on what args select from the
// config; with no config file and nothing named, on the demo.
func explore(ctx context.Context, g *globalFlags, look uiFlags, demo bool, args []string, stdout, stderr io.Writer) error {
	if demo { // a wrong name first: no terminal would not make it right
		names, _ := cli.SplitQuery(args, func(a string) bool { return slices.Contains(registry().Demos(), a) }, func(string) (string, bool) { return "", false })
		if err := open.CheckDemos(registry(), names); err != nil {
			return err
		}
	}
	if err := ui.NeedTerminal(stdout); err != nil {
		return err
	}
	log, closeLog, err := transport.OpenLog(g.debug, version)
	if err != nil {
		return err
	}
	defer closeLog()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	reg := registry(g.arrive)
	opts := ui.Options{Location: time.Local, Theme: ui.ThemeAuto, Mouse: look.mouse}
	// The config's warnings go to the explorer's message log rather than
	// on a screen about to be cleared.
	sel, f, line, err := openSelected(ctx, g, reg, demo, args, log, func(w string) { opts.Warnings = append(opts.Warnings, w) })
	if errors.Is(err, fs.ErrNotExist) && !demo && g.config == "" && !slices.ContainsFunc(args, func(a string) bool { return !cli.LooksLikeQuery(a) }) {
		path, _ := config.DefaultPath()
		opts.Notice = "no config at " + path + ": showing demo data; trail --help shows how to add your sources"
		sel, err = open.Demos(ctx, reg, nil, log)
		line = strings.Join(args, " ")
	}
	if err != nil {
		return err
	}
	defer sel.Release()
	if f != nil {
		opts.Location, opts.Theme, opts.Keys, opts.MaxBytes = f.UI.Location, f.UI.Theme, f.Keys, f.UI.MaxLoaded
		opts.Columns = f.UI.Columns
		opts.Mouse = opts.Mouse || f.UI.Mouse
		for _, name := range f.QueryNames() {
			opts.SavedQueries = append(opts.SavedQueries, ui.SavedQuery{Name: name, Line: f.Queries[name]})
		}
	} else {
		opts.Notice = cmp.Or(opts.Notice, open.DemoNotice(sel, reg.Demos()))
	}
	opts.Source, opts.SourceName, opts.Provider = sel.Source, sel.Name, sel.Provider
	opts.Theme = cmp.Or(look.theme, opts.Theme)
	opts.FollowInterval, _ = followIntervals(f, 0, g.arrive) // no --interval here: it cannot fail
	// The marks are kept for configured sources; the demo's, whose names a
	// real source may share, last the session.
	if dir, err := config.StateDir(); f != nil && err == nil {
		opts.StateDir = dir
	} else if f != nil {
		opts.Warnings = append(opts.Warnings, err.Error())
	}
	if opts.Query, err = parseQuery(line, opts.Location); err != nil {
		return err
	}
	if err := follow.SourceTermsMatchNone(opts.Query, sel.Source, sel.Name, sel.Provider); err != nil {
		return err
	}
	opts.HistoryFile = ui.DefaultHistoryFile()
	return ui.Run(ctx, opts, stderr)
}
