package access_test

import (
	"context"
	"iter"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/crmkit/crmkit/store/storetest"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// TestConformanceAsAdmin runs the store conformance suite through the
// wrapper as an admin: for a principal allowed everything the wrapper must
// be invisible.
func TestConformanceAsAdmin(t *testing.T) {
	t.Run("memory", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store { return actAs{access.Wrap(memory.New(), nil)} })
	})
	t.Run("sqlite", func(t *testing.T) {
		if testing.Short() || raceEnabled {
			t.Skip("the SQLite suite runs in store/sqlite; through the wrapper it is repeated only in full, non-race runs")
		}
		storetest.Run(t, func(t *testing.T) store.Store {
			st, err := sqlite.Open(filepath.Join(t.TempDir(), "conf.db"), nil)
			require.NoError(t, err)
			return actAs{access.Wrap(st, nil)}
		})
	})
}

// actAs adds an admin principal to every call's context, since the suite
// knows nothing of principals. Summaries and batches go through the
// wrapped store's own Summarizer and BulkLoader when it has them.
type actAs struct{ g store.Store }

func admin(ctx context.Context) context.Context {
	return access.WithPrincipal(ctx, access.Principal{ID: "root", Roles: []access.Role{access.RoleAdmin}})
}

func (a actAs) CreateCustomer(ctx context.Context, c *customer.Customer) error {
	return a.g.CreateCustomer(admin(ctx), c)
}
func (a actAs) CreateCustomers(ctx context.Context, cs []*customer.Customer) error {
	return a.g.CreateCustomers(admin(ctx), cs)
}
func (a actAs) GetCustomer(ctx context.Context, id uuid.UUID) (customer.Customer, error) {
	return a.g.GetCustomer(admin(ctx), id)
}
func (a actAs) GetCustomerByEmail(ctx context.Context, email string) (customer.Customer, error) {
	return a.g.GetCustomerByEmail(admin(ctx), email)
}
func (a actAs) GetCustomerByExternalID(ctx context.Context, id string) (customer.Customer, error) {
	return a.g.GetCustomerByExternalID(admin(ctx), id)
}
func (a actAs) UpdateCustomer(ctx context.Context, c *customer.Customer) error {
	return a.g.UpdateCustomer(admin(ctx), c)
}
func (a actAs) DeleteCustomer(ctx context.Context, id uuid.UUID) error {
	return a.g.DeleteCustomer(admin(ctx), id)
}
func (a actAs) MergeCustomers(ctx context.Context, keep, drop uuid.UUID) (customer.Customer, error) {
	return a.g.MergeCustomers(admin(ctx), keep, drop)
}
func (a actAs) Customers(ctx context.Context, f store.CustomerFilter) iter.Seq2[customer.Customer, error] {
	return a.g.Customers(admin(ctx), f)
}
func (a actAs) CreateOrder(ctx context.Context, o *order.Order) error {
	return a.g.CreateOrder(admin(ctx), o)
}
func (a actAs) CreateOrders(ctx context.Context, os []*order.Order) error {
	return a.g.CreateOrders(admin(ctx), os)
}
func (a actAs) GetOrder(ctx context.Context, id uuid.UUID) (order.Order, error) {
	return a.g.GetOrder(admin(ctx), id)
}
func (a actAs) GetOrderByNumber(ctx context.Context, n string) (order.Order, error) {
	return a.g.GetOrderByNumber(admin(ctx), n)
}
func (a actAs) UpdateOrder(ctx context.Context, o *order.Order) error {
	return a.g.UpdateOrder(admin(ctx), o)
}
func (a actAs) DeleteOrder(ctx context.Context, id uuid.UUID) error {
	return a.g.DeleteOrder(admin(ctx), id)
}
func (a actAs) Orders(ctx context.Context, f store.OrderFilter) iter.Seq2[order.Order, error] {
	return a.g.Orders(admin(ctx), f)
}
func (a actAs) CreateReturn(ctx context.Context, r *order.Return) error {
	return a.g.CreateReturn(admin(ctx), r)
}
func (a actAs) GetReturn(ctx context.Context, id uuid.UUID) (order.Return, error) {
	return a.g.GetReturn(admin(ctx), id)
}
func (a actAs) UpdateReturn(ctx context.Context, r *order.Return) error {
	return a.g.UpdateReturn(admin(ctx), r)
}
func (a actAs) Returns(ctx context.Context, f store.ReturnFilter) iter.Seq2[order.Return, error] {
	return a.g.Returns(admin(ctx), f)
}
func (a actAs) UpsertProducts(ctx context.Context, ps []order.Product) error {
	return a.g.UpsertProducts(admin(ctx), ps)
}
func (a actAs) GetProduct(ctx context.Context, id string) (order.Product, error) {
	return a.g.GetProduct(admin(ctx), id)
}
func (a actAs) Products(ctx context.Context, f store.ProductFilter) iter.Seq2[order.Product, error] {
	return a.g.Products(admin(ctx), f)
}
func (a actAs) AppendEvents(ctx context.Context, es []behavior.Event) error {
	return a.g.AppendEvents(admin(ctx), es)
}
func (a actAs) Events(ctx context.Context, f store.EventFilter) iter.Seq2[behavior.Event, error] {
	return a.g.Events(admin(ctx), f)
}
func (a actAs) Stats(ctx context.Context) (store.Stats, error) { return a.g.Stats(admin(ctx)) }
func (a actAs) Close() error                                   { return a.g.Close() }

// Both backends tested here have a BulkLoader, so actAs always offers one.
func (a actAs) LoadBatch(ctx context.Context, b store.Batch, p store.ConflictPolicy) (store.LoadResult, error) {
	return store.Load(admin(ctx), a.g, b, p)
}
