package config

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// LoadFrom loads the file given with --config, or the one at DefaultPath
// when none was given, and returns the path it read.
func LoadFrom(flag string) (*File, string, error) {
	path := flag
	if path == "" {
		p, err := DefaultPath()
		if err != nil {
			return nil, "", err
		}
		path = p
	}
	f, err := Load(path)
	return f, path, err
}

// Load reads and checks the config file at path. Everything that needs no
// provider is checked here: unknown top-level and [ui] keys, types, source
// names, provider, base_url, default, timezone and theme. Each source's other
// keys are checked by Decode.
//
// Every error is an *Error naming the file and line. A missing file wraps
// fs.ErrNotExist, so main can offer the demo instead.
func Load(path string) (*File, error) {
	display := displayPath(path)
	data, mode, err := readConfig(path)
	if err != nil {
		return nil, readError(display, err)
	}
	if err := checkWritable(path, display, mode); err != nil {
		return nil, err
	}
	var top map[string]toml.Primitive
	md, err := toml.Decode(string(data), &top)
	if err != nil {
		return nil, syntaxError(display, string(data), err)
	}
	f := &File{
		Path:    path,
		UI:      UI{Timezone: "Local", Theme: "auto", Location: time.Local},
		Keys:    map[string][]string{},
		Views:   map[string][]string{},
		Queries: map[string]string{},
		display: display,
		mode:    mode,
		lines:   indexLines(string(data)),
		sources: map[string]*source{},
		md:      md,
	}
	if err := f.load(top); err != nil {
		return nil, err
	}
	return f, nil
}

// readConfig reads the file and its permission bits from one open, so the
// bits describe the file that was read.
func readConfig(path string) ([]byte, os.FileMode, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, 0, err
	}
	data, err := io.ReadAll(fh)
	return data, info.Mode().Perm(), err
}

// checkWritable refuses a config file that every user may write, or one in
// a directory every user may write (without the sticky bit, which stops
// them replacing a file they do not own), as ssh refuses such a config:
// anyone could point a token at their own host or change a cmd: secret.
// A file writable by its group is only warned about (Warnings).
func checkWritable(path, display string, mode os.FileMode) error {
	if runtime.GOOS == "windows" { // permission bits mean nothing there
		return nil
	}
	if mode&0o002 != 0 {
		return &Error{Path: display, Msg: fmt.Sprintf("trail will not read a config file every user may write (mode %04o): anyone could change where your credentials go; chmod 600 %s", mode.Perm(), display)}
	}
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	if err != nil {
		return nil // the file was read, so the directory exists; nothing to add
	}
	if info.Mode().Perm()&0o002 != 0 && info.Mode()&os.ModeSticky == 0 {
		shown := displayPath(dir)
		return &Error{Path: display, Msg: fmt.Sprintf("trail will not read a config file in a directory every user may write (%s, mode %04o): anyone could replace the file; chmod o-w %s", shown, info.Mode().Perm(), shown)}
	}
	return nil
}

// load checks the top level, in the order a reader would fix things: stray
// keys first, then each table (views after the sources they name), then
// whether default names a source or view.
func (f *File) load(top map[string]toml.Primitive) error {
	allowed := []string{"default", "ui", "net", "keys", "sources", "views", "queries"}
	for _, k := range f.keysOf(top) {
		if !slices.Contains(allowed, k) {
			return f.errAt([]string{k}, "unknown top-level key %q%s; the top level holds only default, [ui], [net], [keys], [sources.NAME], [views] and [queries] tables",
				k, didYouMean(k, allowed))
		}
	}
	if p, ok := top["default"]; ok {
		s, err := f.str(p, "default")
		if err != nil {
			return err
		}
		if s == "" {
			return f.errAt([]string{"default"}, `default is empty; set it to a source's name or remove the line`)
		}
		f.Default = s
	}
	// Each table in turn: views after the sources they name, queries after
	// both, whose names theirs must not take.
	for _, t := range []struct {
		name string
		load func(*File, toml.Primitive) error
	}{
		{"ui", (*File).loadUI}, {"keys", (*File).loadKeys}, {"net", (*File).loadNet},
		{"sources", (*File).loadSources}, {"views", (*File).loadViews}, {"queries", (*File).loadQueries},
	} {
		if p, ok := top[t.name]; ok {
			if err := t.load(f, p); err != nil {
				return err
			}
		}
	}
	if f.Default != "" && f.sources[f.Default] == nil && f.Views[f.Default] == nil {
		if len(f.names) == 0 {
			return f.errAt([]string{"default"}, "default = %q names no source: the file has no [sources.NAME] tables", f.Default)
		}
		if len(f.viewNames) > 0 {
			return f.errAt([]string{"default"}, "default = %q names no source or view%s; sources: %s; views: %s",
				f.Default, didYouMean(f.Default, append(f.Names(), f.viewNames...)), strings.Join(f.names, ", "), strings.Join(f.viewNames, ", "))
		}
		return f.errAt([]string{"default"}, "default = %q names no source%s; sources: %s",
			f.Default, didYouMean(f.Default, f.names), strings.Join(f.names, ", "))
	}
	return nil
}

