package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// BenchmarkAppendEvents appends batches of 1,000 events (one transaction
// each) to a growing table; events/s is the figure to read.
func BenchmarkAppendEvents(b *testing.B) {
	ctx := context.Background()
	st := openTemp(b)
	customers := make([]uuid.UUID, 500)
	for i := range customers {
		customers[i] = uuid.New()
	}
	kinds := []behavior.Kind{behavior.KindView, behavior.KindClick, behavior.KindAddToCart}
	batch := make([]behavior.Event, 1000)
	n := 0
	b.ResetTimer()
	for b.Loop() {
		for j := range batch {
			batch[j] = behavior.Event{Kind: kinds[n%3], CustomerID: customers[n%len(customers)], Quantity: 1,
				SessionID: fmt.Sprintf("s-%d", n/20), ProductID: fmt.Sprintf("p-%d", n%997), At: t0.Add(time.Duration(n) * time.Second)}
			n++
		}
		if err := st.AppendEvents(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

// benchShop builds a batch of nCustomers customers, each with ordersEach
// orders of three lines and eventsEach events, seeded by first.
func benchShop(first, nCustomers, ordersEach, eventsEach int) store.Batch {
	var b store.Batch
	kinds := []behavior.Kind{behavior.KindView, behavior.KindClick, behavior.KindAddToCart, behavior.KindWishlist}
	for i := first; i < first+nCustomers; i++ {
		c := newCustomer(i)
		c.ID = uuid.New()
		b.Customers = append(b.Customers, c)
		for k := range ordersEach {
			at := t0.Add(time.Duration(i*ordersEach+k) * time.Hour)
			o := newOrder(c.ID, fmt.Sprintf("B-%d-%d", i, k), at, order.StatusDelivered)
			o.ID = uuid.New()
			o.Lines = append(o.Lines, order.Line{ProductID: fmt.Sprintf("p-%d", (i+k)%500), Quantity: 1 + k%3, UnitPrice: dec("12.99")})
			o.Total = o.ComputeTotal()
			b.Orders = append(b.Orders, o)
		}
		for k := range eventsEach {
			b.Events = append(b.Events, behavior.Event{Kind: kinds[k%len(kinds)], CustomerID: c.ID, Quantity: 1,
				SessionID: fmt.Sprintf("s-%d-%d", i, k/10), ProductID: fmt.Sprintf("p-%d", (i*7+k)%500),
				At: t0.Add(time.Duration(i*eventsEach+k) * time.Minute)})
		}
	}
	return b
}

// BenchmarkCustomer360 reads one customer's full picture — profile, all
// orders, the last 50 events — from a store of 2,000 customers, 20,000
// orders and 200,000 events.
func BenchmarkCustomer360(b *testing.B) {
	ctx := context.Background()
	st := openTemp(b)
	var ids []uuid.UUID
	for chunk := range 10 {
		batch := benchShop(chunk*200, 200, 10, 100)
		if _, err := st.LoadBatch(ctx, batch, store.ConflictFail); err != nil {
			b.Fatal(err)
		}
		for _, c := range batch.Customers {
			ids = append(ids, c.ID)
		}
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		id := ids[(i*7919)%len(ids)] // a fixed stride visits customers all over the file
		i++
		if _, err := st.GetCustomer(ctx, id); err != nil {
			b.Fatal(err)
		}
		orders, _, err := store.Collect(st.Orders(ctx, store.OrderFilter{CustomerID: id}), 0, store.OrderCursor)
		if err != nil || len(orders) != 10 {
			b.Fatal(len(orders), err)
		}
		events, _, err := store.Collect(st.Events(ctx, store.EventFilter{CustomerID: id, Desc: true, Limit: 50}), 0, store.EventCursor)
		if err != nil || len(events) != 50 {
			b.Fatal(len(events), err)
		}
	}
}

// BenchmarkLoadBatch bulk-loads batches of 100 customers, 1,000 orders
// (3 lines each) and 5,000 events, one transaction per batch.
func BenchmarkLoadBatch(b *testing.B) {
	ctx := context.Background()
	st := openTemp(b)
	records := 0
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		batch := benchShop(i*100, 100, 10, 50)
		b.StartTimer()
		res, err := st.LoadBatch(ctx, batch, store.ConflictSkip)
		if err != nil {
			b.Fatal(err)
		}
		records += res.Customers + res.Orders + res.Events
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}
