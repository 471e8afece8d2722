package memory

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// CreateOrder implements store.OrderStore.
func (s *Store) CreateOrder(ctx context.Context, o *order.Order) error {
	return s.CreateOrders(ctx, []*order.Order{o})
}

// CreateOrders implements store.OrderStore: all or nothing.
func (s *Store) CreateOrders(ctx context.Context, os []*order.Order) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	prepared, err := s.prepareOrders(os, store.ConflictFail, false)
	if err != nil {
		return err
	}
	changes := make([]store.Change, len(prepared))
	for i := range prepared {
		if changes[i], err = store.OrderChange(store.OpCreate, nil, &prepared[i]); err != nil {
			return err
		}
	}
	s.appendChanges(ctx, changes...)
	for i, o := range prepared {
		s.putOrder(o)
		*os[i] = o.Clone()
	}
	return nil
}

// prepareOrders validates a batch and checks it for conflicts, as
// prepareCustomers does for customers.
func (s *Store) prepareOrders(os []*order.Order, policy store.ConflictPolicy, keepVersions bool) ([]order.Order, error) {
	now := s.now()
	out := make([]order.Order, 0, len(os))
	ids := map[uuid.UUID]bool{}
	numbers := map[string]bool{}
	for i, in := range os {
		o, err := store.PrepareNewOrder(*in, now)
		if err != nil {
			return nil, fmt.Errorf("order %d: %w", i, err)
		}
		if keepVersions {
			o.Version = max(in.Version, 1)
		}
		_, idTaken := s.orders[o.ID]
		_, numberTaken := s.byNumber[o.Number]
		if idTaken || numberTaken || ids[o.ID] || numbers[o.Number] {
			if policy == store.ConflictSkip {
				continue
			}
			return nil, fmt.Errorf("%w: order %d: ID %s or number %s is taken", store.ErrConflict, i, o.ID, o.Number)
		}
		ids[o.ID], numbers[o.Number] = true, true
		out = append(out, o)
	}
	return out, nil
}

func (s *Store) putOrder(o order.Order) {
	s.orders[o.ID] = o
	s.byNumber[o.Number] = o.ID
}

// GetOrder implements store.OrderStore.
func (s *Store) GetOrder(ctx context.Context, id uuid.UUID) (order.Order, error) {
	if err := s.rlock(ctx); err != nil {
		return order.Order{}, err
	}
	defer s.mu.RUnlock()
	o, ok := s.orders[id]
	if !ok {
		return order.Order{}, fmt.Errorf("%w: order %s", store.ErrNotFound, id)
	}
	return o.Clone(), nil
}

// GetOrderByNumber implements store.OrderStore.
func (s *Store) GetOrderByNumber(ctx context.Context, number string) (order.Order, error) {
	if err := s.rlock(ctx); err != nil {
		return order.Order{}, err
	}
	defer s.mu.RUnlock()
	id, ok := s.byNumber[number]
	if !ok {
		return order.Order{}, fmt.Errorf("%w: order number %q", store.ErrNotFound, number)
	}
	return s.orders[id].Clone(), nil
}

// UpdateOrder implements store.OrderStore.
func (s *Store) UpdateOrder(ctx context.Context, o *order.Order) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	stored, ok := s.orders[o.ID]
	if !ok {
		return fmt.Errorf("%w: order %s", store.ErrNotFound, o.ID)
	}
	next, err := store.PrepareOrderUpdate(*o, stored, s.now())
	if err != nil {
		return err
	}
	change, err := store.OrderChange(store.OpUpdate, &stored, &next)
	if err != nil {
		return err
	}
	s.appendChanges(ctx, change)
	s.orders[o.ID] = next
	*o = next.Clone()
	return nil
}

// DeleteOrder implements store.OrderStore.
func (s *Store) DeleteOrder(ctx context.Context, id uuid.UUID) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return fmt.Errorf("%w: order %s", store.ErrNotFound, id)
	}
	change, err := store.OrderChange(store.OpDelete, &o, nil)
	if err != nil {
		return err
	}
	s.appendChanges(ctx, change)
	delete(s.orders, id)
	delete(s.byNumber, o.Number)
	for rid, r := range s.returns {
		if r.OrderID == id {
			delete(s.returns, rid)
		}
	}
	return nil
}

// Orders implements store.OrderStore.
func (s *Store) Orders(ctx context.Context, f store.OrderFilter) iter.Seq2[order.Order, error] {
	return yieldAll(ctx, func() ([]order.Order, error) { return s.selectOrders(ctx, f) })
}

func (s *Store) selectOrders(ctx context.Context, f store.OrderFilter) ([]order.Order, error) {
	after, err := parseTimeCursor(f.After)
	if err != nil {
		return nil, err
	}
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var sel []order.Order
	for _, o := range s.orders {
		switch {
		case f.CustomerID != uuid.Nil && o.CustomerID != f.CustomerID,
			len(f.Statuses) > 0 && !slices.Contains(f.Statuses, o.Status),
			!f.Since.IsZero() && o.PlacedAt.Before(f.Since),
			!f.Until.IsZero() && !o.PlacedAt.Before(f.Until),
			after != nil && !after.before(o.PlacedAt, o.ID, f.Desc):
			continue
		}
		sel = append(sel, o.Clone())
	}
	slices.SortFunc(sel, func(a, b order.Order) int {
		c := cmp.Or(a.PlacedAt.Compare(b.PlacedAt), store.CompareIDs(a.ID, b.ID))
		if f.Desc {
			return -c
		}
		return c
	})
	return limit(sel, f.Limit), nil
}

// yieldAll turns a selection function into a scan that yields copies and
// stops on context cancellation.
func yieldAll[T any](ctx context.Context, sel func() ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		items, err := sel()
		if err != nil {
			yield(zero, err)
			return
		}
		for _, it := range items {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			if !yield(it, nil) {
				return
			}
		}
	}
}
