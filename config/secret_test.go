package config

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestValidateSecretRef(t *testing.T) {
	tests := []struct {
		ref  string
		want string // "" = valid, else a substring of the error
	}{
		{"env:CANARY_AUTH_TOKEN", ""},
		{"env:_x1", ""},
		{"env:", "needs a variable name"},
		{"env:1BAD", "not starting with a digit"},
		{"env:BAD-NAME", "letters, digits and _"},
		{"env: SPACE", "letters, digits and _"},
		{"file:~/.config/trail/token", ""},
		{"file:", "needs a path"},
		{"file:   ", "needs a path"},
		{"cmd:pass show domo/secret", ""},
		{"cmd:", "needs a command"},
		{"cmd:   ", "needs a command"},
		{`cmd:pass show "domo`, "double quote"},
		{"hunter2", ""},
		{"ENV:not-a-reference", ""},
		{"", "empty"},
	}
	for _, tt := range tests {
		err := ValidateSecretRef(tt.ref)
		if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ValidateSecretRef(%q) = %v, want %q", tt.ref, err, tt.want)
		}
		if rest := strings.TrimSpace(tt.ref[len(secretKind(tt.ref)):]); err != nil && rest != "" && strings.Contains(err.Error(), rest) {
			t.Errorf("ValidateSecretRef(%q) = %v, repeats the reference", tt.ref, err)
		}
	}
}

