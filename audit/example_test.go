package audit_test

import (
	"context"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/audit"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

func Example() {
	clock := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	st := memory.NewWithOptions(&memory.Options{Now: func() time.Time { return clock }})
	ctx := context.Background()
	support := store.WithActor(ctx, "support:kim")
	shop := store.WithActor(ctx, "checkout")

	c := customer.Customer{ID: uuid.MustParse("0197a3c0-0000-7000-8000-000000000001"), Email: "ada@example.com", FirstName: "Ada"}
	if err := st.CreateCustomer(shop, &c); err != nil {
		panic(err)
	}
	o := order.Order{Number: "A-1", CustomerID: c.ID, Status: order.StatusPaid, Currency: "GBP", PlacedAt: clock,
		Lines: []order.Line{{ProductID: "p-1", Quantity: 1, UnitPrice: decimal.RequireFromString("9.90")}}}
	o.Total = o.ComputeTotal()
	if err := st.CreateOrder(shop, &o); err != nil {
		panic(err)
	}
	o.Status = order.StatusRefunded
	if err := st.UpdateOrder(support, &o); err != nil {
		panic(err)
	}

	// The host keeps the head somewhere the database's writers cannot reach.
	anchor, err := audit.Head(ctx, st)
	if err != nil {
		panic(err)
	}
	rep, err := audit.Verify(ctx, st, &audit.VerifyOptions{Anchor: anchor})
	if err != nil {
		panic(err)
	}
	fmt.Printf("verified %d changes, ok: %v\n", rep.Verified, rep.OK)

	for ch, err := range audit.ForCustomer(ctx, st, c.ID) {
		if err != nil {
			panic(err)
		}
		fmt.Println(ch.Seq, ch.At.Format(time.DateTime), ch.Actor, ch.Op, ch.Entity, ch.Detail)
	}
	for ch, err := range audit.ByActor(ctx, st, "support:kim") {
		if err != nil {
			panic(err)
		}
		fmt.Printf("support:kim moved order %s from %s to %s\n", o.Number,
			ch.Detail[store.DetailStatusFrom], ch.Detail[store.DetailStatusTo])
	}
	// Output:
	// verified 3 changes, ok: true
	// 1 2025-06-02 09:00:00 checkout create customer map[]
	// 2 2025-06-02 09:00:00 checkout create order map[]
	// 3 2025-06-02 09:00:00 support:kim update order map[status.from:paid status.to:refunded]
	// support:kim moved order A-1 from paid to refunded
}