// loadUI checks [ui] and fills f.UI.
func (f *File) loadUI(p toml.Primitive) error {
	allowed := []string{"columns", "max_loaded", "mouse", "theme", "timezone"}
	return f.eachKey(p, "ui", func(k string, path []string, val toml.Primitive) error {
		if !slices.Contains(allowed, k) {
			return f.errAt(path, "unknown key %q in [ui]%s; keys for [ui]: %s", k, didYouMean(k, allowed), strings.Join(allowed, ", "))
		}
		if k == "columns" {
			cols, err := f.columns(val, path)
			if err != nil {
				return err
			}
			f.UI.Columns = cols
			return nil
		}
		if k == "mouse" {
			if t := f.md.Type(path...); t != "Bool" {
				return f.errAt(path, "mouse must be true or false, not %s", tomlTypeName(t))
			}
			if err := f.md.PrimitiveDecode(val, &f.UI.Mouse); err != nil {
				return f.errAt(path, "mouse must be true or false")
			}
			return nil
		}
		v, err := f.str(val, path...)
		if err != nil {
			return err
		}
		switch k {
		case "max_loaded":
			n, err := parseSize(v)
			if err != nil {
				return f.errAt(path, "max_loaded %v", err)
			}
			f.UI.MaxLoaded = n
		case "timezone":
			loc, err := loadTimezone(v)
			if err != nil {
				return f.errAt(path, "%v", err)
			}
			f.UI.Timezone, f.UI.Location = v, loc
		case "theme":
			if err := checkTheme(v); err != nil {
				return f.errAt(path, "%v", err)
			}
			f.UI.Theme = v
		}
		return nil
	})
}

// loadKeys reads [keys]: an action name = a key or a list of keys. Which
// names are actions is the UI's to say; main checks them with KeyLine.
func (f *File) loadKeys(p toml.Primitive) error {
	return f.eachKey(p, "keys", func(k string, path []string, val toml.Primitive) error {
		var keys []string
		switch t := f.md.Type(path...); t {
		case "String":
			var one string
			if err := f.md.PrimitiveDecode(val, &one); err != nil {
				return f.errAt(path, "%s must be a key or a list of keys", k)
			}
			keys = []string{one}
		case "Array":
			if err := f.md.PrimitiveDecode(val, &keys); err != nil {
				return f.errAt(path, `%s must be a list of keys as strings, like ["j", "down"]`, k)
			}
		default:
			return f.errAt(path, `%s must be a key or a list of keys, like "j" or ["j", "down"], not %s`, k, tomlTypeName(t))
		}
		for _, key := range keys {
			if strings.TrimSpace(key) == "" || key != strings.TrimSpace(key) {
				return f.errAt(path, "%s has an empty key or one with spaces around it: %q", k, key)
			}
		}
		if len(keys) == 0 {
			return f.errAt(path, "%s has no keys", k)
		}
		f.Keys[k] = keys
		return nil
	})
}

// KeyError is an error about the [keys] entry name, at its line.
func (f *File) KeyError(name, format string, args ...any) error {
	return f.errAt([]string{"keys", name}, format, args...)
}

