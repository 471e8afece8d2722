package memory

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
)

// UpsertProducts implements store.ProductStore: all or nothing.
func (s *Store) UpsertProducts(ctx context.Context, ps []order.Product) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	prepared, err := s.prepareProducts(ps)
	if err != nil {
		return err
	}
	changes := make([]store.Change, len(prepared))
	for i, p := range prepared {
		if changes[i], err = store.ProductChange(p); err != nil {
			return err
		}
	}
	s.appendChanges(ctx, changes...)
	for _, p := range prepared {
		s.products[p.ID] = p
	}
	return nil
}

func (s *Store) prepareProducts(ps []order.Product) ([]order.Product, error) {
	now := s.now()
	out := make([]order.Product, len(ps))
	for i, p := range ps {
		q, err := store.PrepareProduct(p, now)
		if err != nil {
			return nil, fmt.Errorf("product %d: %w", i, err)
		}
		out[i] = q
	}
	return out, nil
}

// GetProduct implements store.ProductStore.
func (s *Store) GetProduct(ctx context.Context, id string) (order.Product, error) {
	if err := s.rlock(ctx); err != nil {
		return order.Product{}, err
	}
	defer s.mu.RUnlock()
	p, ok := s.products[id]
	if !ok {
		return order.Product{}, fmt.Errorf("%w: product %q", store.ErrNotFound, id)
	}
	return p, nil
}

// Products implements store.ProductStore.
func (s *Store) Products(ctx context.Context, f store.ProductFilter) iter.Seq2[order.Product, error] {
	return yieldAll(ctx, func() ([]order.Product, error) {
		var after string
		if f.After != "" {
			var err error
			if after, err = store.DecodeProductCursor(f.After); err != nil {
				return nil, err
			}
		}
		if err := s.rlock(ctx); err != nil {
			return nil, err
		}
		defer s.mu.RUnlock()
		var sel []order.Product
		for _, p := range s.products {
			switch {
			case f.Category != "" && p.Category != f.Category,
				f.ActiveOnly && !p.Active,
				f.After != "" && p.ID <= after:
				continue
			}
			sel = append(sel, p)
		}
		slices.SortFunc(sel, func(a, b order.Product) int { return strings.Compare(a.ID, b.ID) })
		return limit(sel, f.Limit), nil
	})
}
