package main

import (
	"context"
	"fmt"
	"io"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/risk"
	"github.com/crmkit/crmkit/store"
)

// printRefundDecisions checks the latest return request of a planted refund
// abuser and of an honest customer against the default policy and the
// population of all customers' return behaviour, with the reasons.
func printRefundDecisions(ctx context.Context, st store.Store, shop *demo.Shop, w io.Writer) error {
	pop, err := risk.FitPopulationFromStore(ctx, st, nil)
	if err != nil {
		return err
	}
	chk, err := risk.NewChecker(nil, pop)
	if err != nil {
		return err
	}
	latest := map[bool]order.Return{}
	for _, r := range shop.Returns {
		latest[shop.Truth.IsAbuser(r.CustomerID)] = r
	}
	fmt.Fprintln(w, "== Refund and return decisions (default policy + population anomaly model)")
	for _, abuser := range []bool{true, false} {
		r, ok := latest[abuser]
		if !ok {
			continue
		}
		d, err := chk.Check(ctx, st, r)
		if err != nil {
			return err
		}
		who := "an honest customer"
		if abuser {
			who = "a planted refund abuser"
		}
		c, err := st.GetCustomer(ctx, r.CustomerID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s (%s) asks %s back on %s: %s, score %.0f\n", c.Name(), who, money(r.Amount),
			r.RequestedAt.Format("2006-01-02"), d.Outcome, d.Score)
		if len(d.Reasons) == 0 {
			fmt.Fprintln(w, "  no rule fired")
		}
		for _, reason := range d.Reasons {
			fmt.Fprintf(w, "  +%2.0f %-18s %s\n", reason.Points, reason.Rule, reason.Text)
		}
	}
	fmt.Fprintln(w)
	return nil
}
