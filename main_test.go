package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/trail-dev/trail/config"
	"github.com/trail-dev/trail/sources/check"
	"github.com/trail-dev/trail/sources/export"
	"github.com/trail-dev/trail/ui"
)

// TestMain lets a test run the real program in a child process (for what
// only a process shows: no terminal at all, the man page on os.Stdout).
func TestMain(m *testing.M) {
	if os.Getenv("TRAIL_TEST_RUN_MAIN") == "1" {
		os.Args = append([]string{"trail"}, os.Args[1:]...)
		main()
		return
	}
	os.Exit(m.Run())
}

// result is what one command line did.
type result struct {
	code           int
	stdout, stderr string
}

// trail runs the command tree in-process with args, in a home with no
// config file unless the test wrote one.
func trail(t *testing.T, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// noConfig points the default config path at an empty directory.
func noConfig(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("NO_COLOR", "1")
	return home
}

// writeConfig writes a config file and returns its path.
func writeConfig(t *testing.T, toml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// requireOneError checks a failure: exit 1 and one line on stderr that
// starts "trail: " but never "trail: trail", with nothing of Go's flag usage.
func requireOneError(t *testing.T, r result, want string) {
	t.Helper()
	if r.code != 1 {
		t.Errorf("exit %d, want 1 (stderr %q)", r.code, r.stderr)
	}
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "trail: ") || strings.HasPrefix(r.stderr, "trail: trail") {
		t.Errorf("stderr is not one clear line: %q", r.stderr)
	}
	if strings.Contains(r.stderr+r.stdout, "Usage of") || strings.Contains(r.stderr+r.stdout, "flag provided but not defined") {
		t.Errorf("raw Go usage printed: %q %q", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q does not say %q", r.stderr, want)
	}
}

// TestEveryHelpExitsZero: --help of every command, and trail help, print
// the help to stdout and exit 0, without a config file (issue 14.8: "flag:
// help requested", exit 1).
func TestEveryHelpExitsZero(t *testing.T) {
	noConfig(t)
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"help"}, {"export", "--help"}, {"sources", "--help"}, {"check", "--help"},
		{"version", "--help"}, {"help", "export"}, {"export", "canary", "--since", "7d", "--help"},
	} {
		r := trail(t, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "USAGE") || r.stderr != "" {
			t.Errorf("trail %s: exit %d, stdout %.80q, stderr %q", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, "help requested") {
			t.Errorf("trail %s: %q", strings.Join(args, " "), r.stderr)
		}
	}
	if r := trail(t, "export", "--help"); !strings.Contains(r.stdout, "--since") || !strings.Contains(r.stdout, "--force") {
		t.Errorf("export --help lacks its flags:\n%s", r.stdout)
	}
}

// TestHelpHasTheEssentials: --help says where the config lives and shows a
// minimal one, and names the keys, instead of sending a `go install` user
// to a README they do not have (issue 14.13).
func TestHelpHasTheEssentials(t *testing.T) {
	noConfig(t)
	r := trail(t, "--help")
	for _, want := range []string{"~/.config/trail/config.toml", "[sources.canary]", `provider = "canary"`, `token = "env:`, "? lists every key", "q quits"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
	if strings.Contains(r.stdout, "README") {
		t.Error("--help sends the user to the README")
	}
}

// TestVersionWithoutConfig: trail version and --version need no config
// (issue 14.8: "no config file here").
func TestVersionWithoutConfig(t *testing.T) {
	noConfig(t)
	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}} {
		if r := trail(t, args...); r.code != 0 || r.stdout != "trail "+version+"\n" || r.stderr != "" {
			t.Errorf("trail %s: %+v", args[0], r)
		}
	}
}

