package access

import (
	"context"
	"fmt"
	"iter"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// A return's reason is the customer's own words, so it is masked for a
// principal without PII read.

func (g *guard) maskReturn(pr Principal, r order.Return) order.Return {
	if g.seesPII(pr) {
		return r
	}
	return MaskReturn(r)
}

// CreateReturn needs returns write.
func (g *guard) CreateReturn(ctx context.Context, r *order.Return) error {
	pr, err := g.check(ctx, ResourceReturns, ActionWrite)
	if err != nil {
		return err
	}
	if err := g.inner.CreateReturn(ctx, r); err != nil {
		return err
	}
	*r = g.maskReturn(pr, *r)
	return nil
}

// GetReturn needs returns read.
func (g *guard) GetReturn(ctx context.Context, id uuid.UUID) (order.Return, error) {
	pr, err := g.check(ctx, ResourceReturns, ActionRead)
	if err != nil {
		return order.Return{}, err
	}
	r, err := g.inner.GetReturn(ctx, id)
	if err != nil {
		return order.Return{}, err
	}
	return g.maskReturn(pr, r), nil
}

// UpdateReturn needs returns write. A masked reason sent back by a principal
// without PII read keeps the stored reason.
func (g *guard) UpdateReturn(ctx context.Context, r *order.Return) error {
	pr, err := g.check(ctx, ResourceReturns, ActionWrite)
	if err != nil {
		return err
	}
	u := r.Clone()
	if !g.seesPII(pr) {
		stored, err := g.inner.GetReturn(ctx, r.ID)
		if err != nil {
			return err
		}
		if stored.Version != r.Version {
			return fmt.Errorf("%w: return %s is at version %d, the update carries %d", store.ErrConflict, r.ID, stored.Version, r.Version)
		}
		restoreReturn(&u, stored)
	}
	if err := g.inner.UpdateReturn(ctx, &u); err != nil {
		return err
	}
	*r = g.maskReturn(pr, u)
	return nil
}

// Returns needs returns read; reasons are masked for a principal without
// PII read.
func (g *guard) Returns(ctx context.Context, f store.ReturnFilter) iter.Seq2[order.Return, error] {
	pr, err := g.check(ctx, ResourceReturns, ActionRead)
	if err != nil {
		return errSeq[order.Return](err)
	}
	seq := g.inner.Returns(ctx, f)
	if g.seesPII(pr) {
		return seq
	}
	return func(yield func(order.Return, error) bool) {
		for r, err := range seq {
			if err != nil {
				yield(order.Return{}, err)
				return
			}
			if !yield(MaskReturn(r), nil) {
				return
			}
		}
	}
}
