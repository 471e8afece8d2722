package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/internal/progress"
	"github.com/crmkit/crmkit/store"
)

// generateAndLoad builds the demo shop and writes it into st, skipping what
// an earlier run already stored.
func generateAndLoad(ctx context.Context, st store.Store, cfg config, stdout, stderr io.Writer) (*demo.Shop, error) {
	t0 := time.Now()
	shop, err := demo.Generate(&demo.Options{Seed: cfg.seed, Customers: cfg.customers})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "Generated %d customers, %d products, %d orders, %d returns, %d events (%s to %s) in %s\n",
		len(shop.Customers), len(shop.Products), len(shop.Orders), len(shop.Returns), len(shop.Events),
		shop.Start.Format("2006-01-02"), shop.End.AddDate(0, 0, -1).Format("2006-01-02"), elapsed(t0))

	t1 := time.Now()
	bar := progress.New(stderr, "loading")
	res, err := shop.Load(ctx, st, &demo.LoadOptions{OnConflict: store.ConflictSkip, Progress: bar.Update})
	bar.Finish()
	if err != nil {
		return nil, fmt.Errorf("load the demo shop: %w", err)
	}
	written := res.Customers + res.Orders + res.Returns + res.Events
	if written == 0 && res.Skipped > 0 {
		fmt.Fprintf(stdout, "Already stored: %d records found from an earlier run, nothing added (%s)\n\n", res.Skipped, elapsed(t1))
	} else {
		fmt.Fprintf(stdout, "Stored %d records in %s (%d already there)\n\n", written+res.Products, elapsed(t1), res.Skipped)
	}
	return shop, nil
}