// TestManPage: trail man is a roff page of every command, its description
// in whole paragraphs (fang's own made each line of the --help text a
// paragraph: sentences cut in pieces a blank line apart), on the command's
// stdout.
func TestManPage(t *testing.T) {
	noConfig(t)
	r := trail(t, "man")
	if r.code != 0 || !strings.HasPrefix(r.stdout, ".TH TRAIL 1") || !strings.Contains(r.stdout, "export") || r.stderr != "" {
		t.Fatalf("trail man: %+v", r)
	}
	for _, want := range []string{"Thinkst Canary, Domo, Qualtrics, Intercom and files\\&.", "keep only this actor/IP/action/target"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the man page cuts a sentence: it lacks %q", want)
		}
	}
}

// TestCheckDemo: trail check --demo checks the demos against their
// emulators, one verdict a line, and an unknown demo is one clear verdict,
// not an error printed twice with Go's usage (issue 14.8).
func TestCheckDemo(t *testing.T) {
	noConfig(t)
	r := trail(t, "check", "--demo", "canary", "intercom")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], "✓ demo canary: 100 events on the first page") ||
		!strings.HasPrefix(lines[1], "✓ demo intercom: ") || strings.Contains(r.stdout, "intercom: intercom") || r.stderr != "" {
		t.Errorf("check --demo canary intercom: %+v", r)
	}
	r = trail(t, "check", "nosuch", "--demo")
	if r.code != 1 || r.stdout != "✗ demo nosuch: no demo for \"nosuch\"; demos: canary, domo, intercom, qualtrics\n" || r.stderr != "" {
		t.Errorf("check --demo nosuch: %+v", r)
	}
	r = trail(t, "check", "--demo")
	if r.code != 0 || strings.Count(r.stdout, "✓ demo ") != 4 {
		t.Errorf("check --demo checks every demo: %+v", r)
	}
}

// records reads JSONL export output.
func records(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for line := range strings.Lines(out) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not JSONL: %q: %v", line, err)
		}
		recs = append(recs, rec)
	}
	return recs
}

// TestExportDemoMerges: export --demo a b merges the demos by time, as
// trail --demo a b does in the explorer (issue 14.8: refused), with the
// flags before or after the names.
func TestExportDemoMerges(t *testing.T) {
	noConfig(t)
	for _, args := range [][]string{
		{"export", "--demo", "canary", "intercom", "--since", "3d"},
		{"export", "canary", "--since", "3d", "intercom", "--demo"},
	} {
		r := trail(t, args...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%v: %+v", args, r)
		}
		seen := map[string]int{}
		last := "9999"
		for _, rec := range records(t, r.stdout) {
			seen[rec["source"].(string)]++
			if tm := rec["time"].(string); tm > last {
				t.Fatalf("not merged newest first: %s after %s", tm, last)
			} else {
				last = tm
			}
		}
		if seen["canary"] == 0 || seen["intercom"] == 0 || len(seen) != 2 {
			t.Errorf("%v: records by source %v", args, seen)
		}
	}
	// One demo's records name their source as a merged demo's do.
	r := trail(t, "export", "--demo", "canary", "--since", "3d")
	for _, rec := range records(t, r.stdout) {
		if rec["source"] != "canary" || rec["provider"] != "canary" {
			t.Fatalf("a single demo's record says source %v, provider %v", rec["source"], rec["provider"])
		}
	}
}

