package workflow_test

import (
	"testing"

	"github.com/crmkit/crmkit/workflow"
)

// stateKind opens a fresh State of one implementation for a test.
type stateKind struct {
	name string
	open func(t *testing.T) workflow.State
}

func stateKinds() []stateKind {
	return []stateKind{
		{"memory", func(t *testing.T) workflow.State { return workflow.NewMemoryState() }},
	}
}

// forEachState runs fn as a subtest on every State implementation.
func forEachState(t *testing.T, fn func(t *testing.T, st workflow.State)) {
	for _, k := range stateKinds() {
		t.Run(k.name, func(t *testing.T) {
			st := k.open(t)
			t.Cleanup(func() { st.Close() })
			fn(t, st)
		})
	}
}
