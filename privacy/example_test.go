package privacy_test

import (
	"context"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/shopspring/decimal"
)

func Example() {
	ctx := context.Background()
	st := memory.New()
	defer st.Close()
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

	ada := &customer.Customer{Email: "ada@example.com", FirstName: "Ada", CreatedAt: at}
	_ = st.CreateCustomer(ctx, ada)
	_, _ = privacy.RecordConsent(ctx, st, ada.ID, customer.Consent{
		Channel: customer.ChannelEmail, Granted: true, At: at, Source: "checkout", Purpose: "newsletter",
	})
	o := &order.Order{Number: "1001", CustomerID: ada.ID, Status: order.StatusPaid, Currency: "EUR", PlacedAt: at,
		Lines: []order.Line{{ProductID: "kettle", Quantity: 1, UnitPrice: decimal.RequireFromString("39.90")}}}
	o.Total = o.ComputeTotal()
	_ = st.CreateOrder(ctx, o)

	doc, err := privacy.Export(ctx, st, ada.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("export:", doc.Profile.Email, len(doc.Consents), "consent,", len(doc.Orders), "order")

	rc, err := privacy.Erase(ctx, st, ada.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("profile removed:", rc.ProfileRemoved, "orders kept:", rc.OrdersKept)

	doc, _ = privacy.Export(ctx, st, ada.ID)
	fmt.Println("after:", doc.Profile == nil, doc.Orders[0].Total)
	// Output:
	// export: ada@example.com 1 consent, 1 order
	// profile removed: true orders kept: 1
	// after: true 39.9
}

func ExampleSweep() {
	ctx := context.Background()
	st := memory.New()
	defer st.Close()
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	for i, created := range []time.Time{now.AddDate(-3, 0, 0), now.AddDate(0, -1, 0)} {
		_ = st.CreateCustomer(ctx, &customer.Customer{Email: fmt.Sprintf("c%d@example.com", i), CreatedAt: created})
	}

	rep, err := privacy.Sweep(ctx, st, privacy.RetentionPolicy{InactiveFor: 2 * 365 * 24 * time.Hour}, now,
		&privacy.SweepOptions{DryRun: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("cutoff", rep.Cutoff.Format(time.DateOnly), "scanned", rep.Scanned, "inactive", len(rep.Inactive))
	// Output:
	// cutoff 2023-06-02 scanned 1 inactive 1
}

func ExampleRecordConsent() {
	ctx := context.Background()
	st := memory.New()
	defer st.Close()
	signup := time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC)
	c := &customer.Customer{Email: "grace@example.com", CreatedAt: signup}
	_ = st.CreateCustomer(ctx, c)

	_, _ = privacy.RecordConsent(ctx, st, c.ID, customer.Consent{
		Channel: customer.ChannelEmail, Granted: true, At: signup, Source: "checkout", Purpose: "newsletter"})
	stored, err := privacy.RecordConsent(ctx, st, c.ID, customer.Consent{
		Channel: customer.ChannelEmail, Granted: false, At: signup.AddDate(0, 3, 0), Source: "unsubscribe_link", Purpose: "newsletter"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, when := range []time.Time{signup.AddDate(0, 1, 0), signup.AddDate(0, 6, 0)} {
		rec, ok := privacy.ConsentAt(&stored, customer.ChannelEmail, "newsletter", when)
		fmt.Println(when.Format(time.DateOnly), ok && rec.Granted, rec.Source)
	}
	// Output:
	// 2025-02-10 true checkout
	// 2025-07-10 false unsubscribe_link
}
