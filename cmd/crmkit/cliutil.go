package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"os/user"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/internal/progress"
	"github.com/crmkit/crmkit/internal/storeopen"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Helpers shared by the store-facing commands (demo, customers, segment,
// clv, forecast, recommend, export, erase).

// dbFlagDoc describes the -db flag the same way in every command.
const dbFlagDoc = "store: a SQLite file (PATH.db or sqlite:PATH), memory, or a postgres:// DSN"

// usageFor sets fs.Usage to print the synopsis, a one-line description,
// optional notes and the flags.
func usageFor(fs *flag.FlagSet, stderr io.Writer, synopsis, summary, notes string) {
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: %s\n\n%s\n", synopsis, summary)
		if notes != "" {
			fmt.Fprintf(stderr, "\n%s\n", strings.TrimRight(notes, "\n"))
		}
		fmt.Fprintln(stderr, "\nflags:")
		fs.PrintDefaults()
	}
}

// parseInterspersed parses args into fs allowing flags after positional
// arguments ("customers show ID -json"), and returns the positional ones.
// "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// encodeJSON writes v to w as indented JSON.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// newTable returns a tab-aligned writer; call Flush when done.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}

// parseDay reads a -flag value given as YYYY-MM-DD (midnight UTC) or RFC 3339.
func parseDay(name, s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("%w: -%s %q: want YYYY-MM-DD or an RFC 3339 time", errUsage, name, s)
}

// optionalDay is parseDay for a flag that may be left empty.
func optionalDay(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return parseDay(name, s)
}

// findCustomer resolves a reference given on the command line: a UUID, an
// e-mail address (anything with an @) or the shop's external ID. A missing
// customer is errNotFound.
func findCustomer(ctx context.Context, st store.Store, ref string) (customer.Customer, error) {
	var (
		c    customer.Customer
		err  error
		what string
	)
	switch id, perr := uuid.Parse(ref); {
	case perr == nil:
		c, err = st.GetCustomer(ctx, id)
		what = "ID"
	case strings.Contains(ref, "@"):
		c, err = st.GetCustomerByEmail(ctx, ref)
		what = "e-mail"
	default:
		c, err = st.GetCustomerByExternalID(ctx, ref)
		what = "external ID"
	}
	if errors.Is(err, store.ErrNotFound) {
		return c, fmt.Errorf("%w: no customer with %s %q", errNotFound, what, ref)
	}
	return c, err
}

// dataEnd returns the start of the UTC day after the latest order, the
// moment "as of" which analyses of a store look by default (so a demo shop
// generated long ago reads the same today), or errNoOrders.
func dataEnd(ctx context.Context, st store.Store) (time.Time, error) {
	for o, err := range st.Orders(ctx, store.OrderFilter{Desc: true, Limit: 1}) {
		if err != nil {
			return time.Time{}, err
		}
		return o.PlacedAt.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour), nil
	}
	return time.Time{}, errNoOrders
}

// errNoOrders is returned by commands that analyse orders on a store without any.
var errNoOrders = errors.New("the store holds no orders (load some with crmkit demo or crmkit import)")

// asOfOrEnd returns the -as-of flag's time, or dataEnd when it is empty.
func asOfOrEnd(ctx context.Context, st store.Store, flagValue string) (time.Time, error) {
	if flagValue != "" {
		return parseDay("as-of", flagValue)
	}
	return dataEnd(ctx, st)
}

// newBar returns a progress bar on stderr, or nil when quiet. The methods
// of a nil *bar do nothing, so callers need not check.
func newBar(stderr io.Writer, quiet bool, label string) *bar {
	if quiet {
		return nil
	}
	return &bar{Bar: progress.New(stderr, label)}
}

// bar wraps progress.Bar so that a quiet command can pass nil around.
type bar struct{ *progress.Bar }

// Update reports done of total.
func (b *bar) Update(done, total int) {
	if b != nil {
		b.Bar.Update(done, total)
	}
}

// Finish ends the bar.
func (b *bar) Finish() {
	if b != nil {
		b.Bar.Finish()
	}
}

// callback returns b.Update for library progress options, nil when quiet.
func (b *bar) callback() func(done, total int) {
	if b == nil {
		return nil
	}
	return b.Update
}

// collectWithProgress reads a scan to the end, moving b towards total every
// 1,000 records (total from store.Stats; the bar stops short if it was low).
func collectWithProgress[T any](seq iter.Seq2[T, error], b *bar, total int) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		if len(out)%1000 == 0 {
			b.Update(min(len(out), total), total)
		}
	}
	b.Update(total, total)
	return out, nil
}

// readOrders reads every order placed before until (all when zero) with a
// progress bar sized by the store's order count.
func readOrders(ctx context.Context, st store.Store, until time.Time, b *bar) ([]order.Order, error) {
	stats, err := st.Stats(ctx)
	if err != nil {
		return nil, err
	}
	orders, err := collectWithProgress(st.Orders(ctx, store.OrderFilter{Until: until}), b, int(stats.Orders))
	if err != nil {
		return nil, err
	}
	if len(orders) == 0 {
		return nil, errNoOrders
	}
	return orders, nil
}

// money prints an amount with two decimals.
func money(d decimal.Decimal) string { return d.StringFixed(2) }

// day prints the date of t, or "-" for the zero time.
func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.DateOnly)
}

// customerLabel names a customer for tables: the name, else the e-mail,
// else the external ID, else the ID.
func customerLabel(c customer.Customer) string {
	for _, s := range []string{c.Name(), c.Email, c.ExternalID} {
		if s != "" {
			return s
		}
	}
	return c.ID.String()
}

// cliActor attributes the command's writes in the store's journal to the
// local user running it.
func cliActor(ctx context.Context) context.Context {
	name := "unknown"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	} else if s := os.Getenv("USER"); s != "" {
		name = s
	}
	return store.WithActor(ctx, "crmkit-cli:"+name)
}

// The environment variables that turn on encryption of personal data at
// rest for every command that opens a store (backup and restore excepted:
// they copy the store as it is, ciphertext and all).
const (
	piiKeysEnv      = "CRMKIT_PII_KEYS"            // see storeopen.ParseKeys
	piiPlaintextEnv = "CRMKIT_PII_ALLOW_PLAINTEXT" // "1": read profiles written before encryption
)

// openStore opens the store named by dsn, encrypting personal data at rest
// when CRMKIT_PII_KEYS holds a keyring.
func openStore(ctx context.Context, dsn string) (store.Store, error) {
	opts, err := piiOptions(false)
	if err != nil {
		return nil, err
	}
	return storeopen.OpenWith(ctx, dsn, opts)
}

// piiOptions reads the keyring from the environment; nil when none is set.
// allowPlaintext forces AllowPlaintext on (rotate-keys encrypts such profiles).
func piiOptions(allowPlaintext bool) (*storeopen.Options, error) {
	spec := os.Getenv(piiKeysEnv)
	if spec == "" {
		return nil, nil
	}
	keys, err := storeopen.ParseKeys(spec)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", piiKeysEnv, err)
	}
	return &storeopen.Options{Keys: keys, AllowPlaintext: allowPlaintext || os.Getenv(piiPlaintextEnv) == "1"}, nil
}
