package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
)

// Batch is a set of records written together by Load: an import chunk or a
// restore. Records keep the IDs, times and versions they carry (a Version of
// 0 becomes 1), so a restored store equals the one backed up.
type Batch struct {
	Customers []customer.Customer
	Products  []order.Product
	Orders    []order.Order
	Returns   []order.Return // checked against orders in the batch or already stored
	Events    []behavior.Event
}

// Len returns the number of records in the batch.
func (b *Batch) Len() int {
	return len(b.Customers) + len(b.Products) + len(b.Orders) + len(b.Returns) + len(b.Events)
}

// ConflictPolicy says what Load does with a record whose ID or unique key
// (customer e-mail or external ID, order number) is already stored.
type ConflictPolicy int

const (
	// ConflictFail fails the whole batch with ErrConflict: restores use it.
	ConflictFail ConflictPolicy = iota
	// ConflictSkip leaves the stored record as it is and skips the new one:
	// re-running an import adds nothing twice.
	ConflictSkip
)

// LoadResult counts what Load wrote and skipped.
type LoadResult struct {
	Customers int `json:"customers"`
	Products  int `json:"products"` // products are upserted, never skipped
	Orders    int `json:"orders"`
	Returns   int `json:"returns"`
	Events    int `json:"events"`
	Skipped   int `json:"skipped"` // records left out under ConflictSkip
}

// Add accumulates another result.
func (r *LoadResult) Add(o LoadResult) {
	r.Customers += o.Customers
	r.Products += o.Products
	r.Orders += o.Orders
	r.Returns += o.Returns
	r.Events += o.Events
	r.Skipped += o.Skipped
}

// BulkLoader is implemented by backends with a fast path for large writes
// (one transaction with prepared statements, COPY). LoadBatch writes the
// whole batch atomically: on any error (validation, or a conflict under
// ConflictFail) nothing of it is stored. Records are validated with the
// Prepare functions of this package. Errors: the domain validation errors
// (wrapped with the record's position), ErrConflict.
type BulkLoader interface {
	LoadBatch(ctx context.Context, b Batch, onConflict ConflictPolicy) (LoadResult, error)
}

// ErrNotAtomic is wrapped into the error of Load on a store without a
// BulkLoader when part of the batch was written before a failure.
var ErrNotAtomic = errors.New("store: batch written in part (the store has no atomic bulk path)")

// Load writes a batch through the backend's BulkLoader. A store without one
// gets each kind of record written by its own batch method, in the order
// products, customers, orders, returns, events: atomic per kind, not across
// kinds (a failure then wraps ErrNotAtomic), and without ConflictSkip for
// customers and orders.
func Load(ctx context.Context, st Store, b Batch, onConflict ConflictPolicy) (LoadResult, error) {
	if bl, ok := st.(BulkLoader); ok {
		return bl.LoadBatch(ctx, b, onConflict)
	}
	var res LoadResult
	partial := func(err error) (LoadResult, error) {
		if res != (LoadResult{}) {
			return res, fmt.Errorf("%w: %w", ErrNotAtomic, err)
		}
		return res, err
	}
	if err := st.UpsertProducts(ctx, b.Products); err != nil {
		return partial(err)
	}
	res.Products = len(b.Products)
	cs := make([]*customer.Customer, len(b.Customers))
	for i := range b.Customers {
		c := b.Customers[i].Clone()
		cs[i] = &c
	}
	if err := st.CreateCustomers(ctx, cs); err != nil {
		return partial(err)
	}
	res.Customers = len(cs)
	os := make([]*order.Order, len(b.Orders))
	for i := range b.Orders {
		o := b.Orders[i].Clone()
		os[i] = &o
	}
	if err := st.CreateOrders(ctx, os); err != nil {
		return partial(err)
	}
	res.Orders = len(os)
	for i := range b.Returns {
		r := b.Returns[i].Clone()
		if err := st.CreateReturn(ctx, &r); err != nil {
			return partial(err)
		}
		res.Returns++
	}
	if err := st.AppendEvents(ctx, b.Events); err != nil {
		return partial(err)
	}
	res.Events = len(b.Events)
	return res, nil
}
