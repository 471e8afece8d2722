package demo

import (
	"context"
	"errors"
	"testing"

	"github.com/crmkit/crmkit/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// batchRecorder is a store whose bulk path records the batches it is given;
// store.Load calls only LoadBatch on a BulkLoader, so the embedded (nil)
// Store is never used.
type batchRecorder struct {
	store.Store
	batches []store.Batch
	failAt  int // fail the batch with this 1-based position; 0 never
}

func (b *batchRecorder) LoadBatch(_ context.Context, batch store.Batch, _ store.ConflictPolicy) (store.LoadResult, error) {
	b.batches = append(b.batches, batch)
	if len(b.batches) == b.failAt {
		return store.LoadResult{}, store.ErrConflict
	}
	return store.LoadResult{
		Customers: len(batch.Customers), Products: len(batch.Products), Orders: len(batch.Orders),
		Returns: len(batch.Returns), Events: len(batch.Events),
	}, nil
}

func TestLoadWritesEverythingInChunks(t *testing.T) {
	s, err := Generate(&Options{Seed: 2, Customers: 120, Products: 40})
	require.NoError(t, err)
	rec := &batchRecorder{}
	var calls [][2]int
	res, err := s.Load(context.Background(), rec, &LoadOptions{ChunkSize: 100, Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}})
	require.NoError(t, err)
	assert.Equal(t, store.LoadResult{Customers: 120, Products: 40, Orders: len(s.Orders), Returns: len(s.Returns), Events: len(s.Events)}, res)

	total := len(s.Products) + len(s.Customers) + len(s.Orders) + len(s.Returns) + len(s.Events)
	require.Len(t, calls, len(rec.batches))
	assert.Equal(t, [2]int{total, total}, calls[len(calls)-1])
	for i := 1; i < len(calls); i++ {
		assert.Greater(t, calls[i][0], calls[i-1][0], "progress grows")
	}
	// One kind per batch, at most ChunkSize records, kinds in load order.
	rank := func(b store.Batch) int {
		switch {
		case len(b.Products) > 0:
			return 0
		case len(b.Customers) > 0:
			return 1
		case len(b.Orders) > 0:
			return 2
		case len(b.Returns) > 0:
			return 3
		}
		return 4
	}
	for i, b := range rec.batches {
		assert.LessOrEqual(t, b.Len(), 100)
		assert.Positive(t, b.Len())
		if i > 0 {
			assert.LessOrEqual(t, rank(rec.batches[i-1]), rank(b))
		}
	}
}

func TestLoadStopsAtErrors(t *testing.T) {
	s, err := Generate(&Options{Seed: 2, Customers: 50, Products: 16})
	require.NoError(t, err)

	rec := &batchRecorder{failAt: 3}
	res, err := s.Load(context.Background(), rec, &LoadOptions{ChunkSize: 40})
	require.ErrorIs(t, err, store.ErrConflict)
	assert.Contains(t, err.Error(), "customers")
	assert.Len(t, rec.batches, 3)
	assert.Equal(t, 16, res.Products)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = s.Load(ctx, &batchRecorder{}, nil)
	assert.ErrorIs(t, err, context.Canceled)

	_, err = s.Load(context.Background(), nil, nil)
	assert.True(t, errors.Is(err, ErrNoStore))
}
