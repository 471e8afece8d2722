package store_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/shopspring/decimal"
)

// Example shows the store contract on the in-memory backend: typed errors,
// scans and per-customer summaries work the same on every backend.
func Example() {
	ctx := context.Background()
	st := memory.New()
	defer st.Close()

	ada := customer.Customer{Email: "ada@example.com", FirstName: "Ada"}
	if err := st.CreateCustomer(ctx, &ada); err != nil {
		panic(err)
	}
	err := st.CreateCustomer(ctx, &customer.Customer{Email: "ADA@example.com"})
	fmt.Println("same e-mail again:", err != nil && errors.Is(err, store.ErrConflict))

	for i, day := range []int{3, 10, 24} {
		o := order.Order{Number: fmt.Sprint(1000 + i), CustomerID: ada.ID, Status: order.StatusPaid, Currency: "EUR",
			PlacedAt: time.Date(2025, 3, day, 12, 0, 0, 0, time.UTC),
			Lines:    []order.Line{{ProductID: "mug", Quantity: i + 1, UnitPrice: decimal.RequireFromString("9.50")}}}
		o.Total = o.ComputeTotal()
		if err := st.CreateOrder(ctx, &o); err != nil {
			panic(err)
		}
	}
	for o, err := range st.Orders(ctx, store.OrderFilter{CustomerID: ada.ID, Desc: true, Limit: 2}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(o.Number, o.PlacedAt.Format("2006-01-02"), o.Total)
	}
	sum, err := store.SummaryOf(ctx, st, ada.ID, store.SummaryFilter{})
	if err != nil {
		panic(err)
	}
	fmt.Println(sum.Orders, "orders,", sum.Units, "units, spent", sum.TotalSpent)
	// Output:
	// same e-mail again: true
	// 1002 2025-03-24 28.5
	// 1001 2025-03-10 19
	// 3 orders, 6 units, spent 57
}
