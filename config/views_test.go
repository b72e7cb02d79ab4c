package config

import (
	"slices"
	"strings"
	"testing"
)

func TestLoadViews(t *testing.T) {
	f := mustLoadFixture(t, "views.toml")
	if want := []string{"all", "logins"}; !slices.Equal(f.ViewNames(), want) {
		t.Errorf("ViewNames() = %v, want %v (file order)", f.ViewNames(), want)
	}
	for name, want := range map[string][]string{"all": {"canary", "intercom", "archive"}, "logins": {"intercom", "canary"}} {
		if got, ok := f.View(name); !ok || !slices.Equal(got, want) || !slices.Equal(f.Views[name], want) {
			t.Errorf("View(%q) = %v, %v; want %v", name, got, ok, want)
		}
	}
	if _, ok := f.View("canary"); ok {
		t.Error("a source is reported as a view")
	}
	if def, err := f.DefaultSource(); def != "all" || err != nil {
		t.Errorf("DefaultSource() = %q, %v; want the view all", def, err)
	}
	// Views that a file without [views] has: none.
	g := mustLoadFixture(t, "two_sources.toml")
	if len(g.ViewNames()) != 0 || len(g.Views) != 0 {
		t.Errorf("two_sources.toml has views %v", g.Views)
	}
}

func TestLoadViewErrors(t *testing.T) {
	tests := []struct {
		file string
		line int
		want []string
	}{
		{"views_unknown_source.toml", 8, []string{`view "all" names no source "intercm"`, `did you mean "intercom"?`, "sources: canary, intercom"}},
		{"views_one.toml", 8, []string{`view "solo" lists only "canary"; a view merges two or more sources, like solo = ["canary", "intercom"]`}},
		{"views_not_list.toml", 8, []string{`view "all" must be a list of source names`, "not a string"}},
		{"views_not_strings.toml", 8, []string{`view "all" must be a list of source names as strings`}},
		{"views_shadow.toml", 9, []string{`view "canary" has the name of the source on line 1`, "rename the view"}},
		{"views_twice.toml", 8, []string{`view "all" names the source "canary" twice`}},
		{"views_nested.toml", 9, []string{`view "more" names the view "both"`, "not other views"}},
		{"views_bad_name.toml", 8, []string{`view name "my view" cannot be typed as trail VIEW`}},
		{"views_command.toml", 8, []string{`view name "export" is also a command`}},
		{"views_not_table.toml", 1, []string{"views must be a table, not an array"}},
		{"views_default_missing.toml", 1, []string{`default = "boht" names no source or view`, `did you mean "both"?`, "views: both"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			requireLoadError(t, tt.file, tt.line, tt.want, nil)
		})
	}
}

func TestSelectMany(t *testing.T) {
	views := mustLoadFixture(t, "views.toml")
	two := mustLoadFixture(t, "two_sources.toml")
	tests := []struct {
		f       *File
		args    []string
		want    Selection
		wantErr string
	}{
		{views, nil, Selection{Name: "all", Sources: []string{"canary", "intercom", "archive"}, View: true}, ""},
		{views, []string{"logins"}, Selection{Name: "logins", Sources: []string{"intercom", "canary"}, View: true}, ""},
		{views, []string{"canary"}, Selection{Name: "canary", Sources: []string{"canary"}}, ""},
		{views, []string{"archive", "canary"}, Selection{Name: "archive+canary", Sources: []string{"archive", "canary"}}, ""},
		{views, []string{"archive", "logins"}, Selection{Name: "archive+logins", Sources: []string{"archive", "intercom", "canary"}}, ""},
		{views, []string{"canary", "canary"}, Selection{Name: "canary", Sources: []string{"canary"}}, ""},
		{views, []string{"canary", "logins"}, Selection{Name: "canary+logins", Sources: []string{"canary", "intercom"}}, ""},
		{views, []string{"canary", "lgins"}, Selection{}, `no source or view named "lgins" (did you mean "logins"?); sources: canary, intercom, archive; views: all, logins`},
		{two, []string{"canary", "domo"}, Selection{Name: "canary+domo", Sources: []string{"canary", "domo"}}, ""},
		{two, []string{"cnary"}, Selection{}, `no source named "cnary" (did you mean "canary"?); sources: canary, domo`},
		{two, nil, Selection{}, "several sources and no default"},
	}
	for _, tt := range tests {
		got, err := tt.f.SelectMany(tt.args)
		if got.Name != tt.want.Name || !slices.Equal(got.Sources, tt.want.Sources) || got.View != tt.want.View {
			t.Errorf("SelectMany(%q) = %+v, want %+v", tt.args, got, tt.want)
		}
		if got.Merged() != (len(tt.want.Sources) > 1) {
			t.Errorf("SelectMany(%q).Merged() = %v", tt.args, got.Merged())
		}
		if (err != nil) != (tt.wantErr != "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("SelectMany(%q) error = %v, want %q", tt.args, err, tt.wantErr)
		}
	}
}

func TestSelectRefusesViews(t *testing.T) {
	f := mustLoadFixture(t, "views.toml")
	for _, arg := range []string{"", "logins"} {
		if got, err := f.Select(arg); err == nil || !strings.Contains(err.Error(), "is a view of several sources") {
			t.Errorf("Select(%q) = %q, %v; want an error saying it is a view", arg, got, err)
		}
	}
	if got, err := f.Select("intercom"); got != "intercom" || err != nil {
		t.Errorf("Select(intercom) = %q, %v", got, err)
	}
}

// trail check visits every source with no names (not the default view),
// and with names those they select.
func TestSourcesFor(t *testing.T) {
	f := mustLoadFixture(t, "views.toml")
	if got, err := f.SourcesFor(nil); err != nil || !slices.Equal(got, f.Names()) {
		t.Errorf("no names: %v, %v", got, err)
	}
	if got, err := f.SourcesFor([]string{"logins"}); err != nil || !slices.Equal(got, []string{"intercom", "canary"}) {
		t.Errorf("logins: %v, %v", got, err)
	}
	if _, err := f.SourcesFor([]string{"nosuch"}); err == nil {
		t.Error("an unknown name was accepted")
	}
}
