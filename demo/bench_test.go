package demo

import (
	"context"
	"testing"

	"github.com/crmkit/crmkit/store/memory"
)

// BenchmarkGenerate measures the default shop: 1,000 customers, about
// 5,400 orders and 200,000 events.
func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateMillionOrders measures a shop of about a million orders
// (171,000 customers, no events), the scale of the store benchmarks.
func BenchmarkGenerateMillionOrders(b *testing.B) {
	for b.Loop() {
		s, err := Generate(&Options{Customers: 171_000, NoEvents: true})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(s.Orders)), "orders")
	}
}

// BenchmarkLoadMemory measures loading the default shop into the memory store.
func BenchmarkLoadMemory(b *testing.B) {
	s, err := Generate(nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		st := memory.New()
		if _, err := s.Load(ctx, st, nil); err != nil {
			b.Fatal(err)
		}
		st.Close()
	}
}
