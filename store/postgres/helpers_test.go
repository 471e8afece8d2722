package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"
)

// testDSN returns the server the tests run against. Without one the tests
// skip, except under CI, which must provide a server.
func testDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("CRMKIT_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CRMKIT_POSTGRES_DSN is not set, but CI must test against a real PostgreSQL server: source .ci/postgres.sh first")
		}
		t.Skip("CRMKIT_POSTGRES_DSN is not set: skipping the PostgreSQL tests (`. .ci/postgres.sh` starts a throw-away server and sets it)")
	}
	return dsn
}

// freshSchema returns a new schema name, dropped with everything in it when
// the test ends.
func freshSchema(t testing.TB, dsn string) string {
	t.Helper()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema := "crmkit_test_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	return schema
}

// openTest opens a store in a fresh schema, closed and dropped at cleanup.
func openTest(t testing.TB, opts *Options) *Store {
	t.Helper()
	dsn := testDSN(t)
	var o Options
	if opts != nil {
		o = *opts
	}
	o.Schema = freshSchema(t, dsn)
	st, err := Open(context.Background(), dsn, &o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func dec2(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var t0 = time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC)

// newCustomer returns a valid profile numbered n.
func newCustomer(n int) customer.Customer {
	return customer.Customer{
		ExternalID: fmt.Sprintf("ext-%d", n),
		Email:      fmt.Sprintf("Person.%d@Example.COM", n),
		FirstName:  "Ada",
		LastName:   fmt.Sprintf("Number%d", n),
		Phone:      "+44 20 7946 0958",
		Addresses:  []customer.Address{{Kind: "shipping", Line1: "1 High St", City: "London", Country: "gb"}},
		Tags:       []string{"VIP", "newsletter"},
		Attributes: map[string]string{"source": "test"},
		Consents:   []customer.Consent{{Channel: customer.ChannelEmail, Granted: true, At: t0, Source: "checkout", Purpose: "marketing"}},
		CreatedAt:  t0.Add(time.Duration(n) * time.Minute),
	}
}

// newOrder returns a valid paid order for the customer with two lines.
func newOrder(cust uuid.UUID, number string, at time.Time) order.Order {
	o := order.Order{
		Number:     number,
		CustomerID: cust,
		Status:     order.StatusPaid,
		Currency:   "EUR",
		Lines: []order.Line{
			{ProductID: "p1", Name: "Mug", Quantity: 2, UnitPrice: dec2("12.50"), Discount: dec2("0.00")},
			{ProductID: "p2", Name: "Tea", Quantity: 1, UnitPrice: dec2("0.10")},
		},
		Shipping: dec2("4.90"),
		Tax:      dec2("0.00"),
		PlacedAt: at,
		PaidAt:   at.Add(time.Minute),
	}
	o.Total = o.ComputeTotal()
	return o
}

// newView returns a valid product view event by the customer.
func newView(cust uuid.UUID, product string, at time.Time) behavior.Event {
	return behavior.Event{Kind: behavior.KindView, CustomerID: cust, ProductID: product, SessionID: "s1", At: at}
}
