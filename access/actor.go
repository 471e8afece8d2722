package access

import (
	"context"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// asActor returns ctx with the principal's ID as the store.Journal actor,
// so every write that passes the wrapper is recorded under the identity
// the policy checked — not under whatever actor the caller may have set,
// which nobody verified.
func asActor(ctx context.Context) context.Context {
	if pr, ok := PrincipalFrom(ctx); ok && pr.ID != "" {
		return store.WithActor(ctx, pr.ID)
	}
	return ctx
}

// stamped passes every call to the store it wraps, with the principal's
// ID set as the actor of each write. The guard writes through it, so no
// write method can forget the attribution.
type stamped struct{ store.Store }

func (s stamped) CreateCustomer(ctx context.Context, c *customer.Customer) error {
	return s.Store.CreateCustomer(asActor(ctx), c)
}

func (s stamped) CreateCustomers(ctx context.Context, cs []*customer.Customer) error {
	return s.Store.CreateCustomers(asActor(ctx), cs)
}

func (s stamped) UpdateCustomer(ctx context.Context, c *customer.Customer) error {
	return s.Store.UpdateCustomer(asActor(ctx), c)
}

func (s stamped) DeleteCustomer(ctx context.Context, id uuid.UUID) error {
	return s.Store.DeleteCustomer(asActor(ctx), id)
}

func (s stamped) MergeCustomers(ctx context.Context, keepID, dropID uuid.UUID) (customer.Customer, error) {
	return s.Store.MergeCustomers(asActor(ctx), keepID, dropID)
}

func (s stamped) CreateOrder(ctx context.Context, o *order.Order) error {
	return s.Store.CreateOrder(asActor(ctx), o)
}

func (s stamped) CreateOrders(ctx context.Context, os []*order.Order) error {
	return s.Store.CreateOrders(asActor(ctx), os)
}

func (s stamped) UpdateOrder(ctx context.Context, o *order.Order) error {
	return s.Store.UpdateOrder(asActor(ctx), o)
}

func (s stamped) DeleteOrder(ctx context.Context, id uuid.UUID) error {
	return s.Store.DeleteOrder(asActor(ctx), id)
}

func (s stamped) CreateReturn(ctx context.Context, r *order.Return) error {
	return s.Store.CreateReturn(asActor(ctx), r)
}

func (s stamped) UpdateReturn(ctx context.Context, r *order.Return) error {
	return s.Store.UpdateReturn(asActor(ctx), r)
}

func (s stamped) UpsertProducts(ctx context.Context, ps []order.Product) error {
	return s.Store.UpsertProducts(asActor(ctx), ps)
}

func (s stamped) AppendEvents(ctx context.Context, es []behavior.Event) error {
	return s.Store.AppendEvents(asActor(ctx), es)
}