// TestDebugLogsDemoRequests: --debug FILE logs every request with --demo
// too, in export and check (issue 14.4: the log stayed empty).
func TestDebugLogsDemoRequests(t *testing.T) {
	noConfig(t)
	for _, args := range [][]string{
		{"export", "--demo", "domo", "--since", "1h"},
		{"check", "--demo", "qualtrics"},
	} {
		log := filepath.Join(t.TempDir(), "debug.log")
		if r := trail(t, append(args, "--debug", log)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
		data, err := os.ReadFile(log)
		if err != nil || !strings.Contains(string(data), "msg=http") || !strings.Contains(string(data), "status=200") {
			t.Errorf("%v: debug log %q, %v", args, data, err)
		}
	}
}

// TestNoTerminal: the explorer without a terminal says what to do instead
// of Bubble Tea's "error opening TTY" (issue 14.8): in-process with a pipe
// for stdout, and as a process with no terminal at all.
func TestNoTerminal(t *testing.T) {
	noConfig(t)
	requireOneError(t, trail(t, "--demo"), "trail: the explorer needs a terminal")
	// A demo that does not exist is said first: a terminal would not help.
	requireOneError(t, trail(t, "--demo", "bogus"), `trail: no demo for "bogus"; demos: canary`)
	// A query is no demo's name.
	requireOneError(t, trail(t, "--demo", "canary", "outcome:failure since:7d"), "trail: the explorer needs a terminal")

	cmd := exec.Command(os.Args[0], "--demo")
	cmd.Env = append(os.Environ(), "TRAIL_TEST_RUN_MAIN=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // no controlling terminal
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 1 || strings.Contains(errOut.String(), "bubbletea") {
		t.Errorf("exit %d (%v), stderr %q", code, err, errOut.String())
	}
	requireOneError(t, result{1, out.String(), errOut.String()}, "use trail export")
}

// TestErrorsAreOneLine: a bad command line gets one message, never
// "trail: trail …" and never Go's raw usage (issue 14.8).
func TestErrorsAreOneLine(t *testing.T) {
	noConfig(t)
	missing := filepath.Join(t.TempDir(), "missing.toml")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sources", "extra"}, `trail: sources takes no arguments, got ["extra"] (see trail sources --help)`},
		{[]string{"export", "--bogus"}, "trail: unknown flag: --bogus (see trail export --help)"},
		{[]string{"--theme", "pink", "--demo"}, `trail: --theme "pink": use auto, dark, light or none`},
		{[]string{"export", "--demo", "--format", "xml"}, `trail: --format "xml": use jsonl or csv`},
		{[]string{"export", "--demo", "--since", "soon"}, "trail: --since: "},
		{[]string{"export", "--demo", "nosuch"}, `trail: no demo for "nosuch"`},
		{[]string{"check", "--config", missing}, "missing.toml"},
		{[]string{"export", "--config", missing}, "missing.toml"},
		{[]string{"version", "now"}, "version takes no arguments"},
		{[]string{"exprot", "--config", missing}, `trail: no command or source "exprot"; did you mean trail export? (see trail --help)`},
		{[]string{"chek"}, "did you mean trail check?"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			requireOneError(t, trail(t, tt.args...), tt.want)
		})
	}
}

// TestCheckNamesNoKey: what trail check prints names no key of the
// explorer (issue 14.5: "; r retries").
func TestCheckNamesNoKey(t *testing.T) {
	noConfig(t)
	path := writeConfig(t, `
[net]
timeout = "1s"
connect_timeout = "1s"

[sources.down]
provider = "canary"
base_url = "http://127.0.0.1:1"
token = "env:TRAIL_TEST_TOKEN"
`)
	t.Setenv("TRAIL_TEST_TOKEN", "x")
	r := trail(t, "check", "--config", path, "--timeout", "20s")
	if r.code != 1 || !strings.Contains(r.stdout, "✗ down: canary: could not reach 127.0.0.1:1") {
		t.Fatalf("check: %+v", r)
	}
	for _, key := range []string{"r retries", "press ", " key "} {
		if strings.Contains(r.stdout+r.stderr, key) {
			t.Errorf("check output names a key (%q): %q", key, r.stdout)
		}
	}
}

