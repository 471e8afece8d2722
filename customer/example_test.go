package customer_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/google/uuid"
)

func ExampleCustomer_Validate() {
	c := customer.Customer{Email: " Ada@Example.COM ", Phone: "+44 20 7946 0958"}
	c.Normalize()
	fmt.Println(c.Email, c.Phone, c.Validate())

	c.Addresses = []customer.Address{{Line1: "1 Main St", City: "York", Country: "England"}}
	c.Normalize()
	var ve *customer.ValidationError
	if errors.As(c.Validate(), &ve) {
		fmt.Println(ve.Field, "-", ve.Reason)
	}
	// Output:
	// Ada@example.com +442079460958 <nil>
	// addresses[0].country - must be an ISO 3166-1 alpha-2 code such as GB or DE
}

func ExampleMerge() {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	keep := customer.Customer{ID: uuid.MustParse("00000000-0000-0000-0000-000000000001"), Email: "ada@example.com", FirstName: "Ada"}
	drop := customer.Customer{ID: uuid.MustParse("00000000-0000-0000-0000-000000000002"), Email: "ADA@example.com", FirstName: "Augusta", Phone: "+442079460958"}
	drop.GrantConsent(customer.ChannelSMS, at, "checkout")

	fmt.Println(len(customer.FindDuplicates([]customer.Customer{keep, drop})), "duplicate group")
	m := customer.Merge(keep, drop)
	fmt.Println(m.ID == keep.ID, m.FirstName, m.Phone, m.HasConsent(customer.ChannelSMS))
	fmt.Println(m.Attributes["merged_from.00000000-0000-0000-0000-000000000002.first_name"])
	// Output:
	// 1 duplicate group
	// true Ada +442079460958 true
	// Augusta
}
