package main

import (
	"context"
	"fmt"
	"io"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/store"
	"github.com/shopspring/decimal"
)

// printStoreSummary prints counts, revenue and data-quality facts read back
// from the store.
func printStoreSummary(ctx context.Context, st store.Store, shop *demo.Shop, w io.Writer) error {
	s, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "== The shop in the store")
	fmt.Fprintf(w, "%8d customers  %8d orders  %6d returns  %5d products  %8d behaviour events\n",
		s.Customers, s.Orders, s.Returns, s.Products, s.Events)

	revenue, refunded, sales := decimal.Zero, decimal.Zero, 0
	for o, err := range st.Orders(ctx, store.OrderFilter{}) {
		if err != nil {
			return err
		}
		if o.Counts() {
			sales++
			revenue = revenue.Add(o.Total)
			refunded = refunded.Add(o.RefundedAmount)
		}
	}
	fmt.Fprintf(w, "Sales: %d orders, %s %s gross, %s refunded, average order %s\n",
		sales, money(revenue), shop.Currency, money(refunded), money(revenue.Div(decimal.NewFromInt(int64(max(sales, 1))))))

	var all []customer.Customer
	emailOK := 0
	for c, err := range st.Customers(ctx, store.CustomerFilter{}) {
		if err != nil {
			return err
		}
		all = append(all, c)
		if c.HasConsent(customer.ChannelEmail) {
			emailOK++
		}
	}
	dups := customer.FindDuplicates(all)
	fmt.Fprintf(w, "Marketing e-mail allowed for %d of %d customers; %d duplicate profiles found (same phone or e-mail)\n\n",
		emailOK, len(all), len(dups))
	return nil
}

// money formats an amount with two decimals.
func money(d decimal.Decimal) string { return d.StringFixed(2) }