// TestExportOutputRules: -o never clobbers (issue 16.6): an existing file
// needs --force, and the file a source reads is refused even then.
func TestExportOutputRules(t *testing.T) {
	noConfig(t)
	dir := t.TempDir()
	evidence := filepath.Join(dir, "evidence.jsonl")
	r := trail(t, "export", "--demo", "--since", "1d", "-o", evidence)
	if r.code != 0 {
		t.Fatalf("first export: %+v", r)
	}
	before, _ := os.ReadFile(evidence)
	if info, _ := os.Stat(evidence); info.Mode().Perm() != 0o600 || len(before) == 0 {
		t.Fatalf("export: mode %v, %d bytes", info.Mode().Perm(), len(before))
	}
	requireOneError(t, trail(t, "export", "--demo", "-o", evidence), "evidence.jsonl already exists; choose another name, or add --force to replace it")

	path := writeConfig(t, "[sources.archive]\nprovider = \"file\"\npath = \""+evidence+"\"\n")
	requireOneError(t, trail(t, "export", "archive", "--config", path, "--force", "-o", evidence), "is the file source")
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink(evidence, link); err != nil {
		t.Fatal(err)
	}
	requireOneError(t, trail(t, "export", "--demo", "--force", "-o", link), "symbolic link")
	if after, _ := os.ReadFile(evidence); !bytes.Equal(before, after) {
		t.Error("the evidence changed")
	}
	// The file source reads its export back, and --force replaces a file.
	other := filepath.Join(dir, "copy.jsonl")
	os.WriteFile(other, []byte("old\n"), 0o644)
	if r := trail(t, "export", "archive", "--config", path, "-o", other, "--force"); r.code != 0 {
		t.Fatalf("export of the archive: %+v", r)
	}
	if got, _ := os.ReadFile(other); len(records(t, string(got))) != len(records(t, string(before))) {
		t.Errorf("copy holds %d records, the archive %d", len(records(t, string(got))), len(records(t, string(before))))
	}
}

// TestSources: trail sources lists the config, or says there is none and
// where help is.
func TestSources(t *testing.T) {
	noConfig(t)
	r := trail(t, "sources")
	if r.code != 0 || !strings.Contains(r.stdout, "no config file at ") || !strings.Contains(r.stdout, "trail --help") || strings.Contains(r.stdout, "README") {
		t.Errorf("sources without a config: %+v", r)
	}
	path := writeConfig(t, "default = \"a\"\n[sources.a]\nprovider = \"canary\"\nbase_url = \"https://x.canary.tools\"\n[sources.b]\nprovider = \"intercom\"\n")
	r = trail(t, "sources", "--config", path)
	if r.code != 0 || !strings.Contains(r.stdout, "a     canary    https://x.canary.tools  (default)") {
		t.Errorf("sources: %+v", r)
	}
	// A config the other commands refuse is not listed as if it were fine,
	// and a --config that names no file is a mistake, as for them.
	bad := writeConfig(t, "[sources.a]\nprovider = \"splunk\"\n")
	requireOneError(t, trail(t, "sources", "--config", bad), `[sources.a] has unknown provider "splunk"`)
	requireOneError(t, trail(t, "sources", "--config", filepath.Join(t.TempDir(), "none.toml")), "no config file here")
}

// TestArriveOnlyWhereItActs: --arrive (the demo's log grows) is a flag of
// the explorer and of export, the two that open a demo to follow; the help
// of sources, check, version and completion listed it as theirs.
func TestArriveOnlyWhereItActs(t *testing.T) {
	noConfig(t)
	for _, args := range [][]string{{"--help"}, {"export", "--help"}} {
		if r := trail(t, args...); !strings.Contains(r.stdout, "--arrive") {
			t.Errorf("trail %s lacks --arrive", strings.Join(args, " "))
		}
	}
	for _, args := range [][]string{{"sources", "--help"}, {"check", "--help"}, {"version", "--help"}, {"completion", "--help"}, {"man", "--help"}} {
		if r := trail(t, args...); r.code != 0 || strings.Contains(r.stdout, "--arrive") {
			t.Errorf("trail %s: exit %d, lists --arrive:\n%s", strings.Join(args, " "), r.code, r.stdout)
		}
	}
	requireOneError(t, trail(t, "sources", "--arrive", "5s"), "unknown flag: --arrive")
	if r := trail(t, "export", "--demo", "--arrive", "5s", "--until", "2000-01-01"); r.code != 0 {
		t.Errorf("export --demo --arrive: %+v", r)
	}
}

