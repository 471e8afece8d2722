//go:build race

package storetest

// raceEnabled scales the largest cases down under the race detector, which
// instruments every backend (a pure-Go SQLite engine included) and makes a
// 100,000-event scan take minutes; plain test runs keep the full size.
const raceEnabled = true
