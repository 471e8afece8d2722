package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

var t0 = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

// openTemp opens a store on a new file in the test's temporary directory
// and closes it at the end of the test.
func openTemp(t testing.TB) *Store {
	t.Helper()
	st, err := Open(filepath.Join(t.TempDir(), "crm.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func newCustomer(i int) customer.Customer {
	return customer.Customer{
		Email:      fmt.Sprintf("Person%d@Example.COM", i),
		ExternalID: fmt.Sprintf("ext-%d", i),
		FirstName:  "Ada",
		LastName:   fmt.Sprintf("Number%d", i),
		Tags:       []string{"VIP", fmt.Sprintf("cohort-%d", i%3)},
		Addresses:  []customer.Address{{Kind: "shipping", Line1: "1 High St", City: "Leeds", Country: "gb"}},
		Attributes: map[string]string{"source": "test"},
		CreatedAt:  t0.Add(time.Duration(i) * time.Hour),
	}
}

// newOrder returns a valid order: two lines, shipping and tax, placed at t.
func newOrder(cust uuid.UUID, number string, at time.Time, status order.Status) order.Order {
	o := order.Order{
		Number:     number,
		CustomerID: cust,
		Status:     status,
		Currency:   "EUR",
		Lines: []order.Line{
			{ProductID: "p-1", Name: "Mug", Quantity: 2, UnitPrice: dec("0.10"), Discount: dec("0.00")},
			{ProductID: "p-2", Name: "Tea", Quantity: 1, UnitPrice: dec("0.20")},
		},
		Shipping: dec("4.95"),
		Tax:      dec("1.05"),
		PlacedAt: at,
	}
	o.Total = o.ComputeTotal()
	return o
}

func newEvent(cust uuid.UUID, kind behavior.Kind, product string, at time.Time) behavior.Event {
	return behavior.Event{Kind: kind, CustomerID: cust, SessionID: "s-1", ProductID: product, At: at, Quantity: 1}
}

func mustCreateCustomer(t testing.TB, st *Store, c customer.Customer) customer.Customer {
	t.Helper()
	if err := st.CreateCustomer(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func mustCreateOrder(t testing.TB, st *Store, o order.Order) order.Order {
	t.Helper()
	if err := st.CreateOrder(context.Background(), &o); err != nil {
		t.Fatal(err)
	}
	return o
}
