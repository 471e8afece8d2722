package storetest

import (
	"fmt"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// base is the suite's reference time; fixture times are offsets from it.
var base = time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// newCustomer returns a valid profile numbered i, with every kind of field set.
func newCustomer(i int) *customer.Customer {
	c := &customer.Customer{
		ExternalID: fmt.Sprintf("ext-%05d", i),
		Email:      fmt.Sprintf("Person.%d@Example.COM", i),
		FirstName:  "Ada",
		LastName:   fmt.Sprintf("Lovelace-%d", i),
		Phone:      fmt.Sprintf("+44 20 7946 %04d", i%10000),
		Addresses: []customer.Address{{
			Kind: "shipping", Line1: fmt.Sprintf("%d Market Street", i), City: "London", PostalCode: "N1 9GU", Country: "gb",
		}},
		Tags:       []string{"Newsletter", fmt.Sprintf("cohort-%d", i%3)},
		Interests:  []string{"kitchen"},
		Attributes: map[string]string{"source": "storetest"},
		CreatedAt:  base.Add(time.Duration(i) * time.Hour),
	}
	c.GrantConsent(customer.ChannelEmail, base.Add(time.Duration(i)*time.Hour+time.Minute), "checkout")
	return c
}

// newOrder returns a valid paid order for customer cid with two lines.
func newOrder(cid uuid.UUID, number string, placed time.Time) *order.Order {
	o := &order.Order{
		Number:     number,
		CustomerID: cid,
		Status:     order.StatusPaid,
		Currency:   "EUR",
		Lines: []order.Line{
			{ProductID: "p-mug", SKU: "MUG-1", Name: "Mug", Category: "kitchen", Quantity: 2, UnitPrice: dec("9.95"), Discount: dec("0.90")},
			{ProductID: "p-tea", SKU: "TEA-7", Name: "Tea", Category: "food", Quantity: 1, UnitPrice: dec("4.10")},
		},
		Shipping:      dec("3.50"),
		Tax:           dec("4.21"),
		PaymentMethod: "card",
		PlacedAt:      placed,
		PaidAt:        placed.Add(time.Minute),
	}
	o.Total = o.ComputeTotal() // 19.00 + 4.10 + 3.50 + 4.21 = 30.81
	return o
}

func newEvent(cid uuid.UUID, kind behavior.Kind, product string, at time.Time) behavior.Event {
	e := behavior.Event{Kind: kind, CustomerID: cid, ProductID: product, SessionID: "s-" + at.Format("150405"), At: at}
	switch kind {
	case behavior.KindSearch:
		e.Query = "blue mug"
	case behavior.KindAddToCart, behavior.KindRemoveFromCart:
		e.Quantity = 1
	case behavior.KindReview:
		e.Rating = 4
		e.Text = "Sturdy and pretty"
	}
	return e
}

func newProduct(id, category string, active bool) order.Product {
	return order.Product{ID: id, SKU: "SKU-" + id, Name: "Product " + id, Category: category, Price: dec("12.30"), Currency: "EUR", Active: active}
}
