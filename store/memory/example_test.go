package memory_test

import (
	"context"
	"fmt"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store/memory"
)

func ExampleNew() {
	ctx := context.Background()
	st := memory.New()
	defer st.Close()

	c := customer.Customer{Email: "grace@example.com", Tags: []string{"VIP"}}
	if err := st.CreateCustomer(ctx, &c); err != nil {
		panic(err)
	}
	c.Tags[0] = "changed after the call" // the store keeps its own copy
	got, _ := st.GetCustomerByEmail(ctx, "GRACE@example.com")
	fmt.Println(got.Tags, got.Version)
	// Output: [vip] 1
}
