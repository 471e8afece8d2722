package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// printCustomer360 shows everything the store holds about the shop's best
// customer by net spend: profile, consent, order summary, latest orders,
// returns and recent behaviour.
func printCustomer360(ctx context.Context, st store.Store, shop *demo.Shop, asOf time.Time, w io.Writer) error {
	var best store.CustomerSummary
	for s, err := range store.Summaries(ctx, st, store.SummaryFilter{}) {
		if err != nil {
			return err
		}
		if s.NetSpent().GreaterThan(best.NetSpent()) {
			best = s
		}
	}
	if best.CustomerID == uuid.Nil {
		return nil
	}
	c, err := st.GetCustomer(ctx, best.CustomerID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== Customer 360°: the best customer by net spend\n")
	contact := "<" + c.Email + ">"
	if c.Phone != "" {
		contact += " " + c.Phone
	}
	fmt.Fprintf(w, "%s %s, customer since %s (planted type: %s)\n", c.Name(), contact,
		c.CreatedAt.Format("2006-01-02"), shop.Truth.TypeOf(c.ID))
	if len(c.Addresses) > 0 {
		a := c.Addresses[0]
		fmt.Fprintf(w, "Address: %s, %s %s, %s\n", a.Line1, a.PostalCode, a.City, a.Country)
	}
	fmt.Fprintf(w, "Tags: %s; interests: %s\n", strings.Join(c.Tags, ", "), strings.Join(c.Interests, ", "))
	for _, ch := range []customer.Channel{customer.ChannelEmail, customer.ChannelSMS} {
		if rec, ok := c.ConsentFor(ch); ok {
			verb := "granted"
			if !rec.Granted {
				verb = "withdrawn"
			}
			fmt.Fprintf(w, "Consent %s: %s %s via %s\n", ch, verb, rec.At.Format("2006-01-02"), rec.Source)
		} else {
			fmt.Fprintf(w, "Consent %s: never given\n", ch)
		}
	}
	fmt.Fprintf(w, "Orders: %d (%d units), spent %s, refunded %s, %d return requests; first %s, last %s (%d days before %s)\n",
		best.Orders, best.Units, money(best.TotalSpent), money(best.Refunded), best.Returns,
		best.FirstOrderAt.Format("2006-01-02"), best.LastOrderAt.Format("2006-01-02"),
		int(asOf.Sub(best.LastOrderAt).Hours()/24), asOf.Format("2006-01-02"))

	latest, _, err := store.Collect(st.Orders(ctx, store.OrderFilter{CustomerID: c.ID, Desc: true, Limit: 5}), 5, store.OrderCursor)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Latest orders:")
	for _, o := range latest {
		fmt.Fprintf(w, "  %s  %s  %-18s %8s %s  %s\n", o.PlacedAt.Format("2006-01-02"), o.Number, o.Status,
			money(o.Total), o.Currency, lineSummary(o))
	}
	returns, _, err := store.Collect(st.Returns(ctx, store.ReturnFilter{CustomerID: c.ID}), 0, store.ReturnCursor)
	if err != nil {
		return err
	}
	for _, r := range returns {
		fmt.Fprintf(w, "  return %s: %s, %s, %s\n", r.RequestedAt.Format("2006-01-02"), money(r.Amount), r.Status, r.Reason)
	}
	events, _, err := store.Collect(st.Events(ctx, store.EventFilter{CustomerID: c.ID, Desc: true, Limit: 50}), 50, store.EventCursor)
	if err != nil {
		return err
	}
	kinds := map[behavior.Kind]int{}
	for _, e := range events {
		kinds[e.Kind]++
	}
	fmt.Fprintf(w, "Last %d behaviour events: %s\n", len(events), kindCounts(kinds))
	for _, e := range events[:min(6, len(events))] {
		fmt.Fprintf(w, "  %s  %-11s %s\n", e.At.Format("2006-01-02 15:04"), e.Kind, e.Glance())
	}
	fmt.Fprintln(w)
	return nil
}

func lineSummary(o order.Order) string {
	parts := make([]string, 0, len(o.Lines))
	for _, l := range o.Lines {
		parts = append(parts, fmt.Sprintf("%d× %s", l.Quantity, l.Name))
	}
	s := strings.Join(parts, ", ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

func kindCounts(m map[behavior.Kind]int) string {
	var parts []string
	for _, k := range behavior.Kinds {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
		}
	}
	return strings.Join(parts, ", ")
}
