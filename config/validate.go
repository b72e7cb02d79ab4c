package config

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// themes are the values [ui] theme accepts, in the order messages list them.
func themes() []string { return []string{"auto", "dark", "light", "none"} }

// commands are trail's subcommands, which `trail SOURCE` could not open if a
// source had their name.
func commands() []string {
	return []string{"check", "completion", "export", "help", "man", "sources", "version"}
}

// checkName makes sure the name of a source or view (what) can be typed as
// `trail NAME`: no spaces or shell metacharacters to quote, no leading "-"
// to be read as a flag, and not a subcommand's name.
func checkName(what, name string) error {
	if name == "" || strings.Trim(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") != "" {
		return fmt.Errorf(`%s name %q cannot be typed as trail %s; use only letters, digits, "-", "_" and "."`, what, name, strings.ToUpper(what))
	}
	if strings.HasPrefix(name, "-") {
		return fmt.Errorf(`%s name %q starts with "-" and would be read as an option; rename it`, what, name)
	}
	if slices.Contains(commands(), name) {
		return fmt.Errorf("%s name %q is also a command (trail %s); rename it", what, name, name)
	}
	return nil
}

// checkBaseURL makes sure a base_url cannot leak credentials: https, or
// plain http only to this machine, and no user:password or query string
// (which servers and proxies log). Its messages quote the URL only when it
// has a scheme ("://") and no "@", and never with its query, so a password
// or token in it, or a token pasted on the wrong line, is not echoed.
func checkBaseURL(raw string) error {
	shown := "base_url"
	if strings.Contains(raw, "://") && !strings.Contains(raw, "@") {
		shown = fmt.Sprintf("base_url %q", raw)
	}
	if raw == "" {
		return errors.New("base_url is empty; remove the line to use the provider's default host")
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("%s is not a valid URL; write it as https://HOST/PATH", shown)
	case u.User != nil:
		return errors.New("base_url must not hold a user name or password; remove it and put credentials in token")
	case !u.IsAbs() || u.Hostname() == "":
		return fmt.Errorf("%s is not an absolute URL; write it as https://HOST/PATH", shown)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#"):
		// The query may be ?auth_token=...: show the URL without it.
		bare := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
		return fmt.Errorf(`base_url %q has a query string or fragment; end it before "?" or "#" (and put credentials in token)`, bare.String())
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	case u.Scheme == "http":
		return fmt.Errorf("%s uses plain http to a remote host; use https:// (plain http is only allowed for localhost)", shown)
	default:
		return fmt.Errorf("%s must start with https://", shown)
	}
}

// isLoopback reports whether host names this machine: localhost, 127.0.0.0/8
// or ::1. It matches names exactly, so localhost.evil.com and
// 127.0.0.1.nip.io, which anyone can point anywhere, are not loopback.
func isLoopback(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// loadTimezone loads [ui] timezone: "UTC", "Local" or an IANA name.
func loadTimezone(name string) (*time.Location, error) {
	if name == "" {
		return nil, errors.New(`timezone is empty; use "UTC", "Local" or an IANA name such as "Europe/Berlin"`)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf(`timezone %q is not known; use "UTC", "Local" or an IANA name such as "Europe/Berlin"`, name)
	}
	return loc, nil
}

// checkSourceZone checks a source's time zone setting (Domo's timezone): an
// IANA name or "UTC". "Local", this machine's zone, says nothing about the
// provider's.
func checkSourceZone(name string) error {
	if name == "Local" {
		return errors.New(`"Local" is this machine's zone, not the provider's; use an IANA name such as "America/Denver" or "UTC"`)
	}
	if _, err := time.LoadLocation(name); err != nil {
		return fmt.Errorf(`%q is not a known zone; use an IANA name such as "America/Denver" or "UTC"`, name)
	}
	return nil
}

// checkTheme makes sure [ui] theme is one the UI has.
func checkTheme(theme string) error {
	if slices.Contains(themes(), theme) {
		return nil
	}
	return fmt.Errorf("theme %q is not one of %s%s", theme, strings.Join(themes(), ", "), didYouMean(theme, themes()))
}

// Bounds of [ui] max_loaded: below 16 MiB a few large pages would not fit,
// above 64 GiB is no bound at all.
const (
	minLoaded = 16 << 20
	maxLoaded = 64 << 30
)

// parseSize reads a byte size: a whole number with a unit, KiB, MiB or GiB
// (powers of 1024) or kB, MB or GB (powers of 1000), such as "256MiB".
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	units := map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "kB": 1e3, "MB": 1e6, "GB": 1e9}
	unit, ok := units[strings.TrimSpace(t[i:])]
	if i == 0 || !ok {
		return 0, fmt.Errorf("%q is not a size: write a number and a unit, such as \"256MiB\" or \"1GiB\"", s)
	}
	n, err := strconv.ParseInt(t[:i], 10, 64)
	if err == nil && n <= maxLoaded/unit {
		n *= unit
	} else {
		n = maxLoaded + 1
	}
	if n < minLoaded || n > maxLoaded {
		return 0, fmt.Errorf("%q is out of range: use 16MiB to 64GiB", s)
	}
	return n, nil
}
