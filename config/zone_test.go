package config

import (
	"strings"
	"testing"
)

// TestDecodeZoneKey: a key tagged zone:"true" (Domo's timezone) takes an
// IANA name or UTC, and anything else is an error at its line that says
// what to write.
func TestDecodeZoneKey(t *testing.T) {
	type zoneOptions struct {
		ClientID string `toml:"client_id" secret:"true"`
		Timezone string `toml:"timezone" zone:"true"`
	}
	for _, tc := range []struct {
		zone, want string // want "" = accepted
	}{
		{"America/Denver", ""},
		{"UTC", ""},
		{"Pacific/Kiritimati", ""},
		{"America/Denvr", `timezone in [sources.domo]: "America/Denvr" is not a known zone; use an IANA name such as "America/Denver" or "UTC"`},
		{"Local", `"Local" is this machine's zone, not the provider's`},
	} {
		text := "[sources.domo]\nprovider = \"domo\"\nclient_id = \"env:DOMO_CLIENT_ID\"\ntimezone = \"" + tc.zone + "\"\n"
		f, err := loadText(t, text)
		if err != nil {
			t.Fatal(err)
		}
		var opts zoneOptions
		err = f.Decode("domo", &opts)
		if tc.want == "" {
			if err != nil || opts.Timezone != tc.zone {
				t.Errorf("%s: %v, options %+v", tc.zone, err, opts)
			}
			continue
		}
		e := asConfigError(t, err)
		if e.Line != 4 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: line %d, %v; want line 4 and %q", tc.zone, e.Line, err, tc.want)
		}
	}
}
