package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/segment/segmentstore"
	"github.com/crmkit/crmkit/store"
)

// customerView is the 360° view of one customer, the -json output of
// crmkit customers show.
type customerView struct {
	Profile customer.Customer     `json:"profile"`
	Summary store.CustomerSummary `json:"summary"`
	// NetSpent is the summary's total less refunds.
	NetSpent string `json:"net_spent"`
	// RFM is the customer's score among all customers as of AsOf; null
	// without orders or with -rfm=false.
	RFM  *segment.Score `json:"rfm"`
	AsOf time.Time      `json:"as_of,omitzero"`
	// Orders are the latest orders, newest first; OrderCount counts all.
	Orders     []order.Order  `json:"orders"`
	OrderCount int            `json:"order_count"`
	Returns    []order.Return `json:"returns"`
	// Events are the latest behaviour events, newest first; EventCounts
	// counts all of the customer's events by kind.
	Events      []behavior.Event `json:"events"`
	EventCounts map[string]int   `json:"event_counts"`
}

func runCustomersShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit customers show", stderr)
	usageFor(fs, stderr, "crmkit customers show [flags] ID|EMAIL|EXTERNAL-ID",
		"Shows everything about one customer: profile, consents, order summary and RFM segment,\nlatest orders, returns and recent behaviour.", "")
	db := fs.String("db", "crmkit-demo.db", dbFlagDoc)
	nOrders := fs.Int("orders", 10, "latest orders to show (0: all)")
	nEvents := fs.Int("events", 10, "latest behaviour events to show (0: all)")
	withRFM := fs.Bool("rfm", true, "score the customer's RFM segment among all customers (scans every summary)")
	asOf := fs.String("as-of", "", "RFM recency is measured to this day (default: the day after the latest order)")
	asJSON := fs.Bool("json", false, "print the view as JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return fmt.Errorf("%w: customers show needs one customer (ID, e-mail or external ID)", errUsage)
	}
	if *nOrders < 0 || *nEvents < 0 {
		return fmt.Errorf("%w: -orders and -events must be 0 (all) or more", errUsage)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := findCustomer(ctx, st, pos[0])
	if err != nil {
		return err
	}
	v, err := buildCustomerView(ctx, st, c, *nOrders, *nEvents, *withRFM, *asOf)
	if err != nil {
		return err
	}
	if *asJSON {
		return encodeJSON(stdout, v)
	}
	printCustomerView(stdout, v)
	return st.Close()
}

func buildCustomerView(ctx context.Context, st store.Store, c customer.Customer, nOrders, nEvents int, withRFM bool, asOfFlag string) (*customerView, error) {
	v := &customerView{Profile: c, EventCounts: map[string]int{}}
	var err error
	if v.Summary, err = store.SummaryOf(ctx, st, c.ID, store.SummaryFilter{}); err != nil {
		return nil, err
	}
	v.NetSpent = money(v.Summary.NetSpent())
	for o, err := range st.Orders(ctx, store.OrderFilter{CustomerID: c.ID, Desc: true}) {
		if err != nil {
			return nil, err
		}
		if nOrders == 0 || len(v.Orders) < nOrders {
			v.Orders = append(v.Orders, o)
		}
		v.OrderCount++
	}
	if v.Returns, _, err = store.Collect(st.Returns(ctx, store.ReturnFilter{CustomerID: c.ID}), 0, store.ReturnCursor); err != nil {
		return nil, err
	}
	for e, err := range st.Events(ctx, store.EventFilter{CustomerID: c.ID, Desc: true}) {
		if err != nil {
			return nil, err
		}
		if nEvents == 0 || len(v.Events) < nEvents {
			v.Events = append(v.Events, e)
		}
		v.EventCounts[string(e.Kind)]++
	}
	if v.Orders == nil {
		v.Orders = []order.Order{}
	}
	if v.Returns == nil {
		v.Returns = []order.Return{}
	}
	if v.Events == nil {
		v.Events = []behavior.Event{}
	}
	if withRFM && v.Summary.Orders > 0 {
		asOf, err := asOfOrEnd(ctx, st, asOfFlag)
		if err != nil {
			return nil, err
		}
		recs, err := segmentstore.Records(ctx, st, store.SummaryFilter{Until: asOf})
		if err != nil {
			return nil, err
		}
		res, err := segment.RFM(recs, segment.RFMOptions{AsOf: asOf})
		if err != nil && !errors.Is(err, segment.ErrNoData) {
			return nil, err
		}
		if res != nil {
			for i := range res.Scores {
				if res.Scores[i].CustomerID == c.ID {
					v.RFM, v.AsOf = &res.Scores[i], asOf
					break
				}
			}
		}
	}
	return v, nil
}

