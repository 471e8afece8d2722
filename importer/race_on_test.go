//go:build race

package importer_test

// raceEnabled is true when the race detector is on: the tests that read the
// whole Online Retail file then skip, since they take minutes under it.
const raceEnabled = true
