package sqlite_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/shopspring/decimal"
)

func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "crmkit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	st, err := sqlite.Open(filepath.Join(dir, "shop.db"), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()

	c := customer.Customer{Email: "Ada@Example.COM", FirstName: "Ada", Tags: []string{"VIP"}}
	if err := st.CreateCustomer(ctx, &c); err != nil {
		log.Fatal(err)
	}
	for i, price := range []string{"0.10", "0.20"} {
		o := order.Order{
			Number: fmt.Sprintf("A-%d", i+1), CustomerID: c.ID, Status: order.StatusPaid, Currency: "EUR",
			Lines:    []order.Line{{ProductID: "tea", Quantity: 1, UnitPrice: decimal.RequireFromString(price)}},
			PlacedAt: time.Date(2024, 3, i+1, 10, 0, 0, 0, time.UTC),
		}
		o.Total = o.ComputeTotal()
		if err := st.CreateOrder(ctx, &o); err != nil {
			log.Fatal(err)
		}
	}
	dup := customer.Customer{Email: "ada@example.com"}
	fmt.Println("duplicate e-mail refused:", st.CreateCustomer(ctx, &dup) != nil)

	sum, err := st.CustomerSummary(ctx, c.ID, store.SummaryFilter{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Email, c.Tags, "orders:", sum.Orders, "spent:", sum.TotalSpent.StringFixed(2))
	fmt.Println("first order:", sum.FirstOrderAt.Format(time.DateOnly))
	// Output:
	// duplicate e-mail refused: true
	// Ada@example.com [vip] orders: 2 spent: 0.30
	// first order: 2024-03-01
}

// ExampleStore_Backup takes a consistent copy of a store in use and opens it.
func ExampleStore_Backup() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "crmkit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	st, err := sqlite.Open(filepath.Join(dir, "shop.db"), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	c := customer.Customer{Email: "grace@example.com"}
	if err := st.CreateCustomer(ctx, &c); err != nil {
		log.Fatal(err)
	}

	if err := st.Backup(ctx, filepath.Join(dir, "copy.db")); err != nil {
		log.Fatal(err)
	}
	cp, err := sqlite.Open(filepath.Join(dir, "copy.db"), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer cp.Close()
	got, err := cp.GetCustomerByEmail(ctx, "GRACE@example.com")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Email, got.ID == c.ID)
	// Output: grace@example.com true
}
