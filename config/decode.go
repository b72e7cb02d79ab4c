package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Decode fills opts, a pointer to a provider's options struct, from the
// table of the source called name. Keys map to fields by their toml tag (or,
// untagged, by the exact field name); `provider` is always allowed.
//
// It checks, in file order, that every key in the table is one of opts'
// fields ("unknown key", with the keys that would be), that each value has
// the field's type, that each non-empty string field tagged
// `secret:"true"` is a valid secret reference (ValidateSecretRef), and that
// each one tagged `zone:"true"` is a zone the system knows (checkSourceZone). Errors are
// *Error with the key's line. Fields whose keys are absent keep the values
// opts had, so a provider may preset defaults. Keys of nested tables are
// decoded by toml without the unknown-key check.
//
// Decode reads no secret and may be called any number of times: once with
// the provider's zero options to check the file, again to open the source.
// A literal secret it sees is remembered for Warnings.
func (f *File) Decode(name string, opts any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	src, ok := f.sources[name]
	if !ok {
		return f.unknownSource(name)
	}
	rv := reflect.ValueOf(opts)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("config: Decode needs a pointer to a struct, not %T", opts)
	}
	fields := optionFields(rv.Elem().Type())
	for _, key := range src.keys {
		path := []string{"sources", name, key}
		fld, ok := fields[key]
		if !ok {
			if key == "provider" || key == "follow_interval" { // every source's, read by Load
				continue
			}
			return f.unknownKey(path, fields)
		}
		fv := rv.Elem().FieldByIndex(fld.index)
		if err := f.md.PrimitiveDecode(src.values[key], fv.Addr().Interface()); err != nil {
			return f.typeError(path, fld.typ, err)
		}
		if fld.zone && fv.Kind() == reflect.String && fv.String() != "" {
			if err := checkSourceZone(fv.String()); err != nil {
				return f.errAt(path, "%s: %v", describeKey(path), err)
			}
		}
		if !fld.secret || fv.Kind() != reflect.String || fv.String() == "" {
			continue
		}
		ref := fv.String()
		if err := ValidateSecretRef(ref); err != nil {
			return f.errAt(path, "%s: %v", describeKey(path), err)
		}
		switch secretKind(ref) {
		case "":
			if lit := describeKey(path); !slices.Contains(f.literals, lit) {
				f.literals = append(f.literals, lit)
			}
		case filePrefix:
			sf := secretFile{path: strings.TrimSpace(ref[len(filePrefix):]), key: describeKey(path)}
			if !slices.Contains(f.secretFiles, sf) {
				f.secretFiles = append(f.secretFiles, sf)
			}
		}
	}
	return nil
}

// Warnings returns what main should tell the user before opening anything,
// and so before any cmd: secret runs (Decode runs none): that the file is
// writable by others (who could change a cmd: secret or point a token at
// their own host), that it holds a literal secret that others can read, or
// that a file: secret is readable or writable by others. Literal and file
// secrets are found by Decode, so call Warnings after decoding the sources.
// A secret file that cannot be looked at is left for the source to report
// when it opens.
func (f *File) Warnings() []string {
	if runtime.GOOS == "windows" { // permission bits mean nothing there
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	if f.mode&0o022 != 0 {
		out = append(out, fmt.Sprintf("%s is writable by other users, who could change where your credentials go; chmod 600 it", f.display))
	}
	if len(f.literals) > 0 && f.mode&0o077 != 0 {
		out = append(out, fmt.Sprintf("%s holds a literal secret (%s) and is readable by other users; chmod 600 it or use env:/file:/cmd:",
			f.display, strings.Join(f.literals, ", ")))
	}
	for _, sf := range f.secretFiles {
		full, err := ExpandHome(sf.path)
		if err != nil {
			continue
		}
		info, err := os.Stat(full)
		if err != nil {
			continue
		}
		switch mode := info.Mode().Perm(); {
		case mode&0o044 != 0:
			out = append(out, fmt.Sprintf("secret file %s (%s) is readable by other users; chmod 600 it", sf.path, sf.key))
		case mode&0o022 != 0:
			out = append(out, fmt.Sprintf("secret file %s (%s) is writable by other users, who could swap the secret; chmod 600 it", sf.path, sf.key))
		}
	}
	return out
}

// unknownKey reports a key the provider does not take, with the keys it does.
func (f *File) unknownKey(path []string, fields map[string]optionField) *Error {
	names := make([]string, 0, len(fields))
	for n := range fields {
		if n != "provider" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	key, table := path[len(path)-1], tableName(path[:len(path)-1]...)
	if len(names) == 0 {
		return f.errAt(path, "unknown key %q in %s; this provider takes no keys but provider", key, table)
	}
	return f.errAt(path, "unknown key %q in %s%s; keys for this source: %s",
		key, table, didYouMean(key, names), strings.Join(names, ", "))
}

// typeError turns toml's decoding error into one that says what the key
// should be. It never quotes the value: the key may be a secret.
func (f *File) typeError(path []string, want reflect.Type, err error) *Error {
	if pe, ok := errors.AsType[toml.ParseError](err); ok { // out of range, bad duration
		return f.errAt(path, "%s: %s", describeKey(path), pe.Message)
	}
	got, wantName := tomlTypeName(f.md.Type(path...)), goTypeName(want)
	if got != wantName {
		return f.errAt(path, "%s must be %s, not %s", describeKey(path), wantName, got)
	}
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, "): "); ok && strings.HasPrefix(msg, "toml: ") {
		msg = after // drop toml's own "toml: line N (last key ...)" prefix
	}
	return f.errAt(path, "%s: %s", describeKey(path), msg)
}

// optionField is where a key goes in an options struct.
type optionField struct {
	index  []int
	typ    reflect.Type
	secret bool
	zone   bool // tagged `zone:"true"`: an IANA zone name (checkSourceZone)
}

// optionFields maps the keys an options struct takes to its fields,
// following embedded structs as toml does.
func optionFields(t reflect.Type) map[string]optionField {
	out := map[string]optionField{}
	addOptionFields(out, t, nil)
	return out
}

// addOptionFields adds t's fields, found at index within the outer struct.
// A struct's own fields go in before its embedded structs', so the shallower
// field wins a name, as in Go.
func addOptionFields(out map[string]optionField, t reflect.Type, index []int) {
	var embedded []int
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
		switch {
		case name == "-":
			continue
		case sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct:
			embedded = append(embedded, i)
			continue
		case !sf.IsExported():
			continue
		case name == "":
			name = sf.Name
		}
		if _, dup := out[name]; !dup {
			idx := append(slices.Clone(index), i)
			out[name] = optionField{index: idx, typ: sf.Type, secret: sf.Tag.Get("secret") == "true", zone: sf.Tag.Get("zone") == "true"}
		}
	}
	for _, i := range embedded {
		addOptionFields(out, t.Field(i).Type, append(slices.Clone(index), i))
	}
}
