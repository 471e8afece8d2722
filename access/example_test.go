package access_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store/memory"
)

// Example guards a store with the default policy: support sees and edits a
// profile, a marketer sees it masked, may still tag it without harming the
// real data, and may not delete it.
func Example() {
	st := access.Wrap(memory.New(), nil)
	defer st.Close()
	support := access.WithPrincipal(context.Background(),
		access.Principal{ID: "u-1", Name: "Sam", Roles: []access.Role{access.RoleSupport}})
	marketer := access.WithPrincipal(context.Background(),
		access.Principal{ID: "u-2", Name: "Mo", Roles: []access.Role{access.RoleMarketer}})

	ada := customer.Customer{Email: "ada@example.com", FirstName: "Ada", Phone: "+442079460958"}
	if err := st.CreateCustomer(support, &ada); err != nil {
		panic(err)
	}

	seen, _ := st.GetCustomer(marketer, ada.ID)
	fmt.Println("marketer sees:", seen.Email, seen.FirstName, seen.Phone)

	seen.AddTag("winback")
	if err := st.UpdateCustomer(marketer, &seen); err != nil {
		panic(err)
	}
	stored, _ := st.GetCustomer(support, ada.ID)
	fmt.Println("support sees:", stored.Email, stored.FirstName, stored.Tags)

	_, err := st.GetCustomerByEmail(marketer, "ada@example.com")
	fmt.Println("marketer looks up by e-mail:", errors.Is(err, access.ErrForbidden))
	fmt.Println(st.DeleteCustomer(marketer, ada.ID))
	// Output:
	// marketer sees: *** *** ***
	// support sees: ada@example.com Ada [winback]
	// marketer looks up by e-mail: true
	// access: forbidden: principal "u-2" (roles marketer) may not delete customers
}

// ExamplePolicy_String prints a custom policy for review.
func ExamplePolicy_String() {
	pol, err := access.NewPolicy(map[access.Role][]access.Permission{
		"auditor": {
			{Resource: access.ResourceCustomers, Action: access.ActionRead},
			{Resource: access.ResourceCustomers, Action: access.ActionExport},
			{Resource: access.ResourceStats, Action: access.ActionRead},
		},
	})
	if err != nil {
		panic(err)
	}
	fmt.Print(pol)
	// Output:
	// role       resource   read   write  delete export erase
	// auditor    customers  x      -      -      x      -
	// auditor    orders     -      -      -      -      -
	// auditor    returns    -      -      -      -      -
	// auditor    products   -      -      -      -      -
	// auditor    events     -      -      -      -      -
	// auditor    summaries  -      -      -      -      -
	// auditor    stats      x      -      -      -      -
	// auditor    pii        -      -      -      -      -
	// auditor    audit      -      -      -      -      -
}
