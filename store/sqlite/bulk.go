package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// LoadBatch writes a whole batch in one transaction with prepared
// statements: products, customers, orders, returns, then events. Records
// keep their IDs, times and versions (a Version of 0 becomes 1). Under
// store.ConflictSkip a record whose ID or unique key is taken is left out
// and counted in Skipped; under store.ConflictFail it fails the batch with
// store.ErrConflict. On any error nothing of the batch is stored. Errors:
// the domain validation errors, wrapped with the record's position;
// store.ErrConflict; store.ErrNotFound for a return whose order is neither
// in the batch nor stored.
func (s *Store) LoadBatch(ctx context.Context, b store.Batch, onConflict store.ConflictPolicy) (store.LoadResult, error) {
	const op = "load batch"
	var res store.LoadResult
	now := s.now()

	// Validate everything that needs no stored data before taking the lock.
	products, err := prepareProducts(b.Products, now)
	if err != nil {
		return store.LoadResult{}, err
	}
	customers := make([]customer.Customer, len(b.Customers))
	for i, c := range b.Customers {
		p, err := store.PrepareNewCustomer(c, now)
		if err != nil {
			return store.LoadResult{}, fmt.Errorf("customers[%d]: %w", i, err)
		}
		p.Version = max(c.Version, 1)
		customers[i] = p
	}
	orders := make([]order.Order, len(b.Orders))
	for i, o := range b.Orders {
		p, err := store.PrepareNewOrder(o, now)
		if err != nil {
			return store.LoadResult{}, fmt.Errorf("orders[%d]: %w", i, err)
		}
		p.Version = max(o.Version, 1)
		orders[i] = p
	}
	events, err := store.PrepareEvents(b.Events)
	if err != nil {
		return store.LoadResult{}, fmt.Errorf("events: %w", err)
	}

	err = s.write(ctx, op, func(tx *sql.Tx) error {
		if err := upsertProducts(ctx, tx, products); err != nil {
			return s.wrap(op, err)
		}
		res.Products = len(products)

		cw, err := prepareCustomerWriter(ctx, tx, onConflict)
		if err != nil {
			return s.wrap(op, err)
		}
		defer cw.close()
		for i := range customers {
			ok, err := cw.add(ctx, &customers[i])
			if err != nil {
				return s.conflict(op, fmt.Sprintf("customers[%d] %s", i, customers[i].ID), err)
			}
			tally(ok, &res.Customers, &res.Skipped)
		}

		ow, err := prepareOrderWriter(ctx, tx, onConflict)
		if err != nil {
			return s.wrap(op, err)
		}
		defer ow.close()
		inserted := make(map[uuid.UUID]*order.Order, len(orders))
		for i := range orders {
			ok, err := ow.add(ctx, &orders[i])
			if err != nil {
				return s.conflict(op, fmt.Sprintf("orders[%d] %s number %q", i, orders[i].ID, orders[i].Number), err)
			}
			tally(ok, &res.Orders, &res.Skipped)
			if ok {
				inserted[orders[i].ID] = &orders[i]
			}
		}

		if err := s.loadReturns(ctx, tx, b.Returns, inserted, onConflict, now, &res); err != nil {
			return err
		}

		if len(events) > 0 {
			ew, err := prepareEventWriter(ctx, tx, onConflict)
			if err != nil {
				return s.wrap(op, err)
			}
			defer ew.close()
			for i := range events {
				ok, err := ew.add(ctx, &events[i])
				if err != nil {
					return s.conflict(op, fmt.Sprintf("events[%d] %s", i, events[i].ID), err)
				}
				tally(ok, &res.Events, &res.Skipped)
			}
		}
		// One change per kind of record, not per row: a bulk load stays a
		// bulk load.
		if err := s.appendChanges(ctx, tx, store.LoadChanges(res)...); err != nil {
			return err
		}
		return ctx.Err()
	})
	if err != nil {
		return store.LoadResult{}, err
	}
	return res, nil
}

// loadReturns checks each return against its order (from the batch or the
// store) and the order's earlier returns (stored, then earlier in the
// batch), then inserts it.
func (s *Store) loadReturns(ctx context.Context, tx *sql.Tx, rs []order.Return, inserted map[uuid.UUID]*order.Order,
	onConflict store.ConflictPolicy, now time.Time, res *store.LoadResult) error {
	const op = "load batch"
	if len(rs) == 0 {
		return nil
	}
	text := insertReturn
	if onConflict == store.ConflictSkip {
		text += " ON CONFLICT DO NOTHING"
	}
	stmt, err := tx.PrepareContext(ctx, text)
	if err != nil {
		return s.wrap(op, err)
	}
	defer stmt.Close()
	type history struct {
		order   order.Order
		returns []order.Return
	}
	seen := map[uuid.UUID]*history{}
	for i, r := range rs {
		h, ok := seen[r.OrderID]
		if !ok {
			h = &history{}
			if o, in := inserted[r.OrderID]; in {
				h.order = *o
			} else if h.order, err = s.getOrderTx(ctx, tx, op, r.OrderID); err != nil {
				return fmt.Errorf("returns[%d]: %w", i, err)
			}
			if h.returns, err = s.returnsOfOrderTx(ctx, tx, r.OrderID); err != nil {
				return s.wrap(op, err)
			}
			seen[r.OrderID] = h
		}
		p, err := store.PrepareNewReturn(r, h.order, h.returns, now)
		if err != nil {
			return fmt.Errorf("returns[%d]: %w", i, err)
		}
		p.Version = max(r.Version, 1)
		args, err := returnArgs(&p)
		if err != nil {
			return s.wrap(op, err)
		}
		result, err := stmt.ExecContext(ctx, args...)
		if err != nil {
			return s.conflict(op, fmt.Sprintf("returns[%d] %s", i, p.ID), err)
		}
		n, err := result.RowsAffected()
		if err != nil {
			return s.wrap(op, err)
		}
		tally(n > 0, &res.Returns, &res.Skipped)
		if n > 0 {
			h.returns = append(h.returns, p)
		}
	}
	return nil
}

// tally counts a record as written or, when ConflictSkip left it out, skipped.
func tally(written bool, n, skipped *int) {
	if written {
		*n++
	} else {
		*skipped++
	}
}
