package backup_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// fixture returns a batch that exercises every field a backup must carry:
// exact money with trailing zeros, microsecond times, Unicode, consents,
// attributes, a survey score of 0, a deleted customer's order, returns.
func fixture() store.Batch {
	at := func(day, us int) time.Time {
		return time.Date(2025, 3, day, 10, 30, 0, us*1000, time.UTC)
	}
	id := func(s string) uuid.UUID { return uuid.NewSHA1(uuid.NameSpaceOID, []byte(s)) }
	var b store.Batch
	for i, name := range []string{"Tasse «Æble»", "Teekanne", "Ställ"} {
		b.Products = append(b.Products, order.Product{
			ID: fmt.Sprintf("p%d", i+1), SKU: fmt.Sprintf("SKU-%d", i+1), Name: name, Category: "kitchen",
			Price: decimal.RequireFromString(fmt.Sprintf("%d.50", 3+i)), Currency: "EUR", Active: i != 2, UpdatedAt: at(1, 7),
		})
	}
	for i := range 4 {
		c := customer.Customer{
			ID: id(fmt.Sprintf("c%d", i)), ExternalID: fmt.Sprintf("ext-%d", i),
			Email: fmt.Sprintf("kunde%d@example.de", i), FirstName: "Zoë", LastName: "Łukasiewicz",
			Tags: []string{"vip"}, Attributes: map[string]string{"tier": fmt.Sprint(i)},
			CreatedAt: at(1+i, 123456), UpdatedAt: at(2+i, 1), Version: int64(1 + i),
		}
		c.GrantConsent(customer.ChannelEmail, at(1+i, 5), "signup form")
		if i == 3 {
			c.Addresses = []customer.Address{{Kind: "shipping", Line1: "Hauptstraße 1", City: "Köln", PostalCode: "50667", Country: "DE"}}
		}
		b.Customers = append(b.Customers, c)
	}
	for i := range 5 {
		cust := b.Customers[i%4].ID
		if i == 4 {
			cust = id("deleted customer") // orders outlive a deleted profile
		}
		o := order.Order{
			ID: id(fmt.Sprintf("o%d", i)), Number: fmt.Sprintf("10%02d", i), CustomerID: cust,
			Status: order.StatusDelivered, Currency: "EUR", PaymentMethod: "card",
			Lines: []order.Line{
				{ProductID: "p1", SKU: "SKU-1", Name: "Tasse «Æble»", Quantity: 2 + i, UnitPrice: decimal.RequireFromString("3.50")},
				{ProductID: "p2", Quantity: 1, UnitPrice: decimal.RequireFromString("19.999"), Discount: decimal.RequireFromString("0.10")},
			},
			Shipping: decimal.RequireFromString("4.90"), Tax: decimal.RequireFromString("0.00"),
			PlacedAt: at(5+i, 999999), PaidAt: at(5+i, 1000000-1), DeliveredAt: at(8+i, 0), UpdatedAt: at(9+i, 42), Version: 3,
		}
		o.Total = o.ComputeTotal()
		b.Orders = append(b.Orders, o)
	}
	r := order.Return{
		ID: id("r0"), OrderID: b.Orders[0].ID, CustomerID: b.Orders[0].CustomerID,
		Items:  []order.ReturnItem{{ProductID: "p1", Quantity: 1, Amount: decimal.RequireFromString("3.50")}},
		Reason: "zerbrochen", Status: order.ReturnRefunded, RequestedAt: at(12, 3), ResolvedAt: at(13, 4), UpdatedAt: at(13, 4), Version: 2,
	}
	r.Amount = r.ComputeAmount()
	b.Returns = append(b.Returns, r)
	zero := 0
	b.Events = []behavior.Event{
		{ID: id("e0"), Kind: behavior.KindView, CustomerID: b.Customers[0].ID, ProductID: "p1", SessionID: "s1", At: at(4, 11)},
		{ID: id("e1"), Kind: behavior.KindSurvey, CustomerID: b.Customers[1].ID, Score: &zero, Text: "nein", At: at(4, 12)},
		{ID: id("e2"), Kind: behavior.KindSearch, VisitorID: "v-9", Query: "tee", Attributes: map[string]string{"src": "app"}, At: at(4, 13)},
	}
	return b
}

// seeded returns st loaded with the fixture.
func seeded(t *testing.T, st store.Store) store.Store {
	t.Helper()
	if _, err := store.Load(context.Background(), st, fixture(), store.ConflictFail); err != nil {
		t.Fatalf("seeding: %v", err)
	}
	return st
}

// dump returns every record of st as JSON lines grouped by kind, sorted, so
// two stores holding equal data give equal dumps whatever their scan order.
func dump(t *testing.T, st store.Store) map[string][]string {
	t.Helper()
	ctx := context.Background()
	out := map[string][]string{}
	add := func(kind string, v any, err error) {
		if err != nil {
			t.Fatalf("scanning %s: %v", kind, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[kind] = append(out[kind], string(b))
	}
	for v, err := range st.Products(ctx, store.ProductFilter{}) {
		add("product", v, err)
	}
	for v, err := range st.Customers(ctx, store.CustomerFilter{}) {
		add("customer", v, err)
	}
	for v, err := range st.Orders(ctx, store.OrderFilter{}) {
		add("order", v, err)
	}
	for v, err := range st.Returns(ctx, store.ReturnFilter{}) {
		add("return", v, err)
	}
	for v, err := range st.Events(ctx, store.EventFilter{}) {
		add("event", v, err)
	}
	for _, lines := range out {
		slices.Sort(lines)
	}
	return out
}
