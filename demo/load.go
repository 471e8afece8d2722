package demo

import (
	"context"
	"errors"
	"fmt"

	"github.com/crmkit/crmkit/store"
)

// DefaultChunkSize is the number of records Load writes per batch.
const DefaultChunkSize = 5000

// LoadOptions tunes Shop.Load; nil means the defaults.
type LoadOptions struct {
	// ChunkSize is the number of records per store.Load call (default
	// DefaultChunkSize). Each chunk is written atomically when the store
	// has a bulk path.
	ChunkSize int
	// OnConflict is passed to store.Load: ConflictFail (the default) stops
	// at a record already stored, ConflictSkip leaves it and goes on, so
	// loading the same shop twice adds nothing the second time.
	OnConflict store.ConflictPolicy
	// Progress, when set, is called after every chunk with the records
	// written so far and the total to write.
	Progress func(done, total int)
}

// ErrNoStore is returned by Load when given a nil store.
var ErrNoStore = errors.New("demo: nil store")

// Load writes the shop into st through store.Load in chunks: products,
// customers, orders, returns (after their orders, as stores check returns
// against them) and events, in that order. It stops at the first error,
// wrapping it with the kind and range of the failing chunk; the chunks
// written before it stay. Cancelling ctx stops it between chunks.
// Errors: those of store.Load (validation errors, store.ErrConflict),
// ctx.Err(), ErrNoStore.
func (s *Shop) Load(ctx context.Context, st store.Store, opts *LoadOptions) (store.LoadResult, error) {
	var o LoadOptions
	if opts != nil {
		o = *opts
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = DefaultChunkSize
	}
	var res store.LoadResult
	if st == nil {
		return res, ErrNoStore
	}
	total := len(s.Products) + len(s.Customers) + len(s.Orders) + len(s.Returns) + len(s.Events)
	done := 0
	write := func(kind string, n int, batch func(lo, hi int) store.Batch) error {
		for lo := 0; lo < n; lo += o.ChunkSize {
			if err := ctx.Err(); err != nil {
				return err
			}
			hi := min(lo+o.ChunkSize, n)
			r, err := store.Load(ctx, st, batch(lo, hi), o.OnConflict)
			res.Add(r)
			if err != nil {
				return fmt.Errorf("demo: loading %s %d to %d: %w", kind, lo, hi-1, err)
			}
			done += hi - lo
			if o.Progress != nil {
				o.Progress(done, total)
			}
		}
		return nil
	}
	steps := []struct {
		kind  string
		n     int
		batch func(lo, hi int) store.Batch
	}{
		{"products", len(s.Products), func(lo, hi int) store.Batch { return store.Batch{Products: s.Products[lo:hi]} }},
		{"customers", len(s.Customers), func(lo, hi int) store.Batch { return store.Batch{Customers: s.Customers[lo:hi]} }},
		{"orders", len(s.Orders), func(lo, hi int) store.Batch { return store.Batch{Orders: s.Orders[lo:hi]} }},
		{"returns", len(s.Returns), func(lo, hi int) store.Batch { return store.Batch{Returns: s.Returns[lo:hi]} }},
		{"events", len(s.Events), func(lo, hi int) store.Batch { return store.Batch{Events: s.Events[lo:hi]} }},
	}
	for _, step := range steps {
		if err := write(step.kind, step.n, step.batch); err != nil {
			return res, err
		}
	}
	return res, nil
}
