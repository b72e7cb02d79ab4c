//go:build race

package ui_test

// raceEnabled: see race_test.go in package ui.
const raceEnabled = true
