package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// TestKeysetPagesMatchSortedOrder writes events with many equal times and
// scans them with a page size of 3, so that page boundaries fall inside runs
// of equal times, ascending, descending and through caller cursors; the
// result must be the events sorted by (time, ID bytes) computed in Go.
func TestKeysetPagesMatchSortedOrder(t *testing.T) {
	st := openTest(t, &Options{PageSize: 3})
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	cust := uuid.New()
	var es []behavior.Event
	for i := range 40 {
		es = append(es, behavior.Event{ID: uuid.New(), Kind: behavior.KindView, CustomerID: cust, ProductID: fmt.Sprint(i % 4),
			At: t0.Add(time.Duration(rng.IntN(5)) * time.Second)})
	}
	if err := st.AppendEvents(ctx, es); err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(es)
	slices.SortFunc(want, func(a, b behavior.Event) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return store.CompareIDs(a.ID, b.ID)
	})
	ids := func(es []behavior.Event) []uuid.UUID {
		out := make([]uuid.UUID, len(es))
		for i, e := range es {
			out[i] = e.ID
		}
		return out
	}
	scan := func(f store.EventFilter) []behavior.Event {
		var got []behavior.Event
		for e, err := range st.Events(ctx, f) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, e)
		}
		return got
	}
	if got := scan(store.EventFilter{}); !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("ascending scan out of order")
	}
	desc := slices.Clone(want)
	slices.Reverse(desc)
	if got := scan(store.EventFilter{Desc: true, CustomerID: cust}); !slices.Equal(ids(got), ids(desc)) {
		t.Fatalf("descending scan out of order")
	}
	// Caller pages of 7 through cursors, over store pages of 3.
	var paged []behavior.Event
	cursor := ""
	for {
		page, next, err := store.Collect(st.Events(ctx, store.EventFilter{After: cursor, Limit: 8}), 7, store.EventCursor)
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, page...)
		if next == "" {
			break
		}
		cursor = next
	}
	if !slices.Equal(ids(paged), ids(want)) {
		t.Fatalf("cursor pages: %d events, out of order or incomplete", len(paged))
	}
	// Half-open time range with a product filter.
	var inRange []uuid.UUID
	for _, e := range want {
		if !e.At.Before(t0.Add(time.Second)) && e.At.Before(t0.Add(3*time.Second)) && e.ProductID == "2" {
			inRange = append(inRange, e.ID)
		}
	}
	if got := scan(store.EventFilter{ProductID: "2", Since: t0.Add(time.Second), Until: t0.Add(3 * time.Second)}); !slices.Equal(ids(got), inRange) {
		t.Errorf("range scan: %d events, want %d", len(got), len(inRange))
	}
	if got := scan(store.EventFilter{Limit: 5}); len(got) != 5 {
		t.Errorf("limit 5 gave %d", len(got))
	}
}