// TestCompletion: the shell completes the configured source and view
// names, and the demos after --demo.
func TestCompletion(t *testing.T) {
	noConfig(t)
	path := writeConfig(t, "[sources.prod]\nprovider = \"canary\"\nbase_url = \"https://x.canary.tools\"\n[sources.eu]\nprovider = \"intercom\"\n[views]\nboth = [\"prod\", \"eu\"]\n")
	complete := func(args ...string) []string {
		r := trail(t, append([]string{"__complete"}, args...)...)
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		return lines[:len(lines)-1] // the last is the directive
	}
	if got := complete("--config", path, ""); !slices.Equal(got[len(got)-3:], []string{"prod", "eu", "both"}) || !slices.Contains(got, "export\tWrite every matching event, all pages, as JSONL or CSV") {
		t.Errorf("trail <tab>: %q", got)
	}
	if got := complete("export", "--config", path, "prod", "e"); !slices.Equal(got, []string{"eu"}) {
		t.Errorf("trail export prod e<tab>: %q", got)
	}
	// Saved queries complete where a query goes: trail NAME, trail export NAME.
	withQueries := writeConfig(t, "[sources.prod]\nprovider = \"canary\"\nbase_url = \"https://x.canary.tools\"\n[queries]\nfailed = \"outcome:failure\"\n")
	if got := complete("--config", withQueries, "f"); !slices.Equal(got, []string{"failed"}) {
		t.Errorf("trail f<tab>: %q", got)
	}
	if got := complete("export", "--config", withQueries, "prod", "f"); !slices.Equal(got, []string{"failed"}) {
		t.Errorf("trail export prod f<tab>: %q", got)
	}
	if got := complete("check", "--config", withQueries, "f"); len(got) != 0 {
		t.Errorf("trail check f<tab>: %q; check takes no query", got)
	}
	if got := complete("check", "--demo", "q"); !slices.Equal(got, []string{"qualtrics"}) {
		t.Errorf("trail check --demo q<tab>: %q", got)
	}
	if r := trail(t, "completion", "bash"); r.code != 0 || !strings.Contains(r.stdout, "bash completion") {
		t.Errorf("completion bash: exit %d", r.code)
	}
	// A shell cobra has no script for is an error naming those it has, not
	// the help with exit 0.
	requireOneError(t, trail(t, "completion", "tcsh"), `no completion script for "tcsh"; shells: bash, fish, powershell, zsh`)
	if r := trail(t, "completion"); r.code != 0 || !strings.Contains(r.stdout, "USAGE") {
		t.Errorf("completion alone: %+v", r)
	}
}

