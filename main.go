// Command trail is a terminal explorer for SaaS audit trails: Thinkst Canary,
// Domo, Qualtrics and Intercom activity logs, paged lazily from the provider's
// API into one list, with a detail pane and a filter.
//
// This file is wiring only: the command tree (cobra, styled by fang), config
// loading, the provider registry, opening sources and demos, and the Bubble
// Tea program. What the commands do lives in packages with tests: the
// explorer in ui, `trail export` in sources/export, `trail check` in
// sources/check, `trail sources` in config (File.List).
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

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
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
	"github.com/trail-dev/trail/sources/intercom"
	"github.com/trail-dev/trail/sources/intercom/intercomemu"
	"github.com/trail-dev/trail/sources/merge"
	"github.com/trail-dev/trail/sources/qualtrics"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
	"github.com/trail-dev/trail/ui"
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
		fang.WithErrorHandler(errorHandler(isTerminal(stderr))),
	)
	if err != nil {
		return 1
	}
	return 0
}

// errReported ends a command with status 1 after its output said why.
var errReported = errors.New("failed")

// usageError is a command line trail cannot read; it names the command
// whose --help explains it.
type usageError struct {
	err  error
	path string
}

func (e *usageError) Error() string { return e.err.Error() }

// errorHandler prints an error once: on a terminal in fang's style, else
// as one line "trail: what went wrong"; nothing for errReported, whose
// command has said it.
func errorHandler(styled bool) fang.ErrorHandler {
	return func(w io.Writer, styles fang.Styles, err error) {
		if errors.Is(err, errReported) || errors.Is(err, export.ErrReported) {
			return
		}
		msg := err.Error()
		var ue *usageError
		isUsage := errors.As(err, &ue)
		if !styled {
			if isUsage {
				msg += " (see " + ue.path + " --help)"
			}
			fmt.Fprintln(w, "trail:", msg)
			return
		}
		// fang's own handler title-cases the first word, which turns a
		// path such as ~/.config/trail/config.toml into ~/.Config/Trail/...
		fmt.Fprintln(w, styles.ErrorHeader.String())
		fmt.Fprintln(w, styles.ErrorText.UnsetTransform().Render(msg))
		fmt.Fprintln(w)
		if isUsage {
			fmt.Fprintln(w, styles.ErrorText.UnsetTransform().Render("See "+styles.Program.Flag.Render(ue.path+" --help")+" for usage."))
			fmt.Fprintln(w)
		}
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// rootHelp is what `trail --help` says beyond the flags: enough to start
// without the README, which `go install` does not bring.
const rootHelp = `A terminal explorer for SaaS audit trails: Thinkst Canary, Domo, Qualtrics,
Intercom and files. A list of events, a detail pane, a filter; pages are
fetched from the provider's API as you scroll. Several sources, or a view,
open as one list merged by time.

Config: $XDG_CONFIG_HOME/trail/config.toml, else ~/.config/trail/config.toml,
or --config FILE. Without one, trail opens the demo. A minimal config:

  default = "canary"

  [sources.canary]
  provider = "canary"                  # canary, domo, qualtrics, intercom, file
  base_url = "https://EXAMPLE.canary.tools"
  token = "env:CANARY_AUTH_TOKEN"      # or cmd:COMMAND, file:PATH

Keys in the explorer: j/k or arrows move, enter shows an event in full,
tab switches pane, f filters, / searches what is loaded, a/i/v/o keep only
this actor/IP/action/target, s shows insights, y copies the raw JSON,
e exports, ? lists every key, q quits.`

// commands builds the command tree.
func commands(stdout, stderr io.Writer) *cobra.Command {
	var g globalFlags
	var look uiFlags
	var demo bool
	root := &cobra.Command{
		Use:   "trail [SOURCE...]",
		Short: "A terminal explorer for SaaS audit trails",
		Long:  rootHelp,
		Example: `  trail
  trail prod-canary intercom
  trail --demo canary domo
  trail export canary --since 7d -o week.jsonl
  trail check`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeSources(&g, &demo),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := look.check(); err != nil {
				return err
			}
			if !demo && len(args) > 0 {
				if err := mistypedCommand(cmd, g, args[0]); err != nil {
					return err
				}
			}
			return explore(cmd.Context(), g, look, demo, args, stdout, stderr)
		},
	}
	root.SetVersionTemplate("trail {{.Version}}\n")
	root.SuggestionsMinimumDistance = 2
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{err: err, path: c.CommandPath()}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&g.config, "config", "", "the config file (default: $XDG_CONFIG_HOME/trail/config.toml)")
	pf.StringVar(&g.debug, "debug", "", "write a log of each HTTP request, its timing and retries, secrets removed, to this file")
	f := root.Flags()
	f.BoolVar(&demo, "demo", false, "explore built-in demo data: name providers to merge (default: canary)")
	f.BoolVar(&look.mouse, "mouse", false, "turn on the mouse wheel and clicks")
	f.StringVar(&look.theme, "theme", "", "the colours: auto, dark, light or none (overrides [ui] theme)")
	_ = root.RegisterFlagCompletionFunc("theme", cobra.FixedCompletions(
		[]string{ui.ThemeAuto, ui.ThemeDark, ui.ThemeLight, ui.ThemeNone}, cobra.ShellCompDirectiveNoFileComp))

	root.AddCommand(exportCommand(&g, stdout, stderr), checkCommand(&g, stdout), sourcesCommand(&g, stdout),
		&cobra.Command{
			Use:   "version",
			Short: "Print trail's version",
			Args:  noArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				_, err := fmt.Fprintln(stdout, "trail", cmd.Root().Version)
				return err
			},
		})
	return root
}

