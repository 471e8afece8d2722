package workflow_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/workflow"
	"github.com/shopspring/decimal"
)

// Example confirms an order by e-mail and sends a marketing follow-up only
// where the customer consented.
func Example() {
	ctx := context.Background()
	st := memory.New()
	mailer := &workflow.RecordingMailer{}
	confirm, _ := workflow.NewEmail(mailer, workflow.EmailTemplate{
		Subject: "Your order {{.Order.Number}}",
		Body:    "Hello {{.Customer.FirstName}}, thank you for order {{.Order.Number}} ({{money .Order.Total}} {{.Order.Currency}}).",
	})
	promo, _ := workflow.NewEmail(mailer, workflow.EmailTemplate{
		Subject: "Something you may like", Body: "Hi {{.Customer.FirstName}}", Marketing: true,
	})
	rules := []workflow.Rule{
		{Name: "order-confirmation", Trigger: workflow.OrderPlaced(), Action: confirm},
		{Name: "cross-sell", Trigger: workflow.OrderPlaced(), Condition: "total_spent >= 20", Action: promo},
	}
	state := workflow.NewMemoryState()
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	eng, err := workflow.New(st, state, rules, &workflow.Options{Clock: func() time.Time { return now }})
	if err != nil {
		panic(err)
	}

	ada := customer.Customer{Email: "ada@example.com", FirstName: "Ada"} // no marketing consent
	_ = st.CreateCustomer(ctx, &ada)
	o := order.Order{Number: "SO-1001", CustomerID: ada.ID, Status: order.StatusPaid, Currency: "EUR", PlacedAt: now,
		Lines: []order.Line{{ProductID: "mug", Name: "Mug", Quantity: 2, UnitPrice: decimal.RequireFromString("12.50")}}}
	o.Total = o.ComputeTotal()
	_ = st.CreateOrder(ctx, &o)

	stats, _ := eng.Step(ctx)
	fmt.Printf("enqueued %d, delivered %d, skipped %d\n", stats.Enqueued, stats.Delivered, stats.Skipped)
	for _, m := range mailer.Messages() {
		fmt.Printf("to %s: %s\n  %s\n", m.To, m.Subject, m.Text)
	}
	for r, err := range state.Runs(ctx, workflow.RunFilter{CustomerID: ada.ID}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(strings.TrimSpace(fmt.Sprintf("%s on %q: %s %s", r.Rule, r.Trigger, r.Result, r.Detail)))
	}
	// Unordered output:
	// enqueued 2, delivered 1, skipped 1
	// to ada@example.com: Your order SO-1001
	//   Hello Ada, thank you for order SO-1001 (25.00 EUR).
	// order-confirmation on "order create": ok
	// cross-sell on "order create": skipped no email marketing consent
}

// ExampleCron_Next lists the next firings of a weekday-morning schedule.
func ExampleCron_Next() {
	c := workflow.MustParseCron("30 8 * * MON-FRI")
	t := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC) // a Thursday
	for range 3 {
		t = c.Next(t)
		fmt.Println(t.Format("Mon 2006-01-02 15:04"))
	}
	// Output:
	// Fri 2026-01-02 08:30
	// Mon 2026-01-05 08:30
	// Tue 2026-01-06 08:30
}

// ExampleParseRelative reads a relative schedule and applies it.
func ExampleParseRelative() {
	r, err := workflow.ParseRelative("90 days after the last order")
	if err != nil {
		panic(err)
	}
	last := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	fmt.Println(r, "→", r.Delay.From(last).Format("2006-01-02"))
	// Output: 90 days after the last order → 2026-04-15
}
