//go:build race

package ui

// raceEnabled: the race detector slows everything several times over, so
// tests that run in real time to measure behaviour skip under it.
const raceEnabled = true