// loadNet checks [net]: how long to wait on the network, and for a server
// that asks trail to wait.
func (f *File) loadNet(p toml.Primitive) error {
	allowed := []string{"connect_timeout", "max_wait", "timeout"}
	return f.eachKey(p, "net", func(k string, path []string, val toml.Primitive) error {
		if !slices.Contains(allowed, k) {
			return f.errAt(path, "unknown key %q in [net]%s; keys for [net]: %s", k, didYouMean(k, allowed), strings.Join(allowed, ", "))
		}
		v, err := f.str(val, path...)
		if err != nil {
			return err
		}
		if k == "max_wait" {
			d, err := time.ParseDuration(v)
			if err != nil || d < time.Second || d > 24*time.Hour {
				return f.errAt(path, "max_wait = %q is not a duration between 1s and 24h; write it like \"15m\" or \"1h\"", v)
			}
			f.Net.MaxWait = d
			return nil
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > time.Hour {
			return f.errAt(path, "%s = %q is not a duration between 1ms and 1h; write it like \"30s\" or \"2m\"", k, v)
		}
		switch k {
		case "timeout":
			f.Net.Timeout = d
		case "connect_timeout":
			f.Net.ConnectTimeout = d
		}
		return nil
	})
}

// loadSources checks each [sources.NAME] table and records it in file order.
func (f *File) loadSources(p toml.Primitive) error {
	return f.eachKey(p, "sources", func(name string, _ []string, val toml.Primitive) error {
		return f.loadSource(name, val)
	})
}

// loadSource checks what every source has, whatever its provider: a usable
// name, a provider, and a safe base_url if it sets one.
func (f *File) loadSource(name string, p toml.Primitive) error {
	path := []string{"sources", name}
	if err := checkName("source", name); err != nil {
		return f.errAt(path, "%v", err)
	}
	tbl, err := f.table(p, path...)
	if err != nil {
		return err
	}
	src := &source{
		entry:  SourceEntry{Name: name, Line: f.lines.line(path...)},
		keys:   f.keysOf(tbl, path...),
		values: tbl,
	}
	prov, ok := tbl["provider"]
	if !ok {
		return f.errAt(path, `%s has no provider; add a line such as provider = "canary"`, tableName(path...))
	}
	if src.entry.Provider, err = f.str(prov, "sources", name, "provider"); err != nil {
		return err
	}
	if src.entry.Provider == "" {
		return f.errAt(append(path, "provider"), `%s has an empty provider; set it, as in provider = "canary"`, tableName(path...))
	}
	if bu, ok := tbl["base_url"]; ok {
		if src.entry.BaseURL, err = f.str(bu, "sources", name, "base_url"); err != nil {
			return err
		}
		if err := checkBaseURL(src.entry.BaseURL); err != nil {
			return f.errAt(append(path, "base_url"), "%s %v", tableName(path...), err)
		}
	}
	if fi, ok := tbl["follow_interval"]; ok {
		fpath := append(slices.Clone(path), "follow_interval")
		v, err := f.str(fi, fpath...)
		if err != nil {
			return err
		}
		d, err := time.ParseDuration(v)
		if err != nil || d < MinFollowInterval || d > 24*time.Hour {
			return f.errAt(fpath, "follow_interval = %q is not a duration between %v and 24h; write it like \"30s\" or \"5m\"", v, MinFollowInterval)
		}
		src.entry.FollowInterval = d
	}
	if p, ok := tbl["path"]; ok { // what `trail sources` shows for a file
		if src.entry.Path, err = f.str(p, "sources", name, "path"); err != nil {
			return err
		}
	}
	f.names = append(f.names, name)
	f.sources[name] = src
	return nil
}

// str decodes the string at path, or says the value there has another type.
func (f *File) str(p toml.Primitive, path ...string) (string, error) {
	if t := f.md.Type(path...); t != "String" {
		return "", f.errAt(path, `%s must be a string, not %s; write %s = "..."`, describeKey(path), tomlTypeName(t), quoteKey(path[len(path)-1]))
	}
	var s string
	if err := f.md.PrimitiveDecode(p, &s); err != nil {
		return "", f.errAt(path, "%s must be a string", describeKey(path))
	}
	return s, nil
}

// table decodes the table at path into its undecoded values. It checks the
// type first because toml quietly decodes a non-table into an empty map.
func (f *File) table(p toml.Primitive, path ...string) (map[string]toml.Primitive, error) {
	if t := f.md.Type(path...); t != "Hash" && t != "" {
		return nil, f.errAt(path, "%s must be a table, not %s; write it as a %s header with its keys below",
			describeKey(path), tomlTypeName(t), tableName(path...))
	}
	var tbl map[string]toml.Primitive
	if err := f.md.PrimitiveDecode(p, &tbl); err != nil {
		return nil, f.errAt(path, "%s must be a table", describeKey(path))
	}
	return tbl, nil
}

// eachKey checks that section is a table and calls load with each of its
// keys in the order the file first mentions them, with the key's path and
// value, up to the first error.
func (f *File) eachKey(p toml.Primitive, section string, load func(k string, path []string, val toml.Primitive) error) error {
	tbl, err := f.table(p, section)
	if err != nil {
		return err
	}
	for _, k := range f.keysOf(tbl, section) {
		if err := load(k, []string{section, k}, tbl[k]); err != nil {
			return err
		}
	}
	return nil
}

// keysOf returns tbl's keys, which are the children of prefix, in the order
// the file first mentions them (a map has none, and messages and `trail
// sources` should follow the file).
func (f *File) keysOf(tbl map[string]toml.Primitive, prefix ...string) []string {
	keys := make([]string, 0, len(tbl))
	for _, k := range f.md.Keys() {
		if len(k) <= len(prefix) || !slices.Equal(k[:len(prefix)], prefix) {
			continue
		}
		if name := k[len(prefix)]; !slices.Contains(keys, name) {
			if _, ok := tbl[name]; ok {
				keys = append(keys, name)
			}
		}
	}
	if len(keys) < len(tbl) { // not expected: Keys lists every key
		rest := make([]string, 0, len(tbl)-len(keys))
		for k := range tbl {
			if !slices.Contains(keys, k) {
				rest = append(rest, k)
			}
		}
		slices.Sort(rest)
		keys = append(keys, rest...)
	}
	return keys
}
