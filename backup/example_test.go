package backup_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/crmkit/crmkit/backup"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store/memory"
)

func Example() {
	ctx := context.Background()
	shop := memory.New()
	c := customer.Customer{Email: "ada@example.com", FirstName: "Ada"}
	if err := shop.CreateCustomer(ctx, &c); err != nil {
		fmt.Println(err)
		return
	}

	var file bytes.Buffer // an *os.File in practice
	m, err := backup.Backup(ctx, shop, &file)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("backed up:", m.Counts.Customers, "customer, format version", m.Version)

	restored := memory.New()
	if _, err := backup.Restore(ctx, restored, &file); err != nil {
		fmt.Println(err)
		return
	}
	got, err := restored.GetCustomerByEmail(ctx, "ada@example.com")
	fmt.Println("restored:", got.FirstName, got.ID == c.ID, err)
	// Output:
	// backed up: 1 customer, format version 1
	// restored: Ada true <nil>
}
