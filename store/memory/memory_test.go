package memory_test

import (
	"testing"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return memory.New() })
}
