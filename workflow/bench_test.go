package workflow_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/postgres/pgtest"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/crmkit/crmkit/workflow"
	"github.com/crmkit/crmkit/workflow/sqlitestate"
)

// BenchmarkChangesToDeliveries measures the engine's own throughput: a
// journal of orders is read, each order fires one delivery of a no-op
// action, and every delivery is attempted and recorded, in one Step on a
// fresh state. The store is in memory, so the figure is the engine's and
// its state's cost, not the shop database's.
func BenchmarkChangesToDeliveries(b *testing.B) {
	const orders = 2000
	ctx := context.Background()
	st := memory.New()
	c := mkCustomer(b, st, "bench", true)
	for range orders {
		o := mkOrder(c.ID, t0, order.StatusPaid)
		if err := st.CreateOrder(ctx, &o); err != nil {
			b.Fatal(err)
		}
	}
	noop := workflow.Func(func(context.Context, *workflow.Invocation) error { return nil })
	rules := []workflow.Rule{{Name: "confirm", Trigger: workflow.OrderPlaced(), Action: noop}}
	states := []struct {
		name string
		open func(b *testing.B) workflow.State
	}{
		{"memory", func(b *testing.B) workflow.State { return workflow.NewMemoryState() }},
		{"sqlite", func(b *testing.B) workflow.State {
			s, err := sqlitestate.Open(filepath.Join(b.TempDir(), "state.db"), nil)
			if err != nil {
				b.Fatal(err)
			}
			return s
		}},
		{"postgres", func(b *testing.B) workflow.State { return openPGStateB(b) }},
	}
	for _, sk := range states {
		b.Run(sk.name, func(b *testing.B) {
			var elapsed time.Duration
			for b.Loop() {
				b.StopTimer()
				state := sk.open(b)
				eng, err := workflow.New(st, state, rules, &workflow.Options{Clock: func() time.Time { return t0 }})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				s, err := eng.Step(ctx)
				elapsed += time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				if s.Delivered != orders {
					b.Fatalf("delivered %d of %d", s.Delivered, orders)
				}
				b.StopTimer()
				state.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(orders*b.N)/elapsed.Seconds(), "deliveries/s")
		})
	}
}

// BenchmarkDailyScan measures one evaluation of a relative rule (win-back)
// and a segment-entry rule (Champions, which needs RFM scores of everyone)
// over the default demo shop of 1,000 customers: the work a daily scan
// costs, per store backend.
func BenchmarkDailyScan(b *testing.B) {
	ctx := context.Background()
	shop, err := demo.Generate(&demo.Options{Seed: 1, NoEvents: true})
	if err != nil {
		b.Fatal(err)
	}
	stores := []struct {
		name string
		open func(b *testing.B) store.Store
	}{
		{"memory", func(b *testing.B) store.Store { return memory.New() }},
		{"sqlite", func(b *testing.B) store.Store {
			st, err := sqlite.Open(filepath.Join(b.TempDir(), "shop.db"), nil)
			if err != nil {
				b.Fatal(err)
			}
			return st
		}},
		{"postgres", func(b *testing.B) store.Store { return pgtest.Open(b) }},
	}
	for _, sk := range stores {
		b.Run(sk.name, func(b *testing.B) {
			st := sk.open(b)
			defer st.Close()
			if _, err := shop.Load(ctx, st, nil); err != nil {
				b.Fatal(err)
			}
			silence, _ := workflow.After("90 days after the last order")
			noop := workflow.Func(func(context.Context, *workflow.Invocation) error { return nil })
			rules := []workflow.Rule{
				{Name: "win-back", Trigger: silence, Condition: "orders >= 2", Action: noop},
				{Name: "champions", Trigger: workflow.SegmentEntry(segment.MustParseQuery("rfm_segment = 'champions'")), Action: noop},
			}
			clk := newClock(shop.End)
			eng, err := workflow.New(st, workflow.NewMemoryState(), rules,
				&workflow.Options{Clock: clk.Now, ScanInterval: 24 * time.Hour, FromHead: true})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := eng.Step(ctx); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				clk.Advance(24 * time.Hour)
				if _, err := eng.Step(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
