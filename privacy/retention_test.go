package privacy_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// newProfile stores a bare profile created at the given time.
func newProfile(t *testing.T, ctx context.Context, st store.Store, created time.Time) uuid.UUID {
	t.Helper()
	c := &customer.Customer{Email: marker("p") + "@example.org", CreatedAt: created}
	if err := st.CreateCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func TestSweep(t *testing.T) {
	backends(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		year := 365 * 24 * time.Hour
		policy := privacy.RetentionPolicy{InactiveFor: year}

		// Last active two years ago: orders, a return and events, all old.
		lapsed := seedPerson(t, ctx, st, 1, t0.AddDate(-2, 0, 0))
		// Ordered a month ago.
		buyer := seedPerson(t, ctx, st, 2, t0.AddDate(0, -1, 0))
		// Old profile, nothing but a page view ten days ago.
		browser := newProfile(t, ctx, st, t0.AddDate(-3, 0, 0))
		if err := st.AppendEvents(ctx, []behavior.Event{{Kind: behavior.KindView, CustomerID: browser, ProductID: "p-kettle", At: t0.AddDate(0, 0, -10)}}); err != nil {
			t.Fatal(err)
		}
		// Old order, but a return requested last week.
		returner := newProfile(t, ctx, st, t0.AddDate(-3, 0, 0))
		o := &order.Order{Number: marker("R-"), CustomerID: returner, Status: order.StatusDelivered, Currency: "EUR",
			Lines:    []order.Line{{ProductID: "p-kettle", Quantity: 1, UnitPrice: decimal.RequireFromString("10")}},
			PlacedAt: t0.AddDate(-2, 0, 0)}
		o.Total = o.ComputeTotal()
		if err := st.CreateOrder(ctx, o); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateReturn(ctx, &order.Return{OrderID: o.ID, CustomerID: returner, Status: order.ReturnRequested,
			Items:  []order.ReturnItem{{ProductID: "p-kettle", Quantity: 1, Amount: decimal.RequireFromString("10")}},
			Amount: decimal.RequireFromString("10"), RequestedAt: t0.AddDate(0, 0, -7)}); err != nil {
			t.Fatal(err)
		}
		// Never did anything, but only signed up last month.
		newcomer := newProfile(t, ctx, st, t0.AddDate(0, -1, 0))
		// Never did anything, signed up three years ago.
		dormant := newProfile(t, ctx, st, t0.AddDate(-3, 0, 0))

		want := []uuid.UUID{lapsed.ID, dormant}
		slices.SortFunc(want, func(a, b uuid.UUID) int { return store.CompareIDs(a, b) })
		sorted := func(ids []uuid.UUID) []uuid.UUID {
			ids = slices.Clone(ids)
			slices.SortFunc(ids, func(a, b uuid.UUID) int { return store.CompareIDs(a, b) })
			return ids
		}

		dry, err := privacy.Sweep(ctx, st, policy, t0, &privacy.SweepOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if !dry.DryRun || !slices.Equal(sorted(dry.Inactive), want) || len(dry.Receipts) != 0 || dry.Scanned != 5 {
			t.Fatalf("dry run: %+v; want inactive %v of 5 scanned", dry, want)
		}
		if !dry.Cutoff.Equal(t0.Add(-year)) {
			t.Errorf("cutoff %s", dry.Cutoff)
		}
		if _, err := st.GetCustomer(ctx, lapsed.ID); err != nil {
			t.Fatalf("dry run erased: %v", err)
		}

		rec := &recorder{}
		rep, err := privacy.Sweep(ctx, st, policy, t0, &privacy.SweepOptions{Erase: privacy.EraseOptions{Forgetters: []privacy.Forgetter{rec}}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sorted(rep.Inactive), want) || len(rep.Receipts) != 2 || len(rec.forgot) != 2 {
			t.Fatalf("sweep: %+v, forgot %v", rep, rec.forgot)
		}
		_, isSQLite := st.(*sqlite.Store)
		if rep.Compacted != isSQLite {
			t.Errorf("compacted = %v on %T", rep.Compacted, st)
		}
		for _, rc := range rep.Receipts {
			if !rc.ProfileRemoved || rc.Compacted {
				t.Errorf("receipt %+v: want the profile removed and no per-customer compaction", rc)
			}
			if rc.CustomerID == lapsed.ID && (rc.OrdersKept != 2 || rc.EventsRemoved != 3 || rc.ReturnReasonsCleared != 1) {
				t.Errorf("lapsed customer's receipt %+v", rc)
			}
		}
		for _, id := range want {
			if _, err := st.GetCustomer(ctx, id); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s not erased: %v", id, err)
			}
		}
		for _, id := range []uuid.UUID{buyer.ID, browser, returner, newcomer} {
			if _, err := st.GetCustomer(ctx, id); err != nil {
				t.Errorf("active customer %s gone: %v", id, err)
			}
		}

		// A second sweep finds nothing left to do.
		again, err := privacy.Sweep(ctx, st, policy, t0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Inactive) != 0 || again.Compacted {
			t.Errorf("second sweep: %+v", again)
		}
	})
}

func TestSweepPolicy(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Hour} {
		_, err := privacy.Sweep(context.Background(), nil, privacy.RetentionPolicy{InactiveFor: d}, t0, nil)
		var ve *privacy.ValidationError
		if !errors.As(err, &ve) || ve.Field != "inactive_for" {
			t.Errorf("InactiveFor %s: err = %v, want a ValidationError", d, err)
		}
	}
}
