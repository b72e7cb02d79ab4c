package config

import (
	"strings"
	"testing"
	"time"
)

// follow_interval is every source's key: Load reads it, the provider's
// Decode does not see it, and a source without one gets 0 (the default).
func TestFollowInterval(t *testing.T) {
	f, err := loadFixture(t, "follow.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got := f.FollowInterval("canary"); got != time.Minute {
		t.Errorf("canary's follow_interval = %v, want 1m", got)
	}
	if got := f.FollowInterval("intercom"); got != 0 {
		t.Errorf("intercom's follow_interval = %v, want 0 (the default)", got)
	}
	var opts struct {
		Token string `toml:"token" secret:"true"`
	}
	if err := f.Decode("canary", &opts); err != nil {
		t.Errorf("Decode refused follow_interval: %v", err)
	}
}

func TestFollowIntervalTooShort(t *testing.T) {
	_, err := loadFixture(t, "follow_bad.toml")
	e := asConfigError(t, err)
	if e.Line != 3 || !strings.Contains(err.Error(), `follow_interval = "1s" is not a duration between 5s and 24h`) {
		t.Errorf("error at line %d: %v", e.Line, err)
	}
}
