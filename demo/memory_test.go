package demo

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadIntoMemoryStore(t *testing.T) {
	s := shop(t)
	ctx := context.Background()
	st := memory.New()
	defer st.Close()
	res, err := s.Load(ctx, st, nil)
	require.NoError(t, err)
	assert.Equal(t, store.LoadResult{Customers: len(s.Customers), Products: len(s.Products), Orders: len(s.Orders), Returns: len(s.Returns), Events: len(s.Events)}, res)
	stats, err := st.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.Stats{Customers: int64(len(s.Customers)), Orders: int64(len(s.Orders)), Returns: int64(len(s.Returns)), Products: int64(len(s.Products)), Events: int64(len(s.Events))}, stats)

	// What the store hands back is what was generated: same order, same values.
	i := 0
	for c, err := range st.Customers(ctx, store.CustomerFilter{}) {
		require.NoError(t, err)
		require.Equal(t, jsonOf(t, s.Customers[i]), jsonOf(t, c))
		i++
	}
	i = 0
	for o, err := range st.Orders(ctx, store.OrderFilter{}) {
		require.NoError(t, err)
		require.Equal(t, jsonOf(t, s.Orders[i]), jsonOf(t, o))
		i++
	}
	require.Equal(t, len(s.Orders), i)
	i = 0
	for r, err := range st.Returns(ctx, store.ReturnFilter{}) {
		require.NoError(t, err)
		require.Equal(t, jsonOf(t, s.Returns[i]), jsonOf(t, r))
		i++
	}
	require.Equal(t, len(s.Returns), i)
	i = 0
	for e, err := range st.Events(ctx, store.EventFilter{}) {
		require.NoError(t, err)
		require.Equal(t, s.Events[i].ID, e.ID)
		if i%100 == 0 {
			require.Equal(t, jsonOf(t, s.Events[i]), jsonOf(t, e))
		}
		i++
	}
	require.Equal(t, len(s.Events), i)

	// Summaries see the abusers' returns.
	returns := map[bool][]float64{}
	for sum, err := range store.Summaries(ctx, st, store.SummaryFilter{}) {
		require.NoError(t, err)
		if sum.Orders > 0 {
			returns[s.Truth.IsAbuser(sum.CustomerID)] = append(returns[s.Truth.IsAbuser(sum.CustomerID)], float64(sum.Returns)/float64(sum.Orders))
		}
	}
	assert.Greater(t, mean(returns[true]), 4*mean(returns[false]))

	// Loading again with ConflictSkip adds nothing.
	again, err := s.Load(ctx, st, &LoadOptions{OnConflict: store.ConflictSkip})
	require.NoError(t, err)
	assert.Zero(t, again.Customers+again.Orders)
	stats2, err := st.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, stats.Customers, stats2.Customers)
	assert.Equal(t, stats.Orders, stats2.Orders)
}

// plainStore hides the memory store's bulk path, so Load goes through the
// per-kind batch methods and CreateReturn.
type plainStore struct{ store.Store }

func TestLoadWithoutBulkPath(t *testing.T) {
	s, err := Generate(&Options{Seed: 5, Customers: 150})
	require.NoError(t, err)
	st := memory.New()
	defer st.Close()
	_, err = s.Load(context.Background(), plainStore{st}, &LoadOptions{ChunkSize: 700})
	require.NoError(t, err)
	stats, err := st.Stats(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(len(s.Returns)), stats.Returns)
	assert.Equal(t, int64(len(s.Events)), stats.Events)
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
