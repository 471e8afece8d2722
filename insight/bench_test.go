package insight_test

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"testing"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/insight"
	"github.com/crmkit/crmkit/store/memory"
)

// benchShop loads a demo shop into memory for a benchmark.
func benchShop(b *testing.B, opts *demo.Options) *memory.Store {
	b.Helper()
	ctx := context.Background()
	shop, err := demo.Generate(opts)
	if err != nil {
		b.Fatal(err)
	}
	st := memory.New()
	if _, err := shop.Load(ctx, st, nil); err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkBuildDemo builds the full report (what-if included) of the
// default demo shop: 1,000 customers, about 5,800 orders, 220,000 events.
func BenchmarkBuildDemo(b *testing.B) {
	st := benchShop(b, nil)
	b.ResetTimer()
	for b.Loop() {
		if _, err := insight.Build(context.Background(), st, insight.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildMillion builds the full report of a synthetic shop of about
// a million orders (171,000 customers, no events). Generating the shop takes
// a minute, so it runs only with INSIGHT_BENCH_CUSTOMERS set (171000 for the
// recorded figure).
func BenchmarkBuildMillion(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("INSIGHT_BENCH_CUSTOMERS"))
	if n <= 0 {
		b.Skip("set INSIGHT_BENCH_CUSTOMERS=171000 to build the report of a million-order shop")
	}
	st := benchShop(b, &demo.Options{Customers: n, NoEvents: true})
	stats, err := st.Stats(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	var opts insight.Options
	if os.Getenv("INSIGHT_BENCH_LOG") != "" {
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := insight.Build(context.Background(), st, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(stats.Orders), "orders")
}
