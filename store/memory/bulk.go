package memory

import (
	"context"
	"fmt"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// LoadBatch implements store.BulkLoader: the whole batch is checked before
// anything is written, under one lock, so it lands entirely or not at all.
func (s *Store) LoadBatch(ctx context.Context, b store.Batch, policy store.ConflictPolicy) (store.LoadResult, error) {
	if err := s.lock(ctx); err != nil {
		return store.LoadResult{}, err
	}
	defer s.mu.Unlock()
	var res store.LoadResult
	products, err := s.prepareProducts(b.Products)
	if err != nil {
		return res, err
	}
	cs := make([]*customer.Customer, len(b.Customers))
	for i := range b.Customers {
		cs[i] = &b.Customers[i]
	}
	customers, err := s.prepareCustomers(cs, policy, true)
	if err != nil {
		return res, err
	}
	os := make([]*order.Order, len(b.Orders))
	for i := range b.Orders {
		os[i] = &b.Orders[i]
	}
	orders, err := s.prepareOrders(os, policy, true)
	if err != nil {
		return res, err
	}
	pending := make(map[uuid.UUID]order.Order, len(orders))
	for _, o := range orders {
		pending[o.ID] = o
	}
	returns := make([]order.Return, 0, len(b.Returns))
	seen := map[uuid.UUID]bool{}
	for i, r := range b.Returns {
		_, taken := s.returns[r.ID]
		if r.ID != uuid.Nil && (taken || seen[r.ID]) {
			if policy == store.ConflictSkip {
				continue
			}
			return res, fmt.Errorf("%w: return %d: ID %s is taken", store.ErrConflict, i, r.ID)
		}
		next, err := s.prepareReturn(r, pending, returns, true)
		if err != nil {
			return res, fmt.Errorf("return %d: %w", i, err)
		}
		seen[next.ID] = true
		returns = append(returns, next)
	}
	events, err := s.prepareEvents(b.Events, policy)
	if err != nil {
		return res, err
	}

	for _, p := range products {
		s.products[p.ID] = p
	}
	for _, c := range customers {
		s.putCustomer(c)
	}
	for _, o := range orders {
		s.putOrder(o)
	}
	for _, r := range returns {
		s.returns[r.ID] = r
	}
	for _, e := range events {
		s.events[e.ID] = e
	}
	res = store.LoadResult{
		Products: len(products), Customers: len(customers), Orders: len(orders),
		Returns: len(returns), Events: len(events),
	}
	res.Skipped = b.Len() - res.Products - res.Customers - res.Orders - res.Returns - res.Events
	s.appendChanges(ctx, store.LoadChanges(res)...)
	return res, nil
}
