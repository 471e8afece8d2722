package postgres_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/postgres"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Example opens a store, records a customer and an order and reads the
// customer's summary, computed in SQL. It needs a server, so it is compiled
// but not run by go test (it has no Output comment); with
// CRMKIT_POSTGRES_DSN set it prints
//
//	orders 1, spent 42.50
func Example() {
	ctx := context.Background()
	st, err := postgres.Open(ctx, os.Getenv("CRMKIT_POSTGRES_DSN"), &postgres.Options{Schema: "crmkit_example"})
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()

	c := customer.Customer{Email: "ada@example.com", FirstName: "Ada"}
	if err := st.CreateCustomer(ctx, &c); err != nil {
		log.Fatal(err) // *customer.ValidationError, or store.ErrConflict when the e-mail is taken
	}
	o := order.Order{
		Number: "1001-" + uuid.NewString()[:8], CustomerID: c.ID, Status: order.StatusPaid, Currency: "EUR",
		Lines:    []order.Line{{ProductID: "mug", Quantity: 2, UnitPrice: decimal.RequireFromString("18.75")}},
		Shipping: decimal.RequireFromString("5.00"),
		PlacedAt: time.Now(),
	}
	o.Total = o.ComputeTotal()
	if err := st.CreateOrder(ctx, &o); err != nil {
		log.Fatal(err)
	}
	sum, err := store.SummaryOf(ctx, st, c.ID, store.SummaryFilter{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("orders %d, spent %s\n", sum.Orders, sum.TotalSpent.StringFixed(2))
}
