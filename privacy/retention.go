package privacy

import (
	"context"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// RetentionPolicy says how long personal data of an inactive customer is
// kept (GDPR Art. 5(1)(e), storage limitation).
type RetentionPolicy struct {
	// InactiveFor is the period without activity after which a customer is
	// erased. It must be positive.
	InactiveFor time.Duration
}

// SweepOptions tunes Sweep. The zero value, and nil, erase for real.
type SweepOptions struct {
	// DryRun lists the customers that would be erased and erases none.
	DryRun bool
	// Erase is passed to Erase for each customer; Sweep compacts the store
	// once at the end instead of once per customer.
	Erase EraseOptions
}

// SweepReport says what a sweep found and did.
type SweepReport struct {
	// Cutoff is now - InactiveFor: customers with no activity at or after
	// it are inactive.
	Cutoff  time.Time `json:"cutoff"`
	DryRun  bool      `json:"dry_run"`
	Scanned int       `json:"scanned"` // profiles looked at
	// Inactive lists the inactive customers in scan order (profile creation).
	Inactive []uuid.UUID `json:"inactive"`
	// Receipts holds one receipt per customer erased (none on a dry run).
	Receipts []Receipt `json:"receipts"`
	// Compacted: the store was compacted after the erasures.
	Compacted bool `json:"compacted"`
}

// Sweep erases every customer who has been inactive for longer than the
// policy allows as of now. A customer is inactive when the profile was
// created before the cutoff (now - InactiveFor) and no order was placed, no
// return requested and no behaviour event recorded at or after it. Edits to
// the profile do not count as activity: a shop's own batch updates would
// otherwise keep every profile alive for ever.
//
// Inactive customers are collected first and erased one by one (see Erase,
// whose options come from opts.Erase); the store is compacted once at the
// end. A sweep that fails part-way can simply be run again. Errors:
// *ValidationError for a policy without a positive period; the errors of
// the scans and of Erase (the report then shows what was done).
func Sweep(ctx context.Context, st store.Store, p RetentionPolicy, now time.Time, opts *SweepOptions) (SweepReport, error) {
	if p.InactiveFor <= 0 {
		return SweepReport{}, &ValidationError{Field: "inactive_for", Value: p.InactiveFor.String(), Reason: "must be positive"}
	}
	var o SweepOptions
	if opts != nil {
		o = *opts
	}
	rep := SweepReport{Cutoff: store.Timestamp(now.Add(-p.InactiveFor)), DryRun: o.DryRun, Inactive: []uuid.UUID{}, Receipts: []Receipt{}}
	for c, err := range st.Customers(ctx, store.CustomerFilter{CreatedTo: rep.Cutoff}) {
		if err != nil {
			return rep, fmt.Errorf("privacy: sweep: customers: %w", err)
		}
		rep.Scanned++
		active, err := activeSince(ctx, st, c.ID, rep.Cutoff)
		if err != nil {
			return rep, fmt.Errorf("privacy: sweep: customer %s: %w", c.ID, err)
		}
		if !active {
			rep.Inactive = append(rep.Inactive, c.ID)
		}
	}
	if o.DryRun {
		return rep, nil
	}
	eo := o.Erase
	eo.SkipCompact = true
	for _, id := range rep.Inactive {
		rc, err := Erase(ctx, st, id, &eo)
		if err != nil {
			return rep, fmt.Errorf("privacy: sweep: %w", err)
		}
		rep.Receipts = append(rep.Receipts, rc)
	}
	if c, ok := st.(Compacter); ok && len(rep.Receipts) > 0 && !o.Erase.SkipCompact {
		if err := c.Compact(ctx); err != nil {
			return rep, fmt.Errorf("privacy: sweep: compact: %w", err)
		}
		rep.Compacted = true
	}
	return rep, nil
}

// activeSince reports whether the customer placed an order, requested a
// return or caused an event at or after since.
func activeSince(ctx context.Context, st store.Store, id uuid.UUID, since time.Time) (bool, error) {
	n, err := count(st.Orders(ctx, store.OrderFilter{CustomerID: id, Since: since, Limit: 1}))
	if err != nil || n > 0 {
		return n > 0, err
	}
	if n, err = count(st.Returns(ctx, store.ReturnFilter{CustomerID: id, Since: since, Limit: 1})); err != nil || n > 0 {
		return n > 0, err
	}
	n, err = count(st.Events(ctx, store.EventFilter{CustomerID: id, Since: since, Limit: 1}))
	return n > 0, err
}
