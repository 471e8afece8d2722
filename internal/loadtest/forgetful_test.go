package loadtest_test

import (
	"context"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/store"
)

// forgetful is a broken store that acknowledges events without keeping
// them: the load test's loss check must catch it.
type forgetful struct{ store.Store }

func (forgetful) AppendEvents(ctx context.Context, es []behavior.Event) error {
	for _, e := range es {
		if err := e.Validate(); err != nil {
			return err
		}
	}
	return nil
}
