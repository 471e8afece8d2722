//go:build race

package recommend_test

// raceEnabled skips the demo-shop quality check under the race detector, where its
// training takes most of the package's time; the concurrent paths it uses are
// covered by the faster tests.
const raceEnabled = true
