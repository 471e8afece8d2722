package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// BenchmarkCustomer360 reads one customer's whole picture — the profile,
// all orders and the last 50 events — from a store of 500 customers with
// 10 orders and 100 events each.
func BenchmarkCustomer360(b *testing.B) {
	st := openTest(b, nil)
	ctx := context.Background()
	const customers, ordersEach, eventsEach = 500, 10, 100
	ids := make([]uuid.UUID, customers)
	for i := range ids {
		ids[i] = uuid.New()
	}
	var batch store.Batch
	for i, id := range ids {
		c := newCustomer(i)
		c.ID = id
		batch.Customers = append(batch.Customers, c)
		for j := range ordersEach {
			o := newOrder(id, fmt.Sprintf("N-%d-%d", i, j), t0.Add(time.Duration(j)*24*time.Hour))
			batch.Orders = append(batch.Orders, o)
		}
		for j := range eventsEach {
			batch.Events = append(batch.Events, newView(id, fmt.Sprint("p", j%37), t0.Add(time.Duration(j)*time.Minute)))
		}
	}
	if _, err := st.LoadBatch(ctx, batch, store.ConflictFail); err != nil {
		b.Fatal(err)
	}
	if _, err := st.pool.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		id := ids[i%customers]
		if _, err := st.GetCustomer(ctx, id); err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, err := range st.Orders(ctx, store.OrderFilter{CustomerID: id}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		m := 0
		for _, err := range st.Events(ctx, store.EventFilter{CustomerID: id, Desc: true, Limit: 50}) {
			if err != nil {
				b.Fatal(err)
			}
			m++
		}
		if n != ordersEach || m != 50 {
			b.Fatalf("read %d orders and %d events", n, m)
		}
	}
}

// BenchmarkAppendEvents1000 appends events in batches of 1,000 (one COPY
// each) to a table that grows as the benchmark runs.
func BenchmarkAppendEvents1000(b *testing.B) {
	st := openTest(b, nil)
	ctx := context.Background()
	customers := make([]uuid.UUID, 1000)
	for i := range customers {
		customers[i] = uuid.New()
	}
	kinds := []behavior.Kind{behavior.KindView, behavior.KindClick, behavior.KindWishlist}
	batch := make([]behavior.Event, 1000)
	n := 0
	for b.Loop() {
		for i := range batch {
			n++
			batch[i] = behavior.Event{Kind: kinds[n%3], CustomerID: customers[n%len(customers)], ProductID: fmt.Sprint("p", n%997),
				SessionID: fmt.Sprint("s", n/20), At: t0.Add(time.Duration(n) * time.Second)}
		}
		if err := st.AppendEvents(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*1000/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkLoadBatch loads an import-sized chunk in one transaction — 500
// customers, 2,000 orders of three lines, 200 returns, 100 products and
// 5,000 events — under ConflictFail (COPY straight into the tables) and
// ConflictSkip (COPY into staging tables, then INSERT ... ON CONFLICT).
func BenchmarkLoadBatch(b *testing.B) {
	for _, policy := range []store.ConflictPolicy{store.ConflictFail, store.ConflictSkip} {
		name := map[store.ConflictPolicy]string{store.ConflictFail: "Fail", store.ConflictSkip: "Skip"}[policy]
		b.Run(name, func(b *testing.B) {
			st := openTest(b, nil)
			ctx := context.Background()
			round := 0
			records := 0
			for b.Loop() {
				round++
				batch := importChunk(round)
				records += batch.Len()
				if _, err := st.LoadBatch(ctx, batch, policy); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// importChunk returns a batch of fresh records, distinct for each round.
func importChunk(round int) store.Batch {
	var batch store.Batch
	for i := range 100 {
		batch.Products = append(batch.Products, order.Product{ID: fmt.Sprint("p", i), Name: "Product", Category: "c",
			Price: dec2("2.95"), Currency: "GBP", Active: true})
	}
	ids := make([]uuid.UUID, 500)
	for i := range ids {
		ids[i] = uuid.New()
		c := customer.Customer{ID: ids[i], ExternalID: fmt.Sprintf("r%d-c%d", round, i), Attributes: map[string]string{"country": "United Kingdom"},
			CreatedAt: t0}
		batch.Customers = append(batch.Customers, c)
	}
	for i := range 2000 {
		o := order.Order{ID: uuid.New(), Number: fmt.Sprintf("r%d-o%d", round, i), CustomerID: ids[i%len(ids)], Status: order.StatusDelivered,
			Currency: "GBP", PlacedAt: t0.Add(time.Duration(i) * time.Minute)}
		for j := range 3 {
			o.Lines = append(o.Lines, order.Line{ProductID: fmt.Sprint("p", (i+j)%100), Quantity: 1 + j, UnitPrice: dec2("2.95")})
		}
		o.Total = o.ComputeTotal()
		batch.Orders = append(batch.Orders, o)
		if i%10 == 0 {
			batch.Returns = append(batch.Returns, order.Return{ID: uuid.New(), OrderID: o.ID, CustomerID: o.CustomerID, Status: order.ReturnRefunded,
				Items: []order.ReturnItem{{ProductID: o.Lines[0].ProductID, Quantity: 1, Amount: dec2("2.95")}}, Amount: dec2("2.95"),
				RequestedAt: o.PlacedAt.Add(time.Hour)})
		}
	}
	for i := range 5000 {
		batch.Events = append(batch.Events, newView(ids[i%len(ids)], fmt.Sprint("p", i%100), t0.Add(time.Duration(i)*time.Second)))
	}
	return batch
}
