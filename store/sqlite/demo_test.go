package sqlite_test

import (
	"context"
	"encoding/json"
	"iter"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDemoShopMatchesMemory loads the same generated shop into SQLite and
// into the in-memory reference store and requires every scan, and every
// customer summary (computed in SQL here, by scanning there), to agree
// record for record.
func TestDemoShopMatchesMemory(t *testing.T) {
	ctx := context.Background()
	customers := 50
	if raceEnabled {
		customers = 12 // the comparison checks data, not concurrency
	}
	shop, err := demo.Generate(&demo.Options{Seed: 7, Customers: customers})
	require.NoError(t, err)
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "shop.db"), nil)
	require.NoError(t, err)
	defer st.Close()
	ref := memory.New()
	defer ref.Close()
	res, err := shop.Load(ctx, st, nil)
	require.NoError(t, err)
	refRes, err := shop.Load(ctx, ref, nil)
	require.NoError(t, err)
	assert.Equal(t, refRes, res)

	stats, err := st.Stats(ctx)
	require.NoError(t, err)
	refStats, err := ref.Stats(ctx)
	require.NoError(t, err)
	require.Equal(t, refStats, stats)
	require.Positive(t, stats.Events)
	require.Positive(t, stats.Returns)

	same := func(name string, got, want any) {
		t.Helper()
		g, err := json.Marshal(got)
		require.NoError(t, err)
		w, err := json.Marshal(want)
		require.NoError(t, err)
		assert.True(t, string(g) == string(w), "%s differ", name)
	}
	same("customers", drain(t, st.Customers(ctx, store.CustomerFilter{})), drain(t, ref.Customers(ctx, store.CustomerFilter{})))
	same("orders", drain(t, st.Orders(ctx, store.OrderFilter{Desc: true})), drain(t, ref.Orders(ctx, store.OrderFilter{Desc: true})))
	same("returns", drain(t, st.Returns(ctx, store.ReturnFilter{})), drain(t, ref.Returns(ctx, store.ReturnFilter{})))
	same("products", drain(t, st.Products(ctx, store.ProductFilter{})), drain(t, ref.Products(ctx, store.ProductFilter{})))
	same("events", drain(t, st.Events(ctx, store.EventFilter{})), drain(t, ref.Events(ctx, store.EventFilter{})))
	f := store.SummaryFilter{Until: shop.Start.AddDate(1, 0, 0)}
	same("summaries", drain(t, st.CustomerSummaries(ctx, f)), drain(t, store.ScanSummaries(ctx, ref, f)))

	// Loading the shop again with ConflictSkip adds nothing.
	again, err := shop.Load(ctx, st, &demo.LoadOptions{OnConflict: store.ConflictSkip})
	require.NoError(t, err)
	assert.Zero(t, again.Customers+again.Orders+again.Returns+again.Events)
	after, err := st.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, stats, after)
}

func drain[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}
