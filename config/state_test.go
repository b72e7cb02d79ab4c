package config

import "testing"

func TestStateDirFrom(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		home string
		want string
		err  bool
	}{
		{"default", nil, "/home/ann", "/home/ann/.local/state/trail", false},
		{"xdg", map[string]string{"XDG_STATE_HOME": "/xdg/state"}, "/home/ann", "/xdg/state/trail", false},
		{"relative xdg is ignored", map[string]string{"XDG_STATE_HOME": "rel"}, "/home/ann", "/home/ann/.local/state/trail", false},
		{"nothing", nil, "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := StateDirFrom(func(k string) string { return tc.env[k] }, tc.home)
			if got != tc.want || (err != nil) != tc.err {
				t.Errorf("StateDirFrom = %q, %v; want %q (error %v)", got, err, tc.want, tc.err)
			}
		})
	}
}
