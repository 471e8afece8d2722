package workflow

import (
	"context"
	"errors"
	"fmt"

	"github.com/crmkit/crmkit/store"
)

// Tag is the action that adds and removes tags on the customer. It writes
// through the store with the engine's actor, so its own change fires no
// rules. It is idempotent: a customer who already carries the tags is left
// alone.
type Tag struct {
	Add    []string
	Remove []string
}

// Name returns "tag".
func (t Tag) Name() string { return "tag" }

// Do updates the customer, re-reading it when a concurrent update wins.
func (t Tag) Do(ctx context.Context, inv *Invocation) error {
	for range 5 {
		c, err := inv.Store.GetCustomer(ctx, inv.CustomerID)
		if errors.Is(err, store.ErrNotFound) {
			return Permanent(fmt.Errorf("workflow: tag: customer %s: %w", inv.CustomerID, err))
		}
		if err != nil {
			return err
		}
		changed := false
		for _, tag := range t.Add {
			changed = c.AddTag(tag) || changed
		}
		for _, tag := range t.Remove {
			changed = c.RemoveTag(tag) || changed
		}
		if !changed {
			return nil
		}
		err = inv.Store.UpdateCustomer(ctx, &c)
		if !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("workflow: tag: customer %s kept changing under the update", inv.CustomerID)
}
