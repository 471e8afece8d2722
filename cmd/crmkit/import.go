package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/crmkit/crmkit/importer"
	"github.com/crmkit/crmkit/internal/storeopen"
)

func init() {
	register(&command{
		name:    "import",
		summary: "import an order log (CSV, plain or gzip) into a store",
		run:     runImport,
	})
}

// presets maps -preset values to column mappings.
var presets = map[string]func() importer.Mapping{
	"online-retail": importer.OnlineRetail,
}

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit import", stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: crmkit import [flags] FILE\n\nImports FILE and prints how every line was handled.\n\nflags:")
		fs.PrintDefaults()
	}
	db := fs.String("db", "", "target store (required): sqlite:PATH (or PATH.db), postgres://..., or memory to check the file without keeping it")
	preset := fs.String("preset", "online-retail", "column mapping of the file (online-retail)")
	guests := fs.String("guests", "per-order", "lines without a customer ID: per-order (one guest customer per order) or shared")
	batch := fs.Int("batch", 5000, "orders per store write")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	quiet := fs.Bool("q", false, "no progress on stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("%w: import needs one FILE", errUsage)
	}
	if *db == "" {
		// No default: a memory store would drop the import at exit and the
		// demo shop's file would mix it with generated data.
		return fmt.Errorf("%w: import needs -db (e.g. -db shop.db, or -db memory to only check the file)", errUsage)
	}
	mapping, ok := presets[*preset]
	if !ok {
		return fmt.Errorf("%w: unknown -preset %q (known: online-retail)", errUsage, *preset)
	}
	m := mapping()
	opts := &importer.Options{Mapping: &m, BatchOrders: *batch}
	switch *guests {
	case "per-order":
		opts.Guests = importer.GuestPerOrder
	case "shared":
		opts.Guests = importer.GuestShared
	default:
		return fmt.Errorf("%w: -guests must be per-order or shared, not %q", errUsage, *guests)
	}
	if !*quiet {
		opts.Progress = func(p importer.Progress) {
			fmt.Fprintf(stderr, "\r%-5s %9d lines %7d orders", p.Phase, p.Lines, p.Orders)
			if p.Done {
				fmt.Fprintln(stderr)
			}
		}
	}

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	rep, err := importer.ImportFile(ctx, st, fs.Arg(0), opts)
	elapsed := time.Since(start)
	if !*quiet && err == nil {
		fmt.Fprintf(stderr, "imported %d lines in %.2fs (%.0f lines/s) into %s\n", rep.Lines, elapsed.Seconds(), float64(rep.Lines)/elapsed.Seconds(), *db)
		if kind, _ := storeopen.Kind(*db); kind == "memory" {
			fmt.Fprintln(stderr, "(a memory store: the data is gone when the command ends; use -db sqlite:PATH to keep it)")
		}
	}
	if rep != nil {
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			if werr := enc.Encode(rep); werr != nil && err == nil {
				err = werr
			}
		} else if werr := rep.WriteText(stdout); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return st.Close()
}
