package risk_test

import (
	"context"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/risk"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// A customer with five orders of headphones asks for the money back on the
// fifth without sending it, after two such claims in the spring.
func ExampleEvaluate() {
	day := func(d int) time.Time { return time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	customer := uuid.MustParse("00000000-0000-0000-0000-0000000000c1")
	var h risk.History
	h.CustomerID, h.AccountCreated = customer, day(-400)
	for i := range 5 {
		price := decimal.NewFromInt(180)
		h.Orders = append(h.Orders, order.Order{
			ID: uuid.UUID{15: byte(i + 1)}, CustomerID: customer, Status: order.StatusDelivered, Currency: "EUR",
			Lines:    []order.Line{{ProductID: "headphones", Category: "electronics", Quantity: 1, UnitPrice: price}},
			Total:    price,
			PlacedAt: day(20 * i), PaidAt: day(20 * i), DeliveredAt: day(20*i + 2),
		})
	}
	claim := func(i int, at time.Time) order.Return {
		return order.Return{
			ID: uuid.UUID{14: 1, 15: byte(i)}, OrderID: h.Orders[i].ID, CustomerID: customer,
			Items:  []order.ReturnItem{{ProductID: "headphones", Quantity: 1, Amount: h.Orders[i].Total}},
			Amount: h.Orders[i].Total, RefundOnly: true, Reason: "item never arrived",
			Status: order.ReturnRequested, RequestedAt: at,
		}
	}
	h.Returns = []order.Return{claim(0, day(3)), claim(2, day(43))}
	req := risk.Request{Return: claim(4, day(84)), Order: h.Orders[4]}

	d := risk.Evaluate(req, h, risk.DefaultPolicy(), nil)
	fmt.Println(d.Outcome, d.Score)
	for _, r := range d.Reasons {
		fmt.Printf("%-18s %4.0f  %s\n", r.Rule, r.Points, r.Text)
	}
	// Output:
	// deny 110
	// repeat_refund_only   35  2 earlier refund-only requests in the last 365 days; 2 or more count as repeated
	// refund_share         30  refunds asked in the last 365 days, this one included, are 60 % of spend (540 of 900); limit is 40 %
	// return_rate          30  3 of the last 5 delivered orders returned; limit is 50 %
	// refund_only          15  refund without goods sent back ("item never arrived")
}

// The store front on the demo shop: the latest request of a planted refund
// abuser and that of an honest customer, each judged on the customer's
// history as the store knew it when the request was made, against the
// population as it stands today.
func ExampleChecker_Check() {
	ctx := context.Background()
	shop, err := demo.Generate(&demo.Options{Seed: 4, Customers: 300, NoEvents: true})
	if err != nil {
		panic(err)
	}
	st := memory.New()
	if _, err := shop.Load(ctx, st, nil); err != nil {
		panic(err)
	}
	pop, err := risk.FitPopulationFromStore(ctx, st, nil)
	if err != nil {
		panic(err)
	}
	chk, err := risk.NewChecker(nil, pop)
	if err != nil {
		panic(err)
	}
	latest := map[bool]order.Return{}
	for _, r := range shop.Returns {
		latest[shop.Truth.IsAbuser(r.CustomerID)] = r
	}
	for _, abuser := range []bool{true, false} {
		d, err := chk.Check(ctx, st, latest[abuser])
		if err != nil {
			panic(err)
		}
		fmt.Printf("abuser=%v: %s (score %.1f)\n", abuser, d.Outcome, d.Score)
		for _, r := range d.Reasons {
			fmt.Printf("  %s (%.1f): %s\n", r.Rule, r.Points, r.Text)
		}
		if len(d.Reasons) == 0 {
			fmt.Println("  no rule fired")
		}
	}
	// Output:
	// abuser=true: review (score 56.3)
	//   return_rate (30.0): 4 of the last 5 delivered orders returned; limit is 50 %
	//   high_value (15.0): asks 354.50 back; high value from 250.00
	//   anomaly (11.3): returns unlike other customers': refund only share 0.34 against a median of 0.12 (z 4.4)
	// abuser=false: approve (score 0.0)
	//   no rule fired
}
