package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
)

func init() {
	register(&command{
		name:    "customers",
		summary: "list customers, show one customer's 360° view, find and merge duplicates",
		run:     runCustomers,
	})
}

// customerSubcommands are the verbs of crmkit customers; a call without one lists.
var customerSubcommands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) error{
	"list":       runCustomersList,
	"show":       runCustomersShow,
	"merge":      runCustomersMerge,
	"duplicates": runCustomersDuplicates,
}

func runCustomers(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		if run, ok := customerSubcommands[args[0]]; ok {
			return run(ctx, args[1:], stdout, stderr)
		}
	}
	return runCustomersList(ctx, args, stdout, stderr)
}

const customersNotes = `subcommands:
  crmkit customers [list] [flags]                  list customers (this page)
  crmkit customers show [flags] ID|EMAIL|EXT-ID     one customer's profile, orders, returns, events, summary
  crmkit customers duplicates [flags]              profiles sharing an e-mail or phone
  crmkit customers merge -yes [flags] KEEP DROP     fold DROP into KEEP (orders, returns, events move)

A customer is named by its UUID, its e-mail address or the shop's external ID.`

// customerRow is one listed customer: the profile and its order summary.
type customerRow struct {
	customer.Customer
	Summary store.CustomerSummary `json:"summary"`
}

// customerPage is the -json output of crmkit customers.
type customerPage struct {
	Customers []customerRow `json:"customers"`
	// Next is the cursor of the following page (-after), empty at the end.
	Next string `json:"next,omitempty"`
}

func runCustomersList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit customers", stderr)
	usageFor(fs, stderr, "crmkit customers [list] [flags]",
		"Lists customers in the order they signed up, with their orders and net spend.", customersNotes)
	db := fs.String("db", "crmkit-demo.db", dbFlagDoc)
	since := fs.String("since", "", "only customers created at or after this day (YYYY-MM-DD)")
	until := fs.String("until", "", "only customers created before this day (YYYY-MM-DD)")
	email := fs.String("email", "", "only the customer with this e-mail")
	externalID := fs.String("external-id", "", "only the customer with this external (shop) ID")
	tag := fs.String("tag", "", "only customers with this tag")
	limit := fs.Int("limit", 50, "customers per page (0: all)")
	after := fs.String("after", "", "cursor from the previous page's \"next\"")
	asJSON := fs.Bool("json", false, "print JSON: {customers: [...], next: cursor}")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: unknown customers subcommand %q (list, show, duplicates, merge)", errUsage, fs.Arg(0))
	}
	if *limit < 0 {
		return fmt.Errorf("%w: -limit %d: want 0 (all) or more", errUsage, *limit)
	}
	f := store.CustomerFilter{Email: *email, Tag: *tag, After: *after}
	var err error
	if f.CreatedFrom, err = optionalDay("since", *since); err != nil {
		return err
	}
	if f.CreatedTo, err = optionalDay("until", *until); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()

	var page customerPage
	var list []customer.Customer
	if *externalID != "" {
		c, err := st.GetCustomerByExternalID(ctx, *externalID)
		switch {
		case err == nil:
			if f.Email == "" || customer.EmailKey(f.Email) == customer.EmailKey(c.Email) {
				list = append(list, c)
			}
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	} else {
		if *limit > 0 {
			f.Limit = *limit + 1 // one more tells a full last page from the end
		}
		list, page.Next, err = store.Collect(st.Customers(ctx, f), *limit, store.CustomerCursor)
		if err != nil {
			if errors.Is(err, store.ErrBadCursor) {
				return fmt.Errorf("%w: -after %q is not a cursor of this listing", errUsage, *after)
			}
			return err
		}
	}
	page.Customers = make([]customerRow, 0, len(list))
	for _, c := range list {
		s, err := store.SummaryOf(ctx, st, c.ID, store.SummaryFilter{})
		if err != nil {
			return err
		}
		page.Customers = append(page.Customers, customerRow{Customer: c, Summary: s})
	}
	if *asJSON {
		return encodeJSON(stdout, page)
	}
	tw := newTable(stdout)
	fmt.Fprintln(tw, "ID\tEXTERNAL ID\tNAME\tE-MAIL\tCREATED\tORDERS\tNET SPENT\tTAGS")
	for _, r := range page.Customers {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.ID, dash(r.ExternalID), dash(r.Name()), dash(r.Email),
			day(r.CreatedAt), r.Summary.Orders, money(r.Summary.NetSpent()), strings.Join(r.Tags, ","))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%d customers", len(page.Customers))
	if page.Next != "" {
		fmt.Fprintf(stderr, "; next page: -after %s", page.Next)
	}
	fmt.Fprintln(stderr)
	return st.Close()
}

// dash prints "-" for an empty table cell.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
