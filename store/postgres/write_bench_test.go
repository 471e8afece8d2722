package postgres

import (
	"context"
	"fmt"
	"testing"

	"github.com/crmkit/crmkit/store"
)

// BenchmarkSingleWrites measures the writes a shop makes one at a time —
// a sign-up, a profile edit, an order — each its own transaction with its
// journal change; writes/s is the figure to read.
func BenchmarkSingleWrites(b *testing.B) {
	ctx := store.WithActor(context.Background(), "bench")
	b.Run("CreateCustomer", func(b *testing.B) {
		st := openTest(b, nil)
		i := 0
		for b.Loop() {
			c := newCustomer(i)
			i++
			if err := st.CreateCustomer(ctx, &c); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "writes/s")
	})
	b.Run("UpdateCustomer", func(b *testing.B) {
		st := openTest(b, nil)
		c := newCustomer(0)
		if err := st.CreateCustomer(ctx, &c); err != nil {
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			c.Attributes = map[string]string{"n": fmt.Sprint(i)}
			i++
			if err := st.UpdateCustomer(ctx, &c); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "writes/s")
	})
	b.Run("CreateOrder", func(b *testing.B) {
		st := openTest(b, nil)
		c := newCustomer(0)
		if err := st.CreateCustomer(ctx, &c); err != nil {
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			o := newOrder(c.ID, fmt.Sprint("W-", i), t0)
			i++
			if err := st.CreateOrder(ctx, &o); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "writes/s")
	})
}
