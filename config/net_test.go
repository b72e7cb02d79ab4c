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
	if f.Net.Timeout != 45*time.Second || f.Net.ConnectTimeout != 5*time.Second {
		t.Errorf("net = %+v", f.Net)
	}
	_, err = Load(filepath.Join("testdata", "net_bad.toml"))
	var ce *Error
	if !errors.As(err, &ce) || ce.Line != 2 || !strings.Contains(err.Error(), `timeout = "soon" is not a duration`) {
		t.Errorf("bad timeout: %v", err)
	}
}
