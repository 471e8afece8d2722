package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/crmkit/crmkit/internal/storeopen"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

type config struct {
	db        string
	customers int
	seed      uint64
	report    string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.db, "db", "crmkit-demo.db", "store: a SQLite file (PATH.db or sqlite:PATH), memory, or a postgres:// DSN")
	fs.IntVar(&cfg.customers, "customers", 1000, "customers in the demo shop")
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the demo shop")
	fs.StringVar(&cfg.report, "report", "report.html", "where to write the insight report (.html, .md or .json); empty for none")
	if err := fs.Parse(args); err != nil {
		return err
	}

	st, err := storeopen.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer st.Close()

	fmt.Fprintf(stdout, "crmkit quickstart — demo shop into %s\n\n", cfg.db)
	shop, err := generateAndLoad(ctx, st, cfg, stdout, stderr)
	if err != nil {
		return err
	}
	asOf := shop.End
	sections := []func() error{
		func() error { return printStoreSummary(ctx, st, shop, stdout) },
		func() error { return printCustomer360(ctx, st, shop, asOf, stdout) },
		func() error { return printSegments(ctx, st, asOf, stdout) },
		func() error { return printCLV(ctx, st, asOf, stdout) },
		func() error { return printForecast(ctx, st, asOf, stdout) },
		func() error { return printRecommendations(ctx, st, shop, asOf, stdout) },
		func() error { return printRefundDecisions(ctx, st, shop, stdout) },
		func() error { return printAutomations(ctx, shop, stdout) },
		func() error { return writeReport(ctx, st, cfg.report, stdout, stderr) },
	}
	for _, section := range sections {
		if err := section(); err != nil {
			return err
		}
	}
	return nil
}

// elapsed formats a duration for the summary lines.
func elapsed(since time.Time) string { return time.Since(since).Round(time.Millisecond).String() }
