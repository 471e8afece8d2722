//go:build race

package workflow_test

// raceEnabled is true under the race detector: the demo-shop replay then
// runs on a smaller shop and only on the memory backend, as it checks
// counts, not concurrency, which the other tests exercise on every backend.
const raceEnabled = true