// TestSummariesMatchScans computes every summary in SQL and with the
// contract's scan-based reference over random orders of every status, with
// and without an Until bound.
func TestSummariesMatchScans(t *testing.T) {
	st := openTest(t, &Options{PageSize: 7})
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	customers := make([]uuid.UUID, 12)
	for i := range customers {
		customers[i] = uuid.New()
	}
	statuses := []order.Status{order.StatusPending, order.StatusPaid, order.StatusShipped, order.StatusDelivered, order.StatusCancelled, order.StatusPartiallyRefunded}
	var orders []*order.Order
	for i := range 90 {
		o := newOrder(customers[rng.IntN(len(customers)-2)], fmt.Sprintf("S-%d", i), t0.Add(time.Duration(rng.IntN(1000))*time.Hour))
		o.Status = statuses[rng.IntN(len(statuses))]
		o.Lines[0].Quantity = 1 + rng.IntN(4)
		o.Lines[1].UnitPrice = dec2(fmt.Sprintf("0.%02d", rng.IntN(100)))
		o.Total = o.ComputeTotal()
		if o.Status == order.StatusPartiallyRefunded {
			o.RefundedAmount = dec2("0.10")
		}
		orders = append(orders, &o)
	}
	if err := st.CreateOrders(ctx, orders); err != nil {
		t.Fatal(err)
	}
	// Returns for a customer whose only record is a return's order of
	// another status, so both sides of the join are exercised.
	for i, o := range orders[:10] {
		r := order.Return{OrderID: o.ID, CustomerID: o.CustomerID, Status: order.ReturnRequested,
			Items: []order.ReturnItem{{ProductID: "p1", Quantity: 1, Amount: dec2("1.00")}}, Amount: dec2("1.00"),
			RequestedAt: o.PlacedAt.Add(time.Duration(i) * time.Hour)}
		if err := st.CreateReturn(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []store.SummaryFilter{{}, {Until: t0.Add(500 * time.Hour)}} {
		var sqlSums, scanSums []store.CustomerSummary
		for s, err := range st.CustomerSummaries(ctx, f) {
			if err != nil {
				t.Fatal(err)
			}
			sqlSums = append(sqlSums, s)
		}
		for s, err := range store.ScanSummaries(ctx, st, f) {
			if err != nil {
				t.Fatal(err)
			}
			scanSums = append(scanSums, s)
		}
		if len(sqlSums) != len(scanSums) {
			t.Fatalf("until %v: %d summaries in SQL, %d by scanning", f.Until, len(sqlSums), len(scanSums))
		}
		for i := range sqlSums {
			a, b := sqlSums[i], scanSums[i]
			if a.CustomerID != b.CustomerID || a.Orders != b.Orders || a.Units != b.Units || a.Returns != b.Returns ||
				!a.FirstOrderAt.Equal(b.FirstOrderAt) || !a.LastOrderAt.Equal(b.LastOrderAt) ||
				!a.TotalSpent.Equal(b.TotalSpent) || !a.Refunded.Equal(b.Refunded) {
				t.Errorf("until %v, customer %s:\n SQL %+v\nscan %+v", f.Until, a.CustomerID, a, b)
			}
			one, err := st.CustomerSummary(ctx, a.CustomerID, f)
			if err != nil || one.Orders != a.Orders || !one.TotalSpent.Equal(a.TotalSpent) {
				t.Errorf("CustomerSummary %s: %+v, %v; want %+v", a.CustomerID, one, err, a)
			}
		}
	}
	none, err := st.CustomerSummary(ctx, customers[len(customers)-1], store.SummaryFilter{})
	if err != nil || none != (store.CustomerSummary{CustomerID: customers[len(customers)-1]}) {
		t.Errorf("customer without orders: %+v, %v; want a zero summary with its ID", none, err)
	}
}

// TestMoneyStaysExact adds a hundred orders of 0.10 each: exactly 10.00 in
// NUMERIC, where binary floating point would give 9.99999999999998.
func TestMoneyStaysExact(t *testing.T) {
	st := openTest(t, nil)
	ctx := context.Background()
	cust := uuid.New()
	var orders []*order.Order
	for i := range 100 {
		o := order.Order{Number: fmt.Sprintf("M-%d", i), CustomerID: cust, Status: order.StatusPaid, Currency: "EUR",
			Lines: []order.Line{{ProductID: "p", Quantity: 1, UnitPrice: dec2("0.10")}}, Total: dec2("0.10"), PlacedAt: t0}
		orders = append(orders, &o)
	}
	huge := order.Order{Number: "M-huge", CustomerID: uuid.New(), Status: order.StatusPaid, Currency: "EUR",
		Lines:    []order.Line{{ProductID: "p", Quantity: 1, UnitPrice: dec2("123456789012345678901234.567890123")}},
		Total:    dec2("123456789012345678901234.567890123"),
		PlacedAt: t0}
	orders = append(orders, &huge)
	if err := st.CreateOrders(ctx, orders); err != nil {
		t.Fatal(err)
	}
	sum, err := st.CustomerSummary(ctx, cust, store.SummaryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.TotalSpent.String() != "10" || sum.TotalSpent.StringFixed(2) != "10.00" || sum.Orders != 100 {
		t.Errorf("100 × 0.10 = %s over %d orders, want exactly 10.00", sum.TotalSpent, sum.Orders)
	}
	got, err := st.GetOrder(ctx, huge.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Total.String() != "123456789012345678901234.567890123" || got.Lines[0].UnitPrice.String() != "123456789012345678901234.567890123" {
		t.Errorf("large amount changed: total %s, line %s", got.Total, got.Lines[0].UnitPrice)
	}
}
