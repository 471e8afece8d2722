//go:build race

package segment

// raceEnabled is true when the tests run under the race detector; the long
// Online Retail checks then skip, as they add no concurrency that the
// smaller tests do not already exercise.
const raceEnabled = true
