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

// CreateReturn implements store.OrderStore.
func (s *Store) CreateReturn(ctx context.Context, r *order.Return) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	next, err := s.prepareReturn(*r, nil, nil, false)
	if err != nil {
		return err
	}
	if _, taken := s.returns[next.ID]; taken {
		return fmt.Errorf("%w: return ID %s is taken", store.ErrConflict, next.ID)
	}
	change, err := store.ReturnChange(store.OpCreate, nil, &next)
	if err != nil {
		return err
	}
	s.appendChanges(ctx, change)
	s.returns[next.ID] = next
	*r = next.Clone()
	return nil
}

// prepareReturn checks r against its order, found among the stored orders
// or in pending (orders of the same batch), and the order's earlier returns,
// stored or accepted earlier in the same batch.
func (s *Store) prepareReturn(r order.Return, pending map[uuid.UUID]order.Order, batch []order.Return, keepVersion bool) (order.Return, error) {
	o, ok := s.orders[r.OrderID]
	if !ok {
		o, ok = pending[r.OrderID]
	}
	if !ok {
		return order.Return{}, fmt.Errorf("%w: order %s of the return", store.ErrNotFound, r.OrderID)
	}
	var previous []order.Return
	for _, p := range s.returns {
		if p.OrderID == r.OrderID {
			previous = append(previous, p)
		}
	}
	for _, p := range batch {
		if p.OrderID == r.OrderID {
			previous = append(previous, p)
		}
	}
	next, err := store.PrepareNewReturn(r, o, previous, s.now())
	if err != nil {
		return order.Return{}, err
	}
	if keepVersion {
		next.Version = max(r.Version, 1)
	}
	return next, nil
}

// GetReturn implements store.OrderStore.
func (s *Store) GetReturn(ctx context.Context, id uuid.UUID) (order.Return, error) {
	if err := s.rlock(ctx); err != nil {
		return order.Return{}, err
	}
	defer s.mu.RUnlock()
	r, ok := s.returns[id]
	if !ok {
		return order.Return{}, fmt.Errorf("%w: return %s", store.ErrNotFound, id)
	}
	return r.Clone(), nil
}

// UpdateReturn implements store.OrderStore.
func (s *Store) UpdateReturn(ctx context.Context, r *order.Return) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	stored, ok := s.returns[r.ID]
	if !ok {
		return fmt.Errorf("%w: return %s", store.ErrNotFound, r.ID)
	}
	next, err := store.PrepareReturnUpdate(*r, stored, s.now())
	if err != nil {
		return err
	}
	change, err := store.ReturnChange(store.OpUpdate, &stored, &next)
	if err != nil {
		return err
	}
	s.appendChanges(ctx, change)
	s.returns[r.ID] = next
	*r = next.Clone()
	return nil
}

// Returns implements store.OrderStore.
func (s *Store) Returns(ctx context.Context, f store.ReturnFilter) iter.Seq2[order.Return, error] {
	return yieldAll(ctx, func() ([]order.Return, error) {
		after, err := parseTimeCursor(f.After)
		if err != nil {
			return nil, err
		}
		if err := s.rlock(ctx); err != nil {
			return nil, err
		}
		defer s.mu.RUnlock()
		var sel []order.Return
		for _, r := range s.returns {
			switch {
			case f.CustomerID != uuid.Nil && r.CustomerID != f.CustomerID,
				f.OrderID != uuid.Nil && r.OrderID != f.OrderID,
				len(f.Statuses) > 0 && !slices.Contains(f.Statuses, r.Status),
				!f.Since.IsZero() && r.RequestedAt.Before(f.Since),
				!f.Until.IsZero() && !r.RequestedAt.Before(f.Until),
				after != nil && !after.before(r.RequestedAt, r.ID, false):
				continue
			}
			sel = append(sel, r.Clone())
		}
		slices.SortFunc(sel, func(a, b order.Return) int {
			return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), store.CompareIDs(a.ID, b.ID))
		})
		return limit(sel, f.Limit), nil
	})
}
