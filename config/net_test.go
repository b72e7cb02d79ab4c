package config

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNetTable(t *testing.T) {
	f, err := Load(filepath.Join("testdata", "net.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Net.Timeout != 45*time.Second || f.Net.ConnectTimeout != 5*time.Second || f.Net.MaxWait != 30*time.Minute {
		t.Errorf("net = %+v", f.Net)
	}
	_, err = Load(filepath.Join("testdata", "net_bad.toml"))
	var ce *Error
	if !errors.As(err, &ce) || ce.Line != 2 || !strings.Contains(err.Error(), `timeout = "soon" is not a duration`) {
		t.Errorf("bad timeout: %v", err)
	}
	_, err = Load(filepath.Join("testdata", "net_bad_wait.toml"))
	if !errors.As(err, &ce) || ce.Line != 2 || !strings.Contains(err.Error(), `max_wait = "48h" is not a duration between 1s and 24h`) {
		t.Errorf("bad max_wait: %v", err)
	}
}

func TestKeysTable(t *testing.T) {
	f, err := Load(filepath.Join("testdata", "keys.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !f.UI.Mouse || len(f.Keys["down"]) != 2 || f.Keys["quit"][0] != "Q" {
		t.Errorf("keys %v, mouse %v", f.Keys, f.UI.Mouse)
	}
	var ce *Error
	if !errors.As(f.KeyError("quit", "no such action %q", "quit"), &ce) || ce.Line != 6 {
		t.Errorf("KeyError line: %+v", ce)
	}
	_, err = Load(filepath.Join("testdata", "keys_bad.toml"))
	if !errors.As(err, &ce) || ce.Line != 2 || !strings.Contains(err.Error(), "must be a key or a list of keys") {
		t.Errorf("bad keys: %v", err)
	}
}
