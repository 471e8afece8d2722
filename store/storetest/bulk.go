package storetest

import (
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bulkBatch builds a batch of two customers with orders, a return against
// an order of the same batch, products and events, with IDs and versions set
// as a restore would carry them.
func bulkBatch() store.Batch {
	a, b := *newCustomer(300), *newCustomer(301)
	a.ID, b.ID = uuid.New(), uuid.New()
	a.Version = 4
	o1, o2 := *newOrder(a.ID, "B-1", base), *newOrder(b.ID, "B-2", base.Add(time.Hour))
	o1.ID, o2.ID = uuid.New(), uuid.New()
	o1.Version = 3
	r := *newReturn(&o1, base.Add(2*time.Hour))
	r.ID = uuid.New()
	e := newEvent(a.ID, behavior.KindView, "p-mug", base)
	e.ID = uuid.New()
	return store.Batch{
		Customers: []customer.Customer{a, b},
		Products:  []order.Product{newProduct("p-mug", "kitchen", true), newProduct("p-tea", "food", true)},
		Orders:    []order.Order{o1, o2},
		Returns:   []order.Return{r},
		Events:    []behavior.Event{e},
	}
}

func (s *suite) bulkLoad(t *testing.T) {
	t.Run("LoadsEverythingKeepingVersions", func(t *testing.T) {
		st := s.fresh(t)
		b := bulkBatch()
		res, err := store.Load(ctx(t), st, b, store.ConflictFail)
		require.NoError(t, err)
		assert.Equal(t, store.LoadResult{Customers: 2, Products: 2, Orders: 2, Returns: 1, Events: 1}, res)
		assert.Equal(t, store.Stats{Customers: 2, Orders: 2, Returns: 1, Products: 2, Events: 1}, stats(t, st))
		a, err := st.GetCustomer(ctx(t), b.Customers[0].ID)
		require.NoError(t, err)
		if _, ok := st.(store.BulkLoader); ok {
			assert.Equal(t, int64(4), a.Version, "a bulk load keeps versions")
			o, err := st.GetOrder(ctx(t), b.Orders[0].ID)
			require.NoError(t, err)
			assert.Equal(t, int64(3), o.Version)
		}
		r, err := st.GetReturn(ctx(t), b.Returns[0].ID)
		require.NoError(t, err)
		assert.True(t, r.Amount.Equal(dec("9.50")))
	})
	t.Run("SkipMakesReRunsIdempotent", func(t *testing.T) {
		st := s.fresh(t)
		if _, ok := st.(store.BulkLoader); !ok {
			t.Skip("ConflictSkip needs a store.BulkLoader")
		}
		b := bulkBatch()
		_, err := store.Load(ctx(t), st, b, store.ConflictSkip)
		require.NoError(t, err)
		before := stats(t, st)
		res, err := store.Load(ctx(t), st, b, store.ConflictSkip)
		require.NoError(t, err)
		assert.Equal(t, 0, res.Customers+res.Orders+res.Returns+res.Events)
		assert.Equal(t, 2, res.Products, "products are upserted")
		assert.Equal(t, 6, res.Skipped)
		assert.Equal(t, before, stats(t, st))
		_, err = store.Load(ctx(t), st, b, store.ConflictFail)
		require.ErrorIs(t, err, store.ErrConflict)
		assert.Equal(t, before, stats(t, st))
	})
	t.Run("AllOrNothing", func(t *testing.T) {
		st := s.fresh(t)
		if _, ok := st.(store.BulkLoader); !ok {
			t.Skip("atomic batches across kinds need a store.BulkLoader")
		}
		for name, spoil := range map[string]func(*store.Batch){
			"bad event":       func(b *store.Batch) { b.Events[0].Rating = 9 },
			"bad return":      func(b *store.Batch) { b.Returns[0].Items[0].Quantity = 5 },
			"orphan return":   func(b *store.Batch) { b.Returns[0].OrderID = uuid.New() },
			"bad order total": func(b *store.Batch) { b.Orders[1].Total = dec("1") },
			"duplicate email": func(b *store.Batch) { b.Customers[1].Email = b.Customers[0].Email },
			"bad product":     func(b *store.Batch) { b.Products[1].ID = "" },
		} {
			b := bulkBatch()
			spoil(&b)
			_, err := store.Load(ctx(t), st, b, store.ConflictFail)
			require.Error(t, err, name)
			assert.Equal(t, store.Stats{}, stats(t, st), "%s: nothing stored", name)
		}
	})
}
