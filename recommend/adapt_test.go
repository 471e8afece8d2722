package recommend

import (
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

func TestFromOrdersAndBehavior(t *testing.T) {
	alice, bob := uuid.MustParse("00000000-0000-0000-0000-00000000000a"), uuid.MustParse("00000000-0000-0000-0000-00000000000b")
	at := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	line := func(p string, q int) order.Line { return order.Line{ProductID: p, Quantity: q} }
	orders := []order.Order{
		{CustomerID: alice, Status: order.StatusDelivered, Lines: []order.Line{line("p1", 3), line("p2", 1)}, PlacedAt: at},
		{CustomerID: alice, Status: order.StatusCancelled, Lines: []order.Line{line("p3", 1)}, PlacedAt: at},
		{CustomerID: bob, Status: order.StatusPaid, Lines: []order.Line{line("p2", 1)}, PlacedAt: at},
		{CustomerID: bob, Status: order.StatusRefunded, Lines: []order.Line{line("p4", 1)}, PlacedAt: at},
	}
	products := []order.Product{{ID: "p1", Name: "Kettle", Category: "kitchen", Active: true}, {ID: "p9", Name: "New", Category: "kitchen", Active: true}}
	in, err := FromOrders(orders, &OrderOptions{Products: products})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := in.Users.Index(alice.String())
	p1, _ := in.Items.Index("p1")
	if got := in.M.At(a, p1); got != 5 {
		t.Errorf("alice/p1 = %g, want one purchase of weight 5 whatever the quantity", got)
	}
	if _, ok := in.Items.Index("p3"); ok {
		t.Error("cancelled order counted")
	}
	if _, ok := in.Items.Index("p4"); ok {
		t.Error("refunded order counted")
	}
	if _, ok := in.Items.Index("p9"); !ok {
		t.Error("catalogue product without sales not registered")
	}
	if got := Baskets(orders); len(got) != 2 || len(got[0]) != 2 {
		t.Errorf("baskets %v", got)
	}
	events := []behavior.Event{
		{Kind: behavior.KindView, CustomerID: bob, ProductID: "p1", At: at},
		{Kind: behavior.KindReview, CustomerID: bob, ProductID: "p2", Rating: 1, At: at},
		{Kind: behavior.KindSearch, CustomerID: bob, Query: "kettle", At: at},
		{Kind: behavior.KindView, VisitorID: "v1", ProductID: "p1", At: at},
	}
	in, err = FromBehavior(events, orders, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := in.Users.Index(bob.String())
	p1, _ = in.Items.Index("p1")
	p2, _ := in.Items.Index("p2")
	if in.M.At(b, p1) != 1 || in.M.At(b, p2) != 5-2 {
		t.Errorf("bob: p1 %g (view 1), p2 %g (purchase 5 + review 1★ −2)", in.M.At(b, p1), in.M.At(b, p2))
	}
	if _, ok := in.Users.Index("visitor:v1"); ok {
		t.Error("anonymous event kept without includeAnonymous")
	}
	if got := BehaviorEvents(events, true); len(got) != 3 || got[2].User != "visitor:v1" {
		t.Errorf("anonymous events: %+v", got)
	}
	ps, names := CatalogFrom(products)
	if len(ps) != 2 || names["p1"] != "Kettle" || ps[0].Category != "kitchen" {
		t.Errorf("catalogue %v %v", ps, names)
	}
}
