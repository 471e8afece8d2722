package audit_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmkit/crmkit/audit"
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/google/uuid"
)

// BenchmarkVerify walks a journal of 20,000 event changes; changes/s is the
// figure to read.
func BenchmarkVerify(b *testing.B) {
	const n = 20_000
	fill := func(b *testing.B, st store.Store) {
		ctx := context.Background()
		customers := make([]uuid.UUID, 100)
		for i := range customers {
			customers[i] = uuid.New()
		}
		batch := make([]behavior.Event, 1000)
		for k := range n / len(batch) {
			for i := range batch {
				j := k*len(batch) + i
				batch[i] = behavior.Event{Kind: behavior.KindView, CustomerID: customers[j%len(customers)],
					ProductID: fmt.Sprint("p-", j%97), At: t0.Add(time.Duration(j) * time.Second)}
			}
			if err := st.AppendEvents(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
	}
	run := func(b *testing.B, j store.Journal) {
		for b.Loop() {
			rep, err := audit.Verify(context.Background(), j, nil)
			if err != nil || !rep.OK || rep.Verified != n {
				b.Fatalf("%+v %v", rep, err)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "changes/s")
	}
	b.Run("memory", func(b *testing.B) {
		st := memory.New()
		fill(b, st)
		run(b, st)
	})
	b.Run("sqlite", func(b *testing.B) {
		st, err := sqlite.Open(filepath.Join(b.TempDir(), "v.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		fill(b, st)
		run(b, st)
	})
}