// globalFlags are the flags every command takes.
type globalFlags struct {
	config string // --config FILE
	debug  string // --debug FILE
}

// uiFlags are the explorer's command-line settings, over the config's.
type uiFlags struct {
	mouse bool
	theme string
}

func (f uiFlags) check() error {
	switch f.theme {
	case "", ui.ThemeAuto, ui.ThemeDark, ui.ThemeLight, ui.ThemeNone:
		return nil
	}
	return fmt.Errorf("--theme %q: use auto, dark, light or none", f.theme)
}

// mistypedCommand catches a command typed wrong (trail exprot), which
// would read as a source name: a name close to a command's that names no
// source or view in the config is an error that suggests the command.
func mistypedCommand(cmd *cobra.Command, g globalFlags, name string) error {
	suggest := cmd.SuggestionsFor(name)
	if len(suggest) == 0 {
		return nil
	}
	if f, _, err := loadConfig(g.config); err == nil {
		if _, ok := f.Source(name); ok {
			return nil
		}
		if _, ok := f.View(name); ok {
			return nil
		}
	}
	return &usageError{err: fmt.Errorf("no command or source %q; did you mean trail %s?", name, suggest[0]), path: "trail"}
}

// noArgs refuses arguments with a message that names the command once.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return &usageError{err: fmt.Errorf("%s takes no arguments, got %q", cmd.Name(), args), path: cmd.CommandPath()}
	}
	return nil
}

