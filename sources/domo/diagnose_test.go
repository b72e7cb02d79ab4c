package domo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/domo/domoemu"
)

// TestDiagnoseZone: trail check tells from the newest entry of the first
// page that times read in the set zone land in the future, by how much, and
// which timezone line fits; with the right zone, or times that carry their
// zone, it says only how they are read, or nothing.
func TestDiagnoseZone(t *testing.T) {
	var entries []domoemu.Entry
	for i := range 30 {
		entries = append(entries, domoemu.Entry{Time: testNow.Add(-5*time.Minute - time.Duration(i)*time.Hour), UserName: "Ada Lovelace",
			UserID: "1837401552", ActionType: "VIEWED", AdditionalComment: "view " + string(rune('a'+i%26))})
	}
	for _, tc := range []struct {
		written, read string
		form          domoemu.TimeForm
		says, not     []string
	}{
		{"Pacific/Kiritimati", "", domoemu.TimeDocs, []string{"the newest entry reads 20h55m0s in the future in America/Denver", `set timezone = "Pacific/Kiritimati" in [sources.test]`, "UTC+14:00"}, nil},
		{"UTC", "", domoemu.TimeDocs, []string{"reads 6h55m0s in the future", `set timezone = "UTC"`, "UTC+00:00"}, nil},
		{"Asia/Tokyo", "UTC", domoemu.TimeDocs, []string{`set timezone = "Asia/Tokyo"`, "UTC+09:00"}, nil},
		{"America/Denver", "", domoemu.TimeDocs, []string{"Domo's times carry no zone; they are read in America/Denver (timezone)"}, []string{"future"}},
		{"America/Los_Angeles", "", domoemu.TimeDocs, []string{"read in America/Denver"}, []string{"future", "set timezone"}}, // west: cannot tell
		{"Pacific/Kiritimati", "", domoemu.TimeEpochMillis, nil, []string{"future", "timezone"}},
		{"Pacific/Kiritimati", "", domoemu.TimeRFC3339, nil, []string{"future", "timezone"}},
	} {
		t.Run(tc.written+" read in "+tc.read, func(t *testing.T) {
			cfg := Config{PageSize: 10}
			if tc.read != "" {
				cfg.Location = mustZone(t, tc.read)
			} else {
				cfg.Location = defaultZone
			}
			_, src := startEmulator(t, domoemu.Options{Entries: entries, Zone: mustZone(t, tc.written), TimeForm: tc.form}, cfg)
			page, err := src.Fetch(context.Background(), model.Query{}, "")
			if err != nil {
				t.Fatal(err)
			}
			var d sources.Diagnoser = src
			hints := strings.Join(d.Diagnose(context.Background(), page), "\n")
			for _, s := range tc.says {
				if !strings.Contains(hints, s) {
					t.Errorf("hints %q lack %q", hints, s)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(hints, s) {
					t.Errorf("hints %q say %q", hints, s)
				}
			}
		})
	}
}
