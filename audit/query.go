package audit

import (
	"context"
	"iter"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// ForCustomer scans the changes about one customer — their profile, orders,
// returns and events — oldest first.
func ForCustomer(ctx context.Context, j store.Journal, customerID uuid.UUID) iter.Seq2[store.Change, error] {
	if customerID == uuid.Nil {
		return none
	}
	return j.Changes(ctx, store.ChangeFilter{CustomerID: customerID})
}

// ByActor scans the changes one actor made (see store.WithActor), oldest
// first.
func ByActor(ctx context.Context, j store.Journal, actor string) iter.Seq2[store.Change, error] {
	if actor == "" {
		return none
	}
	return j.Changes(ctx, store.ChangeFilter{Actor: actor})
}

// none is the empty scan: a nil ID or an empty actor matches nothing,
// rather than every change as the zero filter field would.
func none(func(store.Change, error) bool) {}
