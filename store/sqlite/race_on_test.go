//go:build race

package sqlite_test

// raceEnabled reports a -race build, under which the transpiled SQLite
// engine runs many times slower; data-only tests then use smaller inputs.
const raceEnabled = true