func exportCommand(g *globalFlags, stdout, stderr io.Writer) *cobra.Command {
	var demo, force bool
	var since, until, format, output string
	var q model.Query
	cmd := &cobra.Command{
		Use:   "export [SOURCE...]",
		Short: "Write every matching event, all pages, as JSONL or CSV",
		Long: `Write every event of SOURCE matching the flags, all pages, in the provider's
order, to stdout or -o FILE. Several sources, or a view, export merged by time,
each record naming its own source. T is RFC 3339, a date (2026-11-20) or an age
(90m, 24h, 7d); the range is since <= time < until.

JSONL (the default) has one object per line: source, provider, id, time, action,
actor, target, summary, ip, outcome and raw, the provider's entry. CSV (--format
csv, or -o ending in .csv) has the normalized columns.

Progress goes to stderr when it is a terminal; stdout carries only data. -o
creates a new file readable only by you: it refuses an existing one unless
--force, never writes through a symbolic link, and never over a file a source
reads. Interrupted or failed, what was written is whole lines, stderr says how
many events, and the exit status is 1.`,
		Example: `  trail export canary --since 7d -o canary-week.jsonl
  trail export canary --action user_login_failure --format csv > failures.csv
  trail export --demo --since 24h | jq -r .actor | sort | uniq -c`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeSources(g, &demo),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := export.Format(format, output)
			if err != nil {
				return err
			}
			log, closeLog, err := openDebugLog(g.debug)
			if err != nil {
				return err
			}
			defer closeLog()
			// A hangup (the SSH session went away) ends it as Ctrl-C does: on a
			// whole line, saying how many events the output holds.
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
			defer stop()
			sel, err := openForExport(ctx, g, demo, args, stderr, log)
			if err != nil {
				return err
			}
			defer sel.release()
			if q.Since, q.Until, err = export.Range(since, until, time.Now(), sel.loc); err != nil {
				return err
			}
			return export.Run(ctx, export.Request{
				Source: sel.src, Name: sel.name, Provider: sel.provider, Merged: sel.merged,
				Query: q, Format: format, Output: output, Force: force, TTY: isTerminal(stderr),
			}, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&demo, "demo", false, "export the demo of the providers named (default: canary); several merge")
	f.StringVar(&since, "since", "", "start of the range, inclusive: RFC 3339, a date or an age (7d)")
	f.StringVar(&until, "until", "", "end of the range, exclusive: RFC 3339, a date or an age")
	f.StringVar(&q.Action, "action", "", "only this action type")
	f.StringVar(&q.Actor, "actor", "", "only actors whose name or id contains this")
	f.StringVar(&q.Text, "text", "", "only events containing this text")
	f.StringVar(&format, "format", "", "jsonl or csv (default: from -o, else jsonl)")
	f.StringVarP(&output, "output", "o", "", "write to this new file instead of stdout")
	f.BoolVar(&force, "force", false, "let -o replace an existing file")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(
		[]string{sources.FormatJSONL, sources.FormatCSV}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func checkCommand(g *globalFlags, stdout io.Writer) *cobra.Command {
	var demo bool
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "check [SOURCE...]",
		Short: "Validate the config and try one request per source",
		Long: `Validate the config, then open each source (or those named; a view stands for
its sources) and fetch its first page, printing a verdict for each: what came
back, or what went wrong and what to do. The exit status is 1 if any fails.
With --demo it checks the demos (all, or the providers named): the real
clients against their emulators.`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeSources(g, &demo),
		RunE: func(cmd *cobra.Command, args []string) error {
			log, closeLog, err := openDebugLog(g.debug)
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
				return errReported
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
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			f, path, err := loadConfig(g.config)
			if errors.Is(err, fs.ErrNotExist) {
				_, err := fmt.Fprintf(stdout, "no config file at %s\nproviders: %s\n`trail --help` shows a minimal config; `trail --demo` works without one\n",
					path, strings.Join(registry().Names(), ", "))
				return err
			}
			if err != nil {
				return err
			}
			return f.List(stdout)
		},
	}
}

// completeSources offers the configured source and view names (with
// --demo, the providers that have a demo) for the shell to complete.
func completeSources(g *globalFlags, demo *bool) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var names []string
		if *demo {
			names = registry().Demos()
		} else if f, _, err := loadConfig(g.config); err == nil {
			names = append(f.Names(), f.ViewNames()...)
		}
		var out []cobra.Completion
		for _, n := range names {
			if strings.HasPrefix(n, prefix) && !slices.Contains(args, n) {
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// registry is every provider trail is built with. Each demo is the real
// client opened against its emulator package (canaryemu, ...): main.go joins
// the two so that no client imports the emulator that tests it.
func registry() *sources.Registry {
	return sources.NewRegistry(
		canary.Provider().WithDemo(canary.Demo(canaryemu.Demo)),
		domo.Provider().WithDemo(domo.Demo(domoemu.Demo)),
		intercom.Provider().WithDemo(intercom.Demo(intercomemu.Demo)),
		qualtrics.Provider().WithDemo(qualtrics.Demo(qualtricsemu.Demo)),
		file.Provider(canary.Codec(), domo.Codec(), intercom.Codec(), qualtrics.Codec()),
	)
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

// loadChecked loads the config and checks it whole.
func loadChecked(path string, reg *sources.Registry) (*config.File, error) {
	f, _, err := loadConfig(path)
	if err != nil {
		return nil, err
	}
	if err := checkConfig(f, reg); err != nil {
		return nil, err
	}
	return f, nil
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
		MaxWait:        f.Net.MaxWait,
		Log:            log.With("source", name),
	})
	if err != nil {
		return nil, "", fmt.Errorf("opening source %q: %w", name, err)
	}
	return src, entry.Provider, nil
}

// selection is what a command opened: one source, or several merged (whose
// provider is "merged").
type selection struct {
	src            sources.Source
	name, provider string
	merged         bool
	loc            *time.Location // for dates given on the command line
	release        func()         // stops demos' emulators
}

// openSelection opens what the command line selected from the config. A
// source of a view that cannot be opened (a secret that cannot be read)
// shows as failed beside the others instead of stopping them; only if none
// opens is it an error.
func openSelection(ctx context.Context, f *config.File, reg *sources.Registry, args []string, log *slog.Logger) (selection, error) {
	sel, err := f.SelectMany(args)
	if err != nil {
		return selection{}, err
	}
	out := selection{name: sel.Name, loc: f.UI.Location, release: func() {}}
	if !sel.Merged() {
		out.src, out.provider, err = openSource(ctx, f, reg, sel.Sources[0], log)
		return out, err
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
		return selection{}, errors.Join(errs...)
	}
	out.src, out.provider, out.merged = merge.New(parts, merge.Options{}), "merged", true
	return out, nil
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

// openDemos starts the demos of the named providers (canary if none): each
// provider's real client against its emulator on loopback, logging to log;
// several are merged into one list, as sources are.
func openDemos(ctx context.Context, reg *sources.Registry, providers []string, log *slog.Logger) (selection, error) {
	if len(providers) == 0 {
		providers = []string{"canary"}
	}
	var parts []merge.Named
	var stops []func() error
	release := func() {
		for _, stop := range stops {
			_ = stop()
		}
	}
	for _, provider := range providers {
		src, stop, err := startDemo(ctx, reg, provider, log)
		if err != nil {
			release()
			return selection{}, err
		}
		stops = append(stops, stop)
		parts = append(parts, merge.Named{Name: provider, Provider: provider, Source: src})
	}
	sel := selection{src: parts[0].Source, name: "demo", provider: providers[0], loc: time.Local, release: release}
	if len(parts) > 1 {
		sel.src, sel.name, sel.provider, sel.merged = merge.New(parts, merge.Options{}), strings.Join(providers, "+"), "merged", true
	}
	return sel, nil
}

// startDemo starts one provider's demo.
func startDemo(ctx context.Context, reg *sources.Registry, provider string, log *slog.Logger) (sources.Source, func() error, error) {
	p, ok := reg.Lookup(provider)
	if !ok || p.Demo == nil {
		return nil, nil, fmt.Errorf("no demo for %q; demos: %s", provider, strings.Join(reg.Demos(), ", "))
	}
	return p.Demo(ctx, sources.Env{Name: provider, Log: log.With("source", "demo "+provider)})
}

// openForExport opens the demos or what args select from the config.
func openForExport(ctx context.Context, g *globalFlags, demo bool, args []string, stderr io.Writer, log *slog.Logger) (selection, error) {
	reg := registry()
	if demo {
		return openDemos(ctx, reg, args, log)
	}
	f, err := loadChecked(g.config, reg)
	if err != nil {
		return selection{}, err
	}
	for _, w := range f.Warnings() { // before openSelection runs any cmd: secret
		fmt.Fprintln(stderr, "trail: warning:", model.Sanitize(w))
	}
	return openSelection(ctx, f, reg, args, log)
}

// checkTargets says how to open each source `trail check` tries: every
// configured source or those args name (a view standing for its sources),
// or with demo every demo or those named. It prints the config's verdict
// and warnings first.
func checkTargets(g *globalFlags, demo bool, args []string, stdout io.Writer, log *slog.Logger) ([]check.Target, error) {
	reg := registry()
	var targets []check.Target
	if demo {
		names := args
		if len(names) == 0 {
			names = reg.Demos()
		}
		for _, name := range names {
			targets = append(targets, check.Target{Name: "demo " + name, Open: func(ctx context.Context) (sources.Source, string, func(), error) {
				src, stop, err := startDemo(ctx, reg, name, log)
				if err != nil {
					return nil, "", nil, err
				}
				return src, name, func() { _ = stop() }, nil
			}})
		}
		return targets, nil
	}
	f, err := loadChecked(g.config, reg)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "config %s: ok\n", f.Path)
	for _, w := range f.Warnings() {
		fmt.Fprintln(stdout, "warning:", w)
	}
	names := f.Names()
	if len(args) > 0 {
		sel, err := f.SelectMany(args)
		if err != nil {
			return nil, err
		}
		names = sel.Sources
	}
	for _, name := range names {
		targets = append(targets, check.Target{Name: name, Open: func(ctx context.Context) (sources.Source, string, func(), error) {
			src, provider, err := openSource(ctx, f, reg, name, log)
			return src, provider, nil, err
		}})
	}
	return targets, nil
}

// explore opens the explorer on the demos, or on what args select from the
// config; with no config file and nothing named, on the demo.
func explore(ctx context.Context, g globalFlags, look uiFlags, demo bool, args []string, stdout, stderr io.Writer) error {
	if err := needTerminal(stdout); err != nil {
		return err
	}
	log, closeLog, err := openDebugLog(g.debug)
	if err != nil {
		return err
	}
	defer closeLog()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	reg := registry()
	if demo {
		return exploreDemo(ctx, reg, args, "", look, log)
	}
	f, path, err := loadConfig(g.config)
	if errors.Is(err, fs.ErrNotExist) && g.config == "" && len(args) == 0 {
		return exploreDemo(ctx, reg, nil, "no config at "+path+": showing demo data; trail --help shows how to add your sources", look, log)
	}
	if err != nil {
		return err
	}
	if err := checkConfig(f, reg); err != nil {
		return err
	}
	// Read before openSelection runs any cmd: secret; said in the explorer's
	// message log rather than on a screen about to be cleared.
	warnings := f.Warnings()
	sel, err := openSelection(ctx, f, reg, args, log)
	if err != nil {
		return err
	}
	return runUI(ctx, ui.Options{
		Source: sel.src, SourceName: sel.name, Provider: sel.provider,
		Location: f.UI.Location, Theme: theme(cmp.Or(look.theme, f.UI.Theme)), Warnings: warnings,
		Keys: f.Keys, Mouse: look.mouse || f.UI.Mouse,
	})
}

// exploreDemo runs the explorer on the demos of the named providers.
func exploreDemo(ctx context.Context, reg *sources.Registry, providers []string, notice string, look uiFlags, log *slog.Logger) error {
	sel, err := openDemos(ctx, reg, providers, log)
	if err != nil {
		return err
	}
	defer sel.release()
	if notice == "" {
		names := strings.Split(sel.name, "+")
		if !sel.merged {
			names = []string{sel.provider}
		}
		notice = "demo: the real " + strings.Join(names, ", ") + " client against its emulator"
		if !sel.merged {
			if others := slices.DeleteFunc(reg.Demos(), func(n string) bool { return n == sel.provider }); len(others) > 0 {
				notice += "; also: trail --demo " + strings.Join(others, "|") + ", or several merged"
			}
		}
	}
	return runUI(ctx, ui.Options{
		Source: sel.src, SourceName: sel.name, Provider: sel.provider,
		Location: time.Local, Theme: theme(cmp.Or(look.theme, ui.ThemeAuto)), Notice: notice, Mouse: look.mouse,
	})
}

// needTerminal makes sure the explorer can draw and read keys: stdout must
// be a terminal, and so must stdin or the process's controlling terminal
// (where Bubble Tea reads keys when stdin is a pipe).
func needTerminal(stdout io.Writer) error {
	const hint = "; to write events to a pipe or a file, use trail export"
	if !isTerminal(stdout) {
		return errors.New("the explorer needs a terminal, and its output is not one" + hint)
	}
	if term.IsTerminal(os.Stdin.Fd()) {
		return nil
	}
	tty, err := os.Open("/dev/tty")
	if err != nil {
		return errors.New("the explorer needs a terminal to read keys from, and has none" + hint)
	}
	return tty.Close()
}

// theme honours NO_COLOR (https://no-color.org) over the configured theme.
func theme(configured string) string {
	if v, ok := os.LookupEnv("NO_COLOR"); ok && v != "" {
		return ui.ThemeNone
	}
	return configured
}

func runUI(ctx context.Context, opts ui.Options) error {
	// Bubble Tea turns SIGINT and SIGTERM into a quit; a hangup (the SSH
	// session or terminal went away) ends it the same way here, so the
	// terminal is restored and an export ends on a whole line.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGHUP)
	defer stop()
	opts.Context = ctx
	p := tea.NewProgram(ui.New(opts), tea.WithContext(ctx))
	final, err := p.Run()
	if m, ok := final.(ui.Model); ok {
		if msg := m.Close(); msg != "" { // where an export stopped
			fmt.Fprintln(os.Stderr, "trail:", msg)
		}
	}
	return uiExit(err, ctx.Err() != nil)
}

// uiExit is the explorer's result from what Program.Run returned: a panic
// Bubble Tea caught (it restored the terminal and printed the trace) and a
// hangup fail; a quit does not.
func uiExit(err error, hungUp bool) error {
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		return errors.New("internal error (please report it with the trace above); the terminal was restored")
	case hungUp:
		return errors.New("the terminal hung up")
	case errors.Is(err, tea.ErrProgramKilled):
		return nil
	}
	return err
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
