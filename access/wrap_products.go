package access

import (
	"context"
	"iter"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
)

// UpsertProducts needs products write; an empty batch needs only a principal.
func (g *guard) UpsertProducts(ctx context.Context, ps []order.Product) error {
	var err error
	if len(ps) == 0 {
		_, err = g.present(ctx, ResourceProducts, ActionWrite)
	} else {
		_, err = g.check(ctx, ResourceProducts, ActionWrite)
	}
	if err != nil {
		return err
	}
	return g.inner.UpsertProducts(ctx, ps)
}

// GetProduct needs products read.
func (g *guard) GetProduct(ctx context.Context, id string) (order.Product, error) {
	if _, err := g.check(ctx, ResourceProducts, ActionRead); err != nil {
		return order.Product{}, err
	}
	return g.inner.GetProduct(ctx, id)
}

// Products needs products read.
func (g *guard) Products(ctx context.Context, f store.ProductFilter) iter.Seq2[order.Product, error] {
	if _, err := g.check(ctx, ResourceProducts, ActionRead); err != nil {
		return errSeq[order.Product](err)
	}
	return g.inner.Products(ctx, f)
}
