package demo

import "testing"

// BenchmarkGenerate measures the default shop (1,000 customers, about
// 5,400 orders and 200,000 events).
func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(nil); err != nil {
			b.Fatal(err)
		}
	}
}
