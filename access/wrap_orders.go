package access

import (
	"context"
	"iter"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// Orders hold no personal data beyond the customer's ID, so they are never
// masked.

// CreateOrder needs orders write.
func (g *guard) CreateOrder(ctx context.Context, o *order.Order) error {
	if _, err := g.check(ctx, ResourceOrders, ActionWrite); err != nil {
		return err
	}
	return g.inner.CreateOrder(ctx, o)
}

// CreateOrders needs orders write; an empty batch needs only a principal.
func (g *guard) CreateOrders(ctx context.Context, os []*order.Order) error {
	var err error
	if len(os) == 0 {
		_, err = g.present(ctx, ResourceOrders, ActionWrite)
	} else {
		_, err = g.check(ctx, ResourceOrders, ActionWrite)
	}
	if err != nil {
		return err
	}
	return g.inner.CreateOrders(ctx, os)
}

// GetOrder needs orders read.
func (g *guard) GetOrder(ctx context.Context, id uuid.UUID) (order.Order, error) {
	if _, err := g.check(ctx, ResourceOrders, ActionRead); err != nil {
		return order.Order{}, err
	}
	return g.inner.GetOrder(ctx, id)
}

// GetOrderByNumber needs orders read.
func (g *guard) GetOrderByNumber(ctx context.Context, number string) (order.Order, error) {
	if _, err := g.check(ctx, ResourceOrders, ActionRead); err != nil {
		return order.Order{}, err
	}
	return g.inner.GetOrderByNumber(ctx, number)
}

// UpdateOrder needs orders write.
func (g *guard) UpdateOrder(ctx context.Context, o *order.Order) error {
	if _, err := g.check(ctx, ResourceOrders, ActionWrite); err != nil {
		return err
	}
	return g.inner.UpdateOrder(ctx, o)
}

// DeleteOrder needs orders delete (the order's returns go with it).
func (g *guard) DeleteOrder(ctx context.Context, id uuid.UUID) error {
	if _, err := g.check(ctx, ResourceOrders, ActionDelete); err != nil {
		return err
	}
	return g.inner.DeleteOrder(ctx, id)
}

// Orders needs orders read.
func (g *guard) Orders(ctx context.Context, f store.OrderFilter) iter.Seq2[order.Order, error] {
	if _, err := g.check(ctx, ResourceOrders, ActionRead); err != nil {
		return errSeq[order.Order](err)
	}
	return g.inner.Orders(ctx, f)
}
