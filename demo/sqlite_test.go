package demo

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadIntoSQLite loads a small shop into the embedded SQL store, whose
// constraints (foreign keys, unique keys, exact decimals) are stricter than
// the memory store's, and reads summaries back.
func TestLoadIntoSQLite(t *testing.T) {
	s, err := Generate(&Options{Seed: 6, Customers: 150})
	require.NoError(t, err)
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "shop.db"), nil)
	require.NoError(t, err)
	defer st.Close()
	_, err = s.Load(ctx, st, &LoadOptions{ChunkSize: 2000})
	require.NoError(t, err)
	stats, err := st.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.Stats{Customers: int64(len(s.Customers)), Orders: int64(len(s.Orders)), Returns: int64(len(s.Returns)), Products: int64(len(s.Products)), Events: int64(len(s.Events))}, stats)

	o, err := st.GetOrderByNumber(ctx, s.Orders[len(s.Orders)/2].Number)
	require.NoError(t, err)
	assert.Equal(t, jsonOf(t, s.Orders[len(s.Orders)/2]), jsonOf(t, o))
	for _, id := range s.Truth.Abusers {
		sum, err := store.SummaryOf(ctx, st, id, store.SummaryFilter{})
		require.NoError(t, err)
		assert.Positive(t, sum.Returns, "a planted abuser has returns")
	}
}
