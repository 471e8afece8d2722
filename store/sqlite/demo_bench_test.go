package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/store/sqlite"
)

// BenchmarkLoadDemoShop bulk-loads the default demo shop (1,000 customers,
// about 5,800 orders, 700 returns and 220,000 events) into a new SQLite file
// through LoadBatch chunks.
func BenchmarkLoadDemoShop(b *testing.B) {
	ctx := context.Background()
	shop, err := demo.Generate(nil)
	if err != nil {
		b.Fatal(err)
	}
	records := 0
	for i := 0; b.Loop(); i++ {
		st, err := sqlite.Open(filepath.Join(b.TempDir(), fmt.Sprintf("shop-%d.db", i)), nil)
		if err != nil {
			b.Fatal(err)
		}
		res, err := shop.Load(ctx, st, nil)
		if err != nil {
			b.Fatal(err)
		}
		records += res.Customers + res.Products + res.Orders + res.Returns + res.Events
		st.Close()
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}
