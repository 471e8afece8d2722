//go:build race

package access_test

// raceEnabled trims the slowest test under the race detector, which
// checks for data races, not the policy's wiring (covered without it).
const raceEnabled = true
