package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestIndexLines(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "lines.toml"))
	if err != nil {
		t.Fatal(err)
	}
	ix := indexLines(string(data))
	tests := []struct {
		path []string
		line int
	}{
		{[]string{"title"}, 2},
		{[]string{"not"}, 0}, // inside a multi-line string
		{[]string{"fake"}, 0},
		{[]string{"ports"}, 6},
		{[]string{"literal key"}, 10},
		{[]string{"quoted"}, 11},
		{[]string{"b"}, 0}, // inside a quoted string
		{[]string{"a"}, 13},
		{[]string{"a", "b c", "d"}, 13},
		{[]string{"a", "b c", "d", "e"}, 14},
		{[]string{"a", "b c", "d", "f", "g", "h"}, 15},
		{[]string{"a", "b c", "d", "f", "g"}, 15},
		{[]string{"a", "b c", "d", "zz"}, 13}, // unknown: its table's line
		{[]string{"servers"}, 17},
		{[]string{"servers", "name"}, 18},
		{[]string{"multi", "text"}, 24},
		{[]string{"x"}, 0},
		{[]string{"multi", "after"}, 27},
		{[]string{"multi", "escaped"}, 28},
		{[]string{"multi", "last"}, 29},
	}
	for _, tt := range tests {
		if got := ix.line(tt.path...); got != tt.line {
			t.Errorf("line(%q) = %d, want %d", tt.path, got, tt.line)
		}
	}
}