func printCustomerView(w io.Writer, v *customerView) {
	c := v.Profile
	fmt.Fprintf(w, "customer %s", c.ID)
	if c.ExternalID != "" {
		fmt.Fprintf(w, " (external ID %s)", c.ExternalID)
	}
	fmt.Fprintln(w)
	tw := newTable(w)
	row := func(k, val string) {
		if val != "" {
			fmt.Fprintf(tw, "  %s\t%s\n", k, val)
		}
	}
	row("name", c.Name())
	row("e-mail", c.Email)
	row("phone", c.Phone)
	for _, a := range c.Addresses {
		label := "address"
		if a.Kind != "" {
			label += " (" + a.Kind + ")"
		}
		row(label, strings.Join(nonEmpty(a.Line1, a.Line2, strings.TrimSpace(a.PostalCode+" "+a.City), a.Region, a.Country), ", "))
	}
	row("customer since", c.CreatedAt.UTC().Format("2006-01-02 15:04 MST"))
	row("tags", strings.Join(c.Tags, ", "))
	row("interests", strings.Join(c.Interests, ", "))
	if len(c.Attributes) > 0 {
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(c.Attributes)) {
			kv = append(kv, k+"="+c.Attributes[k])
		}
		row("attributes", strings.Join(kv, " "))
	}
	for _, ch := range []customer.Channel{customer.ChannelEmail, customer.ChannelSMS} {
		state := "never given"
		if rec, ok := c.ConsentFor(ch); ok {
			state = "withdrawn"
			if rec.Granted {
				state = "granted"
			}
			state += " " + day(rec.At) + " via " + rec.Source
			if rec.Purpose != "" {
				state += " for " + rec.Purpose
			}
		}
		row("consent "+string(ch), state)
	}
	tw.Flush()

	s := v.Summary
	fmt.Fprintf(w, "\nsummary: %d orders (%d units), spent %s, refunded %s, net %s, %d return requests",
		s.Orders, s.Units, money(s.TotalSpent), money(s.Refunded), v.NetSpent, s.Returns)
	if s.Orders > 0 {
		fmt.Fprintf(w, "; first order %s, last %s", day(s.FirstOrderAt), day(s.LastOrderAt))
	}
	fmt.Fprintln(w)
	if r := v.RFM; r != nil {
		fmt.Fprintf(w, "RFM as of %s: R%d F%d M%d, segment %s (last order %.0f days before)\n",
			day(v.AsOf), r.R, r.F, r.M, r.Segment, r.RecencyDays)
	}

	fmt.Fprintf(w, "\norders (%d of %d, newest first):\n", len(v.Orders), v.OrderCount)
	tw = newTable(w)
	for _, o := range v.Orders {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s %s\t%s\n", day(o.PlacedAt), o.Number, o.Status, money(o.Total), o.Currency, orderItems(o))
	}
	tw.Flush()
	if len(v.Returns) > 0 {
		fmt.Fprintf(w, "\nreturns (%d):\n", len(v.Returns))
		tw = newTable(w)
		for _, r := range v.Returns {
			kind := "return"
			if r.RefundOnly {
				kind = "refund only"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", day(r.RequestedAt), money(r.Amount), r.Status, kind, dash(r.Reason))
		}
		tw.Flush()
	}
	total := 0
	var counts []string
	for _, k := range behavior.Kinds {
		if n := v.EventCounts[string(k)]; n > 0 {
			total += n
			counts = append(counts, fmt.Sprintf("%d %s", n, k))
		}
	}
	fmt.Fprintf(w, "\nbehaviour: %d events", total)
	if len(counts) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(counts, ", "))
	}
	fmt.Fprintf(w, "; latest %d:\n", len(v.Events))
	tw = newTable(w)
	for _, e := range v.Events {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", e.At.UTC().Format("2006-01-02 15:04"), e.Kind, e.Glance())
	}
	tw.Flush()
}

// orderItems summarises an order's lines in one short cell.
func orderItems(o order.Order) string {
	parts := make([]string, 0, len(o.Lines))
	for _, l := range o.Lines {
		name := l.Name
		if name == "" {
			name = l.ProductID
		}
		parts = append(parts, fmt.Sprintf("%d× %s", l.Quantity, name))
	}
	s := strings.Join(parts, ", ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "..."
	}
	return s
}

func nonEmpty(ss ...string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
