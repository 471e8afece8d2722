package workflow_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store/memory"
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
