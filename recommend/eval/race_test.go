//go:build race

package eval

// raceEnabled skips the MovieLens quality check under the race detector, where its
// five trainings take minutes; the concurrent code paths it uses are covered by the
// faster tests.
const raceEnabled = true
