package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/internal/storeopen"
	"github.com/crmkit/crmkit/store"
)

func init() {
	register(&command{
		name:    "demo",
		summary: "generate the seeded demo shop (customers, orders, returns, events) into a store",
		run:     runDemo,
	})
}

// demoResult is what crmkit demo prints with -json.
type demoResult struct {
	DB        string            `json:"db"`
	Seed      uint64            `json:"seed"`
	Start     time.Time         `json:"start"`
	End       time.Time         `json:"end"`
	Currency  string            `json:"currency"`
	Generated store.LoadResult  `json:"generated"`
	Written   store.LoadResult  `json:"written"`
	Store     store.Stats       `json:"store"`
	Planted   demoPlantedCounts `json:"planted"`
}

// demoPlantedCounts counts the structure the generator planted, which the
// analytics commands should find again.
type demoPlantedCounts struct {
	RefundAbusers  int `json:"refund_abusers"`
	DuplicatePairs int `json:"duplicate_pairs"`
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit demo", stderr)
	usageFor(fs, stderr, "crmkit demo [flags]",
		"Generates the seeded demo shop and writes it into a store. The same flags give the same shop;\n"+
			"running again on the same store adds only what is missing.", "")
	db := fs.String("db", "crmkit-demo.db", dbFlagDoc)
	customers := fs.Int("customers", demo.DefaultCustomers, "customer profiles (about 5.85 orders each)")
	products := fs.Int("products", 240, "catalogue size (at least 8)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same shop")
	months := fs.Int("months", 24, "length of the simulated period in months (at least 6)")
	end := fs.String("end", demo.DefaultEnd.Format(time.DateOnly), "day after the simulated period, YYYY-MM-DD")
	currency := fs.String("currency", "EUR", "ISO 4217 currency of all prices (two decimals)")
	noEvents := fs.Bool("no-events", false, "leave out behaviour events (and reviews, surveys, support contacts)")
	stationary := fs.Bool("stationary", false, "no trend or seasonality: purchases follow the plain BG/NBD process")
	asJSON := fs.Bool("json", false, "print what was written as JSON")
	quiet := fs.Bool("q", false, "no progress on stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: demo takes no arguments, got %q", errUsage, fs.Args())
	}
	endDay, err := parseDay("end", *end)
	if err != nil {
		return err
	}
	if *months < 1 {
		return fmt.Errorf("%w: -months %d: want at least 6", errUsage, *months)
	}
	opts := &demo.Options{
		Seed: *seed, Customers: *customers, Products: *products,
		Start: endDay.AddDate(0, -*months, 0), End: endDay,
		Currency: *currency, NoEvents: *noEvents, Stationary: *stationary,
	}

	gen := newBar(stderr, *quiet, "generating")
	gen.Update(0, 1)
	shop, err := demo.Generate(opts)
	if err != nil {
		if errors.Is(err, demo.ErrInvalidOptions) {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		return err
	}
	gen.Update(1, 1)
	gen.Finish()

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	load := newBar(stderr, *quiet, "writing "+*db)
	res, err := shop.Load(ctx, st, &demo.LoadOptions{OnConflict: store.ConflictSkip, Progress: load.callback()})
	load.Finish()
	if err != nil {
		return fmt.Errorf("write the demo shop into %s: %w", *db, err)
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	out := demoResult{
		DB: *db, Seed: *seed, Start: shop.Start, End: shop.End, Currency: shop.Currency,
		Generated: store.LoadResult{
			Customers: len(shop.Customers), Products: len(shop.Products), Orders: len(shop.Orders),
			Returns: len(shop.Returns), Events: len(shop.Events),
		},
		Written: res,
		Store:   stats,
		Planted: demoPlantedCounts{RefundAbusers: len(shop.Truth.Abusers), DuplicatePairs: len(shop.Truth.Duplicates)},
	}
	if *asJSON {
		if err := encodeJSON(stdout, out); err != nil {
			return err
		}
	} else {
		printDemoResult(stdout, out)
		if kind, _ := storeopen.Kind(*db); kind == "memory" && !*quiet {
			fmt.Fprintln(stderr, "(a memory store: the shop is gone when the command ends; use -db PATH.db to keep it)")
		}
	}
	return st.Close()
}

func printDemoResult(w io.Writer, r demoResult) {
	g, n := r.Generated, r.Written
	fmt.Fprintf(w, "demo shop (seed %d, %s to %s, %s) in %s\n", r.Seed, day(r.Start), day(r.End.AddDate(0, 0, -1)), r.Currency, r.DB)
	tw := newTable(w)
	fmt.Fprintln(tw, "\tgenerated\twritten\tin store")
	for _, row := range []struct {
		name       string
		gen, wrote int
		stored     int64
	}{
		{"customers", g.Customers, n.Customers, r.Store.Customers},
		{"products", g.Products, n.Products, r.Store.Products},
		{"orders", g.Orders, n.Orders, r.Store.Orders},
		{"returns", g.Returns, n.Returns, r.Store.Returns},
		{"events", g.Events, n.Events, r.Store.Events},
	} {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", row.name, row.gen, row.wrote, row.stored)
	}
	tw.Flush()
	if n.Skipped > 0 {
		fmt.Fprintf(w, "%d records were already stored and left as they were\n", n.Skipped)
	}
	fmt.Fprintf(w, "planted: %d refund abusers, %d duplicate profile pairs\n", r.Planted.RefundAbusers, r.Planted.DuplicatePairs)
}
