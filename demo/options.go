package demo

import (
	"errors"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/order"
)

// DefaultEnd is the default end of the simulated period (exclusive): the
// last simulated day is 2026-10-31, so output does not depend on the clock.
var DefaultEnd = time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)

// Defaults of Options.
const (
	DefaultCustomers      = 1000
	DefaultProducts       = 240
	DefaultCurrency       = "EUR"
	DefaultAbuserShare    = 0.015
	DefaultDuplicateShare = 0.005
	// DefaultYears is the length of the default period before End.
	DefaultYears = 2
)

// Options sets the size and shape of the generated shop. The zero value
// (or nil) gives the default shop: 1,000 customers, 240 products, the two
// years before DefaultEnd, in euros.
type Options struct {
	// Seed selects the random stream: the same Options give the same shop.
	Seed uint64
	// Customers is the number of profiles, planted duplicates included
	// (default 1,000). About 5.5 orders per customer result with the
	// default period; 180,000 customers give about a million orders.
	Customers int
	// Products is the catalogue size (default 240; at least 8, one per category).
	Products int
	// Start and End bound the simulated period [Start, End), in UTC.
	// End defaults to DefaultEnd, Start to DefaultYears before End. The
	// period must be at least 180 days.
	Start, End time.Time
	// Currency is the ISO 4217 code of all prices (default EUR); it must
	// have two decimal places.
	Currency string
	// AbuserShare is the fraction of customers planted as refund abusers
	// (default 0.015; negative for none).
	AbuserShare float64
	// DuplicateShare is the fraction of profiles that are planted duplicates
	// of another (default 0.005; negative for none).
	DuplicateShare float64
	// AnonymousSessions is the number of sessions of visitors who never log
	// in (default twice Customers; negative for none).
	AnonymousSessions int
	// NoEvents leaves out behaviour events (for benchmarks that need only
	// orders); reviews, surveys and support contacts go with them.
	NoEvents bool
}

// ErrInvalidOptions is matched by every *OptionsError.
var ErrInvalidOptions = errors.New("demo: invalid options")

// OptionsError reports an option out of range.
type OptionsError struct {
	Field  string
	Value  string
	Reason string
}

func (e *OptionsError) Error() string {
	return fmt.Sprintf("demo: invalid option %s = %s: %s", e.Field, e.Value, e.Reason)
}

// Is makes errors.Is(err, ErrInvalidOptions) true.
func (e *OptionsError) Is(target error) bool { return target == ErrInvalidOptions }

// resolve returns the options with defaults filled in, or an *OptionsError.
func (o *Options) resolve() (Options, error) {
	var r Options
	if o != nil {
		r = *o
	}
	bad := func(field string, v any, reason string) (Options, error) {
		return Options{}, &OptionsError{Field: field, Value: fmt.Sprint(v), Reason: reason}
	}
	switch {
	case r.Customers < 0:
		return bad("Customers", r.Customers, "must not be negative")
	case r.Customers == 0:
		r.Customers = DefaultCustomers
	}
	switch {
	case r.Products == 0:
		r.Products = DefaultProducts
	case r.Products < len(categories):
		return bad("Products", r.Products, fmt.Sprintf("at least %d, one per category", len(categories)))
	}
	if r.End.IsZero() {
		r.End = DefaultEnd
	}
	r.End = r.End.UTC().Truncate(time.Second)
	if r.Start.IsZero() {
		r.Start = r.End.AddDate(-DefaultYears, 0, 0)
	}
	r.Start = r.Start.UTC().Truncate(time.Second)
	if r.End.Sub(r.Start) < 180*24*time.Hour {
		return bad("Start", r.Start.Format(time.RFC3339), "the period must cover at least 180 days before End "+r.End.Format(time.RFC3339))
	}
	if r.Currency == "" {
		r.Currency = DefaultCurrency
	}
	if d, ok := order.MinorUnits(r.Currency); !ok || d != 2 {
		return bad("Currency", r.Currency, "not an ISO 4217 code with two decimal places (prices are simulated in cents)")
	}
	share := func(field string, v *float64, def float64) error {
		switch {
		case *v == 0:
			*v = def
		case *v < 0:
			*v = 0
		case *v > 0.5:
			_, err := bad(field, *v, "at most 0.5")
			return err
		}
		return nil
	}
	if err := share("AbuserShare", &r.AbuserShare, DefaultAbuserShare); err != nil {
		return Options{}, err
	}
	if err := share("DuplicateShare", &r.DuplicateShare, DefaultDuplicateShare); err != nil {
		return Options{}, err
	}
	switch {
	case r.AnonymousSessions == 0:
		r.AnonymousSessions = 2 * r.Customers
	case r.AnonymousSessions < 0:
		r.AnonymousSessions = 0
	}
	return r, nil
}
