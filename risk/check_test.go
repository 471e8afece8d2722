package risk_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/risk"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/postgres/pgtest"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The store front gathers the history the pure core sees in plain data, so
// Checker.Check agrees with Evaluate on the dataset's histories for every
// request, on both backends, and the population fitted from the store is
// the one fitted from plain data.
func TestCheckAgreesWithBacktest(t *testing.T) {
	ctx := context.Background()
	shop, err := demo.Generate(&demo.Options{Seed: 7, Customers: 200})
	require.NoError(t, err)
	d := &risk.Dataset{Customers: shop.Customers, Orders: shop.Orders, Returns: shop.Returns, Events: shop.Events}
	last := shop.Returns[len(shop.Returns)-1].RequestedAt

	hs := d.Histories()
	want, err := risk.FitPopulation(ctx, hs, &risk.PopulationOptions{AsOf: last})
	require.NoError(t, err)
	histories := map[uuid.UUID]*risk.History{}
	for i := range hs {
		histories[hs[i].CustomerID] = &hs[i]
	}
	orders := map[uuid.UUID]*order.Order{}
	for i := range shop.Orders {
		orders[shop.Orders[i].ID] = &shop.Orders[i]
	}

	// Loading only the review events keeps the test quick; the rest of the
	// behaviour log does not enter decisions.
	reviewsOnly := *shop
	reviewsOnly.Events = nil
	for _, e := range shop.Events {
		if e.Kind == behavior.KindReview {
			reviewsOnly.Events = append(reviewsOnly.Events, e)
		}
	}
	lite, err := sqlite.Open(filepath.Join(t.TempDir(), "shop.db"), nil)
	require.NoError(t, err)
	defer lite.Close()
	stores := map[string]store.Store{"memory": memory.New(), "sqlite": lite}
	if pgtest.Available(t) {
		stores["postgres"] = pgtest.Open(t)
	}
	for name, st := range stores {
		t.Run(name, func(t *testing.T) {
			_, err := reviewsOnly.Load(ctx, st, nil)
			require.NoError(t, err)
			pop, err := risk.FitPopulationFromStore(ctx, st, &risk.PopulationOptions{AsOf: last})
			require.NoError(t, err)
			assert.Equal(t, want.Stats, pop.Stats)

			chk, err := risk.NewChecker(nil, pop)
			require.NoError(t, err)
			flagged := 0
			for _, r := range shop.Returns {
				got, err := chk.Check(ctx, st, r)
				require.NoError(t, err)
				core := risk.Evaluate(risk.Request{Return: r, Order: *orders[r.OrderID]}, *histories[r.CustomerID], nil, want)
				require.Equal(t, core, got)
				if got.Outcome != risk.Approve {
					flagged++
				}
			}
			assert.Positive(t, flagged)
		})
	}
}

func TestCheckErrors(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	_, err := risk.Check(ctx, st, order.Return{}, nil)
	assert.ErrorIs(t, err, risk.ErrInvalidRequest)
	shop, err := demo.Generate(&demo.Options{Seed: 2, Customers: 60, NoEvents: true})
	require.NoError(t, err)
	r := shop.Returns[0]
	_, err = risk.Check(ctx, st, r, nil)
	assert.True(t, errors.Is(err, store.ErrNotFound), "%v", err)
	_, err = shop.Load(ctx, st, nil)
	require.NoError(t, err)
	r.CustomerID = uuid.New()
	_, err = risk.Check(ctx, st, r, nil)
	assert.ErrorIs(t, err, risk.ErrInvalidRequest)
}
