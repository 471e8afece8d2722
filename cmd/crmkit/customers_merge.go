package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// mergeResult is the -json output of crmkit customers merge.
type mergeResult struct {
	Kept    customer.Customer     `json:"kept"`
	Dropped uuid.UUID             `json:"dropped"`
	Summary store.CustomerSummary `json:"summary"`
}

func runCustomersMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit customers merge", stderr)
	usageFor(fs, stderr, "crmkit customers merge -yes [flags] KEEP DROP",
		"Folds the profile DROP into KEEP: DROP's orders, returns and events move to KEEP, its tags,\n"+
			"interests and missing fields are merged in, and DROP is deleted. Without -yes it only\n"+
			"says what it would do and exits with status 4.", "")
	db := fs.String("db", "crmkit-demo.db", dbFlagDoc)
	yes := fs.Bool("yes", false, "really merge (the dropped profile is deleted)")
	asJSON := fs.Bool("json", false, "print the merged profile as JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		fs.Usage()
		return fmt.Errorf("%w: customers merge needs KEEP and DROP", errUsage)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	keep, err := findCustomer(ctx, st, pos[0])
	if err != nil {
		return err
	}
	drop, err := findCustomer(ctx, st, pos[1])
	if err != nil {
		return err
	}
	if keep.ID == drop.ID {
		return fmt.Errorf("%w: KEEP and DROP are the same customer %s", errUsage, keep.ID)
	}
	if !*yes {
		ds, err := store.SummaryOf(ctx, st, drop.ID, store.SummaryFilter{})
		if err != nil {
			return err
		}
		return fmt.Errorf("%w: would merge %s (%s, %d orders) into %s (%s) and delete %s; run again with -yes to do it",
			errUnconfirmed, drop.ID, customerLabel(drop), ds.Orders, keep.ID, customerLabel(keep), drop.ID)
	}
	merged, err := st.MergeCustomers(cliActor(ctx), keep.ID, drop.ID)
	if err != nil {
		return fmt.Errorf("merge %s into %s: %w", drop.ID, keep.ID, err)
	}
	sum, err := store.SummaryOf(ctx, st, merged.ID, store.SummaryFilter{})
	if err != nil {
		return err
	}
	res := mergeResult{Kept: merged, Dropped: drop.ID, Summary: sum}
	if *asJSON {
		if err := encodeJSON(stdout, res); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "merged %s into %s (%s): now %d orders, %d returns, net %s; version %d\n",
			drop.ID, merged.ID, customerLabel(merged), sum.Orders, sum.Returns, money(sum.NetSpent()), merged.Version)
	}
	return st.Close()
}

// duplicateGroup is one group of crmkit customers duplicates.
type duplicateGroup struct {
	Customers []customerRow `json:"customers"`
	Reasons   []string      `json:"reasons"`
}

func runCustomersDuplicates(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit customers duplicates", stderr)
	usageFor(fs, stderr, "crmkit customers duplicates [flags]",
		"Finds profiles that belong to the same person (a shared e-mail or phone, directly or\n"+
			"through a chain of profiles) and prints the merge command for each pair.", "")
	db := fs.String("db", "crmkit-demo.db", dbFlagDoc)
	asJSON := fs.Bool("json", false, "print the groups as JSON")
	quiet := fs.Bool("q", false, "no progress on stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: customers duplicates takes no arguments", errUsage)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	b := newBar(stderr, *quiet, "reading customers")
	all, err := collectWithProgress(st.Customers(ctx, store.CustomerFilter{}), b, int(stats.Customers))
	b.Finish()
	if err != nil {
		return err
	}
	byID := make(map[uuid.UUID]customer.Customer, len(all))
	for _, c := range all {
		byID[c.ID] = c
	}
	groups := []duplicateGroup{}
	for _, g := range customer.FindDuplicates(all) {
		dg := duplicateGroup{Reasons: g.Reasons}
		for _, id := range g.IDs {
			s, err := store.SummaryOf(ctx, st, id, store.SummaryFilter{})
			if err != nil {
				return err
			}
			dg.Customers = append(dg.Customers, customerRow{Customer: byID[id], Summary: s})
		}
		groups = append(groups, dg)
	}
	if *asJSON {
		return encodeJSON(stdout, groups)
	}
	for i, g := range groups {
		fmt.Fprintf(stdout, "group %d (%s):\n", i+1, strings.Join(g.Reasons, ", "))
		tw := newTable(stdout)
		for _, r := range g.Customers {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%d orders\n", r.ID, dash(r.Name()), dash(r.Email), day(r.CreatedAt), r.Summary.Orders)
		}
		tw.Flush()
		// The oldest profile is kept: it usually carries the history.
		for _, r := range g.Customers[1:] {
			fmt.Fprintf(stdout, "  merge: crmkit customers merge -db %s -yes %s %s\n", *db, g.Customers[0].ID, r.ID)
		}
	}
	if !*quiet {
		fmt.Fprintf(stderr, "%d duplicate groups among %d customers\n", len(groups), len(all))
	}
	return st.Close()
}
