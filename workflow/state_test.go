package workflow_test

import (
	"testing"

	"github.com/crmkit/crmkit/workflow/statetest"
)

// TestStateContract runs the State contract on every implementation.
func TestStateContract(t *testing.T) {
	for _, k := range stateKinds() {
		t.Run(k.name, func(t *testing.T) { statetest.Run(t, k.open) })
	}
}
