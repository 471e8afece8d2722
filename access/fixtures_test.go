package access_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/postgres/pgtest"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)

// plain hides a backend's optional interfaces, so the wrapper sees a store
// with neither a Summarizer nor a BulkLoader.
type plain struct{ store.Store }

type backend struct {
	name string
	open func(t *testing.T) store.Store
}

var backends = []backend{
	{"memory", func(t *testing.T) store.Store { return memory.New() }},
	{"sqlite", func(t *testing.T) store.Store {
		st, err := sqlite.Open(filepath.Join(t.TempDir(), "access.db"), nil)
		require.NoError(t, err)
		return st
	}},
	{"plain", func(t *testing.T) store.Store { return plain{memory.New()} }},
	// Skipped unless CRMKIT_POSTGRES_DSN names a server (.ci/postgres.sh).
	{"postgres", func(t *testing.T) store.Store { return pgtest.Open(t) }},
}

func as(role access.Role) context.Context {
	return access.WithPrincipal(context.Background(), access.Principal{ID: "p-" + string(role), Name: string(role), Roles: []access.Role{role}})
}

var seq atomic.Int64

func next() int64 { return seq.Add(1) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// personal returns a profile with every kind of personal data set.
func personal() *customer.Customer {
	n := next()
	c := &customer.Customer{
		ExternalID: fmt.Sprintf("C-%05d", n),
		Email:      fmt.Sprintf("ada.%d@example.com", n),
		FirstName:  "Ada",
		LastName:   fmt.Sprintf("Lovelace%d", n),
		Phone:      fmt.Sprintf("+4420794%05d", n),
		Addresses: []customer.Address{{Kind: "shipping", Line1: fmt.Sprintf("%d St James's Square", n),
			Line2: "Flat 2", City: "London", Region: "Greater London", PostalCode: "SW1Y 4JU", Country: "GB"}},
		Tags:       []string{"vip"},
		Attributes: map[string]string{"language": "en", "birthday": "1815-12-10"},
		CreatedAt:  t0.Add(time.Duration(n) * time.Minute),
	}
	c.GrantConsent(customer.ChannelEmail, t0, "checkout")
	return c
}

// anonymous returns a profile with no personal data: a shop account number only.
func anonymous() *customer.Customer {
	return &customer.Customer{ExternalID: fmt.Sprintf("ACC-%d", next()), Tags: []string{"imported"}}
}

func newOrder(cid uuid.UUID) *order.Order {
	n := next()
	o := &order.Order{
		Number: fmt.Sprintf("ORD-%d", n), CustomerID: cid, Status: order.StatusPaid, Currency: "EUR",
		Lines: []order.Line{
			{ProductID: "p-mug", Name: "Mug", Quantity: 2, UnitPrice: dec("9.95"), Discount: dec("0.90")},
			{ProductID: "p-tea", Name: "Tea", Quantity: 1, UnitPrice: dec("4.10")},
		},
		Shipping: dec("3.50"), Tax: dec("4.21"), PaymentMethod: "card",
		PlacedAt: t0.Add(time.Duration(n) * time.Hour), PaidAt: t0.Add(time.Duration(n)*time.Hour + time.Minute),
	}
	o.Total = o.ComputeTotal()
	return o
}

func newReturn(o *order.Order) *order.Return {
	return &order.Return{OrderID: o.ID, CustomerID: o.CustomerID,
		Items:  []order.ReturnItem{{ProductID: "p-mug", Quantity: 1, Amount: dec("9.50")}},
		Reason: "arrived chipped, call me on 07700 900123", Amount: dec("9.50"),
		Status: order.ReturnRequested, RequestedAt: o.PlacedAt.Add(48 * time.Hour)}
}

func newProduct() order.Product {
	id := fmt.Sprintf("p-%d", next())
	return order.Product{ID: id, Name: "Product " + id, Category: "kitchen", Price: dec("12.30"), Currency: "EUR", Active: true}
}

func review(cid uuid.UUID) behavior.Event {
	return behavior.Event{Kind: behavior.KindReview, CustomerID: cid, ProductID: "p-mug", Rating: 2,
		Text: "Chipped. Ring Ada Lovelace on 07700 900123", Attributes: map[string]string{"ip": "203.0.113.7", "channel": "web"},
		At: t0.Add(time.Duration(next()) * time.Hour)}
}

// shop is the seeded content every test starts from.
type shop struct {
	ada, bob customer.Customer // bob's external ID is his e-mail address
	ord      order.Order
	ret      order.Return
	prod     order.Product
}

func seed(t *testing.T, st store.Store) *shop {
	t.Helper()
	ctx := context.Background()
	ada := personal()
	bob := personal()
	bob.ExternalID = "bob@example.org"
	require.NoError(t, st.CreateCustomers(ctx, []*customer.Customer{ada, bob}))
	p := newProduct()
	require.NoError(t, st.UpsertProducts(ctx, []order.Product{p}))
	o := newOrder(ada.ID)
	require.NoError(t, st.CreateOrder(ctx, o))
	r := newReturn(o)
	require.NoError(t, st.CreateReturn(ctx, r))
	require.NoError(t, st.AppendEvents(ctx, []behavior.Event{review(ada.ID),
		{Kind: behavior.KindView, CustomerID: ada.ID, ProductID: "p-mug", At: t0.Add(time.Hour)}}))
	return &shop{ada: *ada, bob: *bob, ord: *o, ret: *r, prod: p}
}

// snapshot renders everything in the store, read around the wrapper, so a
// refused write can be shown to have changed nothing.
func snapshot(t *testing.T, st store.Store) string {
	t.Helper()
	ctx := context.Background()
	var all []any
	add := func(v any, err error) {
		require.NoError(t, err)
		all = append(all, v)
	}
	for c, err := range st.Customers(ctx, store.CustomerFilter{}) {
		add(c, err)
	}
	for o, err := range st.Orders(ctx, store.OrderFilter{}) {
		add(o, err)
	}
	for r, err := range st.Returns(ctx, store.ReturnFilter{}) {
		add(r, err)
	}
	for p, err := range st.Products(ctx, store.ProductFilter{}) {
		add(p, err)
	}
	for e, err := range st.Events(ctx, store.EventFilter{}) {
		add(e, err)
	}
	// A refused call must leave the audit trail as it was too: no change
	// recorded, no payload erased.
	if j, ok := st.(store.Journal); ok {
		for c, err := range j.Changes(ctx, store.ChangeFilter{}) {
			add(c, err)
		}
	}
	b, err := json.Marshal(all)
	require.NoError(t, err)
	return string(b)
}

// drain reads a scan to its end and returns its first error.
func drain[T any](s func(yield func(T, error) bool)) error {
	for _, err := range s {
		if err != nil {
			return err
		}
	}
	return nil
}
