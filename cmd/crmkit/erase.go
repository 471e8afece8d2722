package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

func init() {
	register(&command{
		name:    "erase",
		summary: "erase a customer's personal data (GDPR Art. 17, CCPA); needs -yes; prints the receipt",
		run:     runErase,
	})
}

func runErase(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit erase", stderr)
	usageFor(fs, stderr, "crmkit erase -yes [flags] ID|EMAIL|EXTERNAL-ID",
		"Erases a customer's personal data: the profile, behaviour events (reviews and support texts\n"+
			"included), free-text return reasons and audit payloads; orders and returns are kept without\n"+
			"personal data for legal retention. Without -yes it says what it would erase and exits with\n"+
			"status 4. Erasing again is safe and finishes an erasure that failed part-way.",
		"Take the export first if the customer asked for a copy: after erasure it cannot be made.")
	db := fs.String("db", "crmkit-demo.db", dbFlagDoc)
	yes := fs.Bool("yes", false, "really erase (cannot be undone)")
	forget := fs.String("forget-model", "", "also make the recommender saved in this file (crmkit recommend -save) forget the customer")
	noCompact := fs.Bool("no-compact", false, "do not rebuild the database file afterwards (deleted bytes stay on disk until the next compaction)")
	asJSON := fs.Bool("json", false, "print the receipt as JSON")
	quiet := fs.Bool("q", false, "no progress on stderr")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return fmt.Errorf("%w: erase needs one customer (ID, e-mail or external ID)", errUsage)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	id, err := privacySubject(ctx, st, pos[0])
	if err != nil {
		return err
	}
	if !*yes {
		return eraseRefusal(ctx, st, id)
	}

	opts := &privacy.EraseOptions{SkipCompact: *noCompact}
	var model *recommend.Recommender
	if *forget != "" {
		if model, err = loadRecommender(ctx, *forget); err != nil {
			return err
		}
		opts.Forgetters = []privacy.Forgetter{model}
	}
	// Compaction rewrites the whole database file, which takes a while.
	b := newBar(stderr, *quiet, "erasing")
	b.Update(0, 1)
	receipt, err := privacy.Erase(cliActor(ctx), st, id, opts)
	if err == nil {
		b.Update(1, 1)
	}
	b.Finish()
	if err != nil {
		return fmt.Errorf("erase %s (run the command again to finish): %w", id, err)
	}
	if model != nil {
		if err := saveRecommender(model, *forget); err != nil {
			return err
		}
	}
	if *asJSON {
		if err := encodeJSON(stdout, receipt); err != nil {
			return err
		}
	} else {
		printReceipt(stdout, receipt)
	}
	return st.Close()
}

// eraseRefusal says what an erasure of id would remove and returns
// errUnconfirmed.
func eraseRefusal(ctx context.Context, st store.Store, id uuid.UUID) error {
	who := "customer " + id.String() + " (no profile: finishing an earlier erasure)"
	if c, err := st.GetCustomer(ctx, id); err == nil {
		who = fmt.Sprintf("customer %s (%s)", id, customerLabel(c))
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	s, err := store.SummaryOf(ctx, st, id, store.SummaryFilter{})
	if err != nil {
		return err
	}
	return fmt.Errorf("%w: would erase the personal data of %s and keep %d orders anonymised; run again with -yes to erase",
		errUnconfirmed, who, s.Orders)
}

func loadRecommender(ctx context.Context, path string) (*recommend.Recommender, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := recommend.LoadRecommender(ctx, f, nil)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	return r, nil
}

func printReceipt(w io.Writer, r privacy.Receipt) {
	fmt.Fprintf(w, "erased customer %s at %s\n", r.CustomerID, r.ErasedAt.UTC().Format(time.RFC3339))
	tw := newTable(w)
	profile := "deleted"
	if !r.ProfileRemoved {
		profile = "none left (already erased)"
	}
	fmt.Fprintf(tw, "  profile\t%s\n", profile)
	fmt.Fprintf(tw, "  behaviour events removed\t%d\n", r.EventsRemoved)
	fmt.Fprintf(tw, "  return reasons cleared\t%d\n", r.ReturnReasonsCleared)
	fmt.Fprintf(tw, "  audit records scrubbed\t%d\n", r.AuditRecordsScrubbed)
	fmt.Fprintf(tw, "  orders kept (anonymised)\t%d\n", r.OrdersKept)
	fmt.Fprintf(tw, "  returns kept (anonymised)\t%d\n", r.ReturnsKept)
	fmt.Fprintf(tw, "  anonymous events kept\t%d\n", r.AnonymousEventsKept)
	fmt.Fprintf(tw, "  models told to forget\t%d\n", r.Forgetters)
	fmt.Fprintf(tw, "  store compacted\t%t\n", r.Compacted)
	tw.Flush()
}
