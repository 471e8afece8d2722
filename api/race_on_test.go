//go:build race

package api_test

// raceEnabled: the race detector slows the pure-Go SQLite driver tenfold,
// so the scripted session runs on SQL backends only without it (their own
// packages test them under -race).
const raceEnabled = true