// TestExportEscapesHostileText: trail export writes no C1, bidi or
// zero-width character raw, to a terminal or anywhere: JSONL carries them
// as \uXXXX escapes and decodes to the same text (issue 16.12).
func TestExportEscapesHostileText(t *testing.T) {
	noConfig(t)
	dir := t.TempDir()
	log := filepath.Join(dir, "hostile.jsonl")
	line := "{\"source\":\"x\",\"provider\":\"other\",\"id\":\"1\",\"time\":\"2026-11-20T00:00:00Z\",\"action\":\"login\"," +
		"\"actor\":\"eve\u202egpj.exe\",\"raw\":{\"user\":\"eve\u009b31m\u200b\u2066x\",\"n\":1}}\n"
	if err := os.WriteFile(log, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	path := writeConfig(t, "[sources.f]\nprovider = \"file\"\npath = \""+log+"\"\n")
	r := trail(t, "export", "f", "--config", path)
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	for _, c := range []string{"\u202e", "\u009b", "\u200b", "\u2066"} {
		if strings.Contains(r.stdout, c) {
			t.Errorf("%U written raw: %q", []rune(c)[0], r.stdout)
		}
	}
	recs := records(t, r.stdout)
	if len(recs) != 1 || recs[0]["actor"] != "eve\u202egpj.exe" || recs[0]["raw"].(map[string]any)["user"] != "eve\u009b31m\u200b\u2066x" {
		t.Errorf("records %v", recs)
	}
	r = trail(t, "export", "f", "--config", path, "--format", "csv")
	if r.code != 0 || strings.ContainsAny(r.stdout, "\u202e\u009b") || !strings.Contains(r.stdout, `eve\u202egpj.exe`) {
		t.Errorf("csv: %+v", r)
	}
}

// TestSourceNamedLikeACommand: a configured source whose name is close to a
// command's (checks, check) opens as a source, with no suggestion.
func TestSourceNamedLikeACommand(t *testing.T) {
	noConfig(t)
	path := writeConfig(t, "[sources.checks]\nprovider = \"intercom\"\n")
	requireOneError(t, trail(t, "checks", "--config", path), "the explorer needs a terminal")
}

// TestExportHelpSaysWhatFlagsDo: export --help describes its flags and its
// records as they behave: a typed --actor is part of the name or the whole
// id (model.Query.MatchesActor), --format names JSONL and CSV as formats
// (fang capitalises a flag's first letter: "jsonl or csv" printed "Jsonl"),
// the JSONL fields include actor_id, client and location, and T takes the
// forms model.ParseTimeSpec reads (issue 14.13).
func TestExportHelpSaysWhatFlagsDo(t *testing.T) {
	noConfig(t)
	r := trail(t, "export", "--help")
	for _, want := range []string{"JSONL or CSV", "or whose id is this", "actor_id", "client", "location", "today", "2w"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("export --help lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, bad := range []string{"Jsonl", "name or id contains"} {
		if strings.Contains(r.stdout, bad) {
			t.Errorf("export --help says %q:\n%s", bad, r.stdout)
		}
	}
}

// TestLongHelpIsWrappedAt80: each command's description is wrapped by hand
// at 80 columns; a longer line is broken again by the terminal mid-sentence
// ("readable only by you: it refuses an existing" alone, then "one unless").
func TestLongHelpIsWrappedAt80(t *testing.T) {
	for name, text := range map[string]string{"trail": ui.CommandHelp, "export": export.Help, "check": check.Help} {
		for i, line := range strings.Split(text, "\n") {
			if n := len([]rune(line)); n > 80 {
				t.Errorf("%s --help, line %d is %d columns: %q", name, i+1, n, line)
			}
		}
	}
}

// TestColumnNamesAgree: the columns the config accepts are the ones the
// list draws, so a column the config lets through is never refused later.
func TestColumnNamesAgree(t *testing.T) {
	if !slices.Equal(config.Columns, ui.ColumnNames()) {
		t.Fatalf("config accepts columns %v, the list draws %v", config.Columns, ui.ColumnNames())
	}
}

// TestExportQuery: a query on the command line, typed or saved in the
// config's [queries], exports exactly the events it matches; a wrong term
// is named, and a saved query is refused at its line when it is wrong.
func TestExportQuery(t *testing.T) {
	noConfig(t)
	dir := t.TempDir()
	archive := filepath.Join(dir, "archive.jsonl")
	if r := trail(t, "export", "--demo", "canary", "--since", "3d", "-o", archive); r.code != 0 {
		t.Fatalf("export of the demo: %+v", r)
	}
	raw, _ := os.ReadFile(archive)
	all := records(t, string(raw))
	count := func(keep func(map[string]any) bool) int {
		n := 0
		for _, rec := range all {
			if keep(rec) {
				n++
			}
		}
		return n
	}
	failures := count(func(r map[string]any) bool { return r["outcome"] == "failure" })
	if failures == 0 || failures == len(all) {
		t.Fatalf("the demo archive has %d failures of %d events: the test needs some of each", failures, len(all))
	}
	path := writeConfig(t, "[sources.archive]\nprovider = \"file\"\npath = \""+archive+"\"\n\n[queries]\nfailed = \"outcome:failure\"\n")
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"archive", "outcome:failure"}, failures},
		{[]string{"failed", "archive"}, failures},
		// A term that starts with "-" comes after "--", or cobra reads it as flags.
		{[]string{"archive", "--", "-outcome:failure"}, len(all) - failures},
		{[]string{"archive", "failed", "--", "-outcome:failure"}, 0},
		{[]string{"archive", "since:2000-01-01 -outcome:failure"}, len(all) - failures},
		// One source answers source: by its name or its provider.
		{[]string{"archive", "source:archive outcome:failure"}, failures},
		{[]string{"archive", "source:file,x"}, len(all)},
	} {
		r := trail(t, append([]string{"export", "--config", path}, tc.args...)...)
		if r.code != 0 {
			t.Fatalf("%v: %+v", tc.args, r)
		}
		if got := len(records(t, r.stdout)); got != tc.want {
			t.Errorf("%v exported %d events; want %d", tc.args, got, tc.want)
		}
	}
	requireOneError(t, trail(t, "export", "--config", path, "archive", "ip:203.0.113/24"), "query: ip:203.0.113/24 ← not an address or CIDR")
	// A source: term that rules out the one source read is an error, not an
	// empty export that looks like an empty log.
	requireOneError(t, trail(t, "export", "--config", path, "archive", "source:other outcome:failure"), "the query's source: term names none of the sources read here (archive (file)): no event can match")
	requireOneError(t, trail(t, "export", "--config", path, "archive", "--", "-source:archive"), "the query's source: term names none of the sources read here (archive (file)): no event can match")
	bad := writeConfig(t, "[sources.archive]\nprovider = \"file\"\npath = \""+archive+"\"\n\n[queries]\nwide = \"ip:10.0/8\"\n")
	requireOneError(t, trail(t, "export", "--config", bad, "archive", "wide"), `:6: query "wide": ip:10.0/8 ← not an address or CIDR`)
}

