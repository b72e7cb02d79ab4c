// Package export is `trail export` and the UI's export without the UI:
// opening the output file by the rules that keep evidence safe (Create),
// and running an export from the command line with its progress line and
// its final word on what the file holds (Run). It sees only sources and
// model, so the UI may use it and main.go only wires it to the config.
package export
