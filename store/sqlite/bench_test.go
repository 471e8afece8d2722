package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
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
