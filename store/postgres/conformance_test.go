package postgres

import (
	"testing"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/storetest"
)

// TestConformance runs the store contract's suite against a real server,
// each subtest in a schema of its own.
func TestConformance(t *testing.T) {
	testDSN(t)
	storetest.Run(t, func(t *testing.T) store.Store { return openTest(t, nil) })
}
