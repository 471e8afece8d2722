package privacy_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/postgres/pgtest"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// t0 is the fixtures' reference time.
var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// backends runs f once per store backend: memory, SQLite, and PostgreSQL
// when a server is configured (pgtest skips or, under CI, fails otherwise).
func backends(t *testing.T, f func(t *testing.T, st store.Store)) {
	t.Run("memory", func(t *testing.T) {
		st := memory.New()
		defer st.Close()
		f(t, st)
	})
	t.Run("sqlite", func(t *testing.T) {
		st := openSQLite(t)
		defer st.Close()
		f(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		f(t, pgtest.Open(t))
	})
}

func openSQLite(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "shop.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// marker returns a value found nowhere else: a prefix and 12 random hex digits.
func marker(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// person holds the recognisable personal values of a seeded customer.
type person struct {
	ID                          uuid.UUID
	Email, First, Last, Phone   string
	Street, Review, Reason, Tag string
	Orders, Returns, Events     int
}

// randomDigits returns n random decimal digits.
func randomDigits(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	return string(b)
}

// seedPerson stores a customer with every kind of personal data — profile,
// address, attributes, consents, two orders, a return with a reason,
// events with review and support texts — all carrying unique markers.
// activeAt dates the orders and events.
func seedPerson(t *testing.T, ctx context.Context, st store.Store, n int, activeAt time.Time) person {
	t.Helper()
	p := person{
		First:  marker("Firstname"),
		Last:   marker("Lastname"),
		Street: marker("Street"),
		Review: marker("review text "),
		Reason: marker("reason text "),
		Tag:    marker("tag"),
	}
	p.Email = marker("mail") + "@example.org"
	p.Phone = "+49" + randomDigits(11)
	c := &customer.Customer{
		Email: p.Email, FirstName: p.First, LastName: p.Last, Phone: p.Phone,
		Addresses:  []customer.Address{{Kind: "shipping", Line1: p.Street, City: "Berlin", Country: "DE"}},
		Attributes: map[string]string{"nickname": p.First},
		Tags:       []string{p.Tag},
		CreatedAt:  t0.AddDate(-3, 0, 0),
	}
	c.GrantConsent(customer.ChannelEmail, t0.AddDate(-3, 0, 0), "checkout")
	if err := st.CreateCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}
	p.ID = c.ID
	var orders []*order.Order
	for i := range 2 {
		o := &order.Order{
			Number: fmt.Sprintf("N-%d-%d-%s", n, i, marker("")), CustomerID: c.ID, Status: order.StatusDelivered, Currency: "EUR",
			Lines:    []order.Line{{ProductID: "p-kettle", Name: "Kettle", Quantity: 1, UnitPrice: decimal.RequireFromString("39.90")}},
			Shipping: decimal.RequireFromString("4.90"), PlacedAt: activeAt.Add(time.Duration(i) * time.Hour),
		}
		o.Total = o.ComputeTotal()
		if err := st.CreateOrder(ctx, o); err != nil {
			t.Fatal(err)
		}
		orders = append(orders, o)
	}
	p.Orders = 2
	r := &order.Return{
		OrderID: orders[0].ID, CustomerID: c.ID, Reason: p.Reason + " from " + p.First, Status: order.ReturnRequested,
		Items:       []order.ReturnItem{{ProductID: "p-kettle", Quantity: 1, Amount: decimal.RequireFromString("39.90")}},
		Amount:      decimal.RequireFromString("39.90"),
		RequestedAt: activeAt.Add(24 * time.Hour),
	}
	if err := st.CreateReturn(ctx, r); err != nil {
		t.Fatal(err)
	}
	p.Returns = 1
	evs := []behavior.Event{
		{Kind: behavior.KindView, CustomerID: c.ID, ProductID: "p-kettle", At: activeAt.Add(-time.Hour)},
		{Kind: behavior.KindReview, CustomerID: c.ID, ProductID: "p-kettle", Rating: 5, Text: p.Review + " signed " + p.Last, At: activeAt.Add(48 * time.Hour)},
		{Kind: behavior.KindSupport, CustomerID: c.ID, Text: "call me on " + p.Phone, Attributes: map[string]string{"email": p.Email}, At: activeAt.Add(50 * time.Hour)},
	}
	if err := st.AppendEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	p.Events = len(evs)
	return p
}

// recorder is a Forgetter that remembers whom it was told to forget.
type recorder struct{ forgot []string }

func (r *recorder) Forget(user string) { r.forgot = append(r.forgot, user) }
