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
	// (default 1,000). About 5.85 orders per customer result with the
	// default period; 171,000 customers give about a million orders.
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
	// Stationary removes trend and seasonality (StationarySeasonality), so
	// purchases follow the plain BG/NBD process: for parameter-recovery
	// tests of lifetime-value models.
	Stationary bool
	// Types replaces DefaultTypeParams; nil keeps them. Types left out get
	// no customers; shares are relative. Refund abusers are drawn from
	// loyal, occasional and bargain-hunting customers only, so a shop of
	// other types has none.
	Types map[CustomerType]TypeParams
}

// ErrInvalidOptions is matched by every *OptionsError.
var ErrInvalidOptions = errors.New("demo: invalid options")

// OptionsError reports an option out of range.
type OptionsError struct {
	Field  string
	Value  string
	Reason string
}

// Error describes the fault.
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
	if err := resolveTypes(&r); err != nil {
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

// resolveTypes fills in DefaultTypeParams or checks the caller's.
func resolveTypes(r *Options) error {
	if r.Types == nil {
		r.Types = DefaultTypeParams()
		return nil
	}
	types := make(map[CustomerType]TypeParams, len(CustomerTypes))
	total := 0.0
	for t, p := range r.Types {
		field := "Types[" + t.String() + "]"
		bad := func(name string, v float64, reason string) error {
			return &OptionsError{Field: field + "." + name, Value: fmt.Sprint(v), Reason: reason}
		}
		switch {
		case t < Loyal || t > New:
			return &OptionsError{Field: "Types", Value: fmt.Sprint(int(t)), Reason: "unknown customer type"}
		case !(p.Share >= 0):
			return bad("Share", p.Share, "must not be negative")
		case !(p.RateShape > 0):
			return bad("RateShape", p.RateShape, "must be positive")
		case !(p.RateMean > 0):
			return bad("RateMean", p.RateMean, "must be positive")
		case !(p.DropoutA > 0):
			return bad("DropoutA", p.DropoutA, "must be positive")
		case !(p.DropoutB > 0):
			return bad("DropoutB", p.DropoutB, "must be positive")
		case t != New && !(p.JoinFrom >= 0 && p.JoinFrom < p.JoinTo && p.JoinTo <= 1):
			return bad("JoinTo", p.JoinTo, "need 0 <= JoinFrom < JoinTo <= 1")
		case !(p.DiscountAffinity >= 0 && p.DiscountAffinity <= 1):
			return bad("DiscountAffinity", p.DiscountAffinity, "must be in [0, 1]")
		case !(p.ReturnFactor >= 0 && p.ReturnFactor <= 5):
			return bad("ReturnFactor", p.ReturnFactor, "must be in [0, 5]")
		case !(p.NPSMean >= 0 && p.NPSMean <= 10):
			return bad("NPSMean", p.NPSMean, "must be in [0, 10]")
		}
		total += p.Share
		types[t] = p
	}
	if !(total > 0) {
		return &OptionsError{Field: "Types", Value: fmt.Sprint(total), Reason: "the shares must add up to more than zero"}
	}
	for _, t := range CustomerTypes {
		if _, ok := types[t]; !ok {
			types[t] = TypeParams{} // no customers; kept so lookups find the type
		}
	}
	r.Types = types
	return nil
}