// TestNegatedQueryNeedsDashes: a query term that starts with "-" is read
// as flags unless it comes after --, and the error says so.
func TestNegatedQueryNeedsDashes(t *testing.T) {
	noConfig(t)
	requireOneError(t, trail(t, "export", "--demo", "canary", "-actor:alice"), `a query term that starts with "-" goes after --, as in trail export -- '-actor:alice'`)
}

// TestSourceTermNamingNoSourceIsAnError: a misspelt source: term reads
// nothing; export says so and fails, rather than write an empty file as if
// the log were empty.
func TestSourceTermNamingNoSourceIsAnError(t *testing.T) {
	noConfig(t)
	r := trail(t, "export", "--demo", "canary", "domo", "--since", "1d", "--", "source:cnary")
	if r.code == 0 || !strings.Contains(r.stderr, "names none of the sources read here (canary, domo)") {
		t.Errorf("export with source:cnary: %+v", r)
	}
	if r := trail(t, "export", "--demo", "canary", "domo", "--since", "1d", "--", "source:domo"); r.code != 0 || r.stdout == "" {
		t.Errorf("export with source:domo: %+v", r)
	}
}

// TestLayoutNamesEveryPackage: README's layout (## Development) names every
// package folder, and ui/doc.go every package under ui, so a newcomer finds
// where a part lives from them (issue 17); both had fallen behind the tree.
func TestLayoutNamesEveryPackage(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	dev := string(readme)
	if i := strings.Index(dev, "## Development"); i >= 0 {
		dev = dev[i:]
	}
	if i := strings.Index(dev, "\n```\n"); i >= 0 {
		if j := strings.Index(dev[i+5:], "\n```"); j >= 0 {
			dev = dev[i+5 : i+5+j]
		}
	}
	doc, err := os.ReadFile("ui/doc.go")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() || path == "." {
			return err
		}
		if name := d.Name(); strings.HasPrefix(name, ".") || name == "testdata" || name == "screenshots" {
			return filepath.SkipDir
		}
		if gos, _ := filepath.Glob(filepath.Join(path, "*.go")); len(gos) == 0 {
			return nil
		}
		if !strings.Contains(dev, filepath.Base(path)+"/") {
			t.Errorf("README's layout does not name %s/", path)
		}
		if strings.HasPrefix(path, "ui/") && !strings.Contains(string(doc), path) {
			t.Errorf("ui/doc.go does not name %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
