package privacy_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store/sqlite"
)

// benchShop loads a seeded demo shop of n customers (with their orders,
// returns and behaviour events) into a new SQLite file.
func benchShop(b *testing.B, n int) (*sqlite.Store, *demo.Shop) {
	b.Helper()
	shop, err := demo.Generate(&demo.Options{Seed: 7, Customers: n})
	if err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(filepath.Join(b.TempDir(), "shop.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if _, err := shop.Load(context.Background(), st, nil); err != nil {
		b.Fatal(err)
	}
	if err := st.Compact(context.Background()); err != nil {
		b.Fatal(err)
	}
	return st, shop
}

// BenchmarkEraseSQLite erases one customer per iteration from a 200-customer
// demo shop, with and without the compaction that rewrites the file.
// Iterations beyond 200 repeat erasures (cheaper): keep -benchtime ≤ 200x.
func BenchmarkEraseSQLite(b *testing.B) {
	for _, tc := range []struct {
		name string
		skip bool
	}{{"compact", false}, {"no-compact", true}} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			st, shop := benchShop(b, 200)
			fi, err := os.Stat(st.Path())
			if err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				id := shop.Customers[i%len(shop.Customers)].ID
				i++
				if _, err := privacy.Erase(ctx, st, id, &privacy.EraseOptions{SkipCompact: tc.skip}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(fi.Size())/(1<<20), "MiB-file")
		})
	}
}

// BenchmarkExportSQLite exports one customer of a 200-customer demo shop
// per iteration, JSON included.
func BenchmarkExportSQLite(b *testing.B) {
	ctx := context.Background()
	st, shop := benchShop(b, 200)
	var buf bytes.Buffer
	i := 0
	for b.Loop() {
		d, err := privacy.Export(ctx, st, shop.Customers[i%len(shop.Customers)].ID)
		i++
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := d.WriteJSON(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes-last-doc")
}

// BenchmarkSweepDryRunSQLite finds the inactive customers of a 200-customer
// demo shop (three indexed probes per profile).
func BenchmarkSweepDryRunSQLite(b *testing.B) {
	ctx := context.Background()
	st, shop := benchShop(b, 200)
	var rep privacy.SweepReport
	for b.Loop() {
		var err error
		rep, err = privacy.Sweep(ctx, st, privacy.RetentionPolicy{InactiveFor: 180 * 24 * time.Hour}, shop.End, &privacy.SweepOptions{DryRun: true})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rep.Inactive)), "inactive")
}