// The secret tests set HOME and environment variables, so they do not run in
// parallel.
func TestResolveSecret(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("TRAIL_TEST_SET", "s3cret-env")
	t.Setenv("TRAIL_TEST_EMPTY", "")
	write(t, filepath.Join(home, "token"), "  s3cret-file\n")
	write(t, filepath.Join(home, "empty"), " \n")
	write(t, filepath.Join(home, "big"), strings.Repeat("x", maxSecretSize+1))
	tests := []struct {
		name, ref string
		want      string // the secret, if err is ""
		err       string // a substring of the error
		hide      string // must not appear in the error
		is        error  // errors.Is target, if any
	}{
		{name: "env set", ref: "env:TRAIL_TEST_SET", want: "s3cret-env"},
		{name: "env unset", ref: "env:TRAIL_TEST_UNSET", err: "environment variable TRAIL_TEST_UNSET is not set"},
		{name: "env empty", ref: "env:TRAIL_TEST_EMPTY", err: "environment variable TRAIL_TEST_EMPTY is empty"},
		{name: "file with ~", ref: "file:~/token", want: "s3cret-file"},
		{name: "file absolute", ref: "file:" + filepath.Join(home, "token"), want: "s3cret-file"},
		{name: "file empty", ref: "file:~/empty", err: "secret file ~/empty is empty"},
		{name: "file missing", ref: "file:~/missing", err: "secret file ~/missing:", is: fs.ErrNotExist},
		{name: "file too big", ref: "file:~/big", err: "larger than 64 KiB", hide: "xxxx"},
		{name: "file ~user", ref: "file:~root/token", err: "only ~/ is supported"},
		{name: "cmd", ref: "cmd:printf s3cret-cmd", want: "s3cret-cmd"},
		{name: "cmd trailing newlines", ref: `cmd:printf 's3cret\n\n'`, want: "s3cret"},
		{name: "cmd quoted argument", ref: `cmd:printf '%s-%s' "two words" 'and \more'`, want: `two words-and \more`},
		{name: "cmd no shell", ref: `cmd:printf %s $HOME;*`, want: `$HOME;*`},
		{
			name: "cmd fails", ref: `cmd:sh -c 'echo s3cret-out; printf "bad \033[31mthing\n2nd line" >&2; exit 3'`,
			err: `secret command "sh" failed (exit status 3): bad \x1b[31mthing`, hide: "s3cret-out",
		},
		{
			name: "cmd stderr with bidi and C1", ref: `cmd:sh -c 'printf "evil \342\200\256txt.exe \302\233 \342\200\213." >&2; exit 1'`,
			err: `failed (exit status 1): evil \u202etxt.exe \u009b \u200b.`,
		},
		{
			name: "cmd stderr echoing the secret", ref: `cmd:sh -c 'echo tok-ABCDEFGH-1234; echo "error: TOK-ABCDEFGH is expired" >&2; exit 2'`,
			err: `its error output is not shown`, hide: "ABCDEFGH",
		},
		{
			name: "cmd stderr echoing the secret lower-cased", ref: `cmd:sh -c 'echo QWERTYUIOP99; echo "no: qwertyuiop99" >&2; exit 2'`,
			err: `its error output is not shown`, hide: "qwertyuiop",
		},
		{name: "cmd prints nothing", ref: "cmd:true", err: `secret command "true" printed nothing`},
		{name: "cmd not found", ref: "cmd:trail-no-such-command x", err: `"trail-no-such-command" not found`},
		{name: "literal", ref: "s3cret-literal", want: "s3cret-literal"},
		{name: "empty", ref: "", err: "secret is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResolveSecret(context.Background(), tt.ref)
			if tt.err == "" {
				if err != nil || got != tt.want {
					t.Fatalf("ResolveSecret(%q) = %q, %v; want %q", tt.ref, got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("ResolveSecret(%q) = %q, %v; want an error with %q", tt.ref, got, err, tt.err)
			}
			if got != "" {
				t.Errorf("ResolveSecret(%q) returned %q with its error", tt.ref, got)
			}
			if strings.Contains(err.Error(), "s3cret") || tt.hide != "" && strings.Contains(err.Error(), tt.hide) {
				t.Errorf("error %q reveals a secret", err)
			}
			if strings.ContainsFunc(err.Error(), func(r rune) bool { return r < 0x20 || r >= 0x80 && r <= 0x9f || r == 0x202e || r == 0x200b }) {
				t.Errorf("error %q holds a control character", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
		})
	}
}

func TestResolveSecretCommandTimeout(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := ResolveSecret(ctx, "cmd:sleep 30")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("ResolveSecret(hanging command) = %v, want context.DeadlineExceeded", err)
	}
	if !strings.Contains(err.Error(), `secret command "sleep" did not finish`) {
		t.Errorf("error %q does not name the command", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("ResolveSecret returned after %v; want soon after the context ended", d)
	}
}

func TestExpandHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	tests := []struct {
		path, want string
		err        bool
	}{
		{"~", home, false},
		{"~/audit/x.jsonl", filepath.Join(home, "audit", "x.jsonl"), false},
		{"/var/log/x", "/var/log/x", false},
		{"rel/~/x", "rel/~/x", false},
		{"~bob/x", "", true},
	}
	for _, tt := range tests {
		got, err := ExpandHome(tt.path)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ExpandHome(%q) = %q, %v; want %q (error %v)", tt.path, got, err, tt.want, tt.err)
		}
	}
}

func TestSplitCommand(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  bool
	}{
		{"pass show domo/secret", []string{"pass", "show", "domo/secret"}, false},
		{"  a\t b  ", []string{"a", "b"}, false},
		{`a 'b c' "d e"`, []string{"a", "b c", "d e"}, false},
		{`a '' ""`, []string{"a", "", ""}, false},
		{`a 'x'"y"z`, []string{"a", "xyz"}, false},
		{`a "q\"uote\\ \$x \n"`, []string{"a", `q"uote\ $x \n`}, false},
		{`a\ b c\'d`, []string{"a b", "c'd"}, false},
		{`echo $HOME $(id) ; rm`, []string{"echo", "$HOME", "$(id)", ";", "rm"}, false},
		{"", nil, false},
		{`a 'b`, nil, true},
		{`a "b`, nil, true},
		{`a b\`, nil, true},
	}
	for _, tt := range tests {
		got, err := splitCommand(tt.in)
		if (err != nil) != tt.err || !equalStrings(got, tt.want) {
			t.Errorf("splitCommand(%q) = %q, %v; want %q (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// equalStrings compares slices, nil and empty alike.
func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// write creates a file for a test.
func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
