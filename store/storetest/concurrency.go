package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// concurrency runs writers and readers at once: creates, event appends,
// orders, and optimistic read-modify-write updates of one shared profile
// that retry on ErrConflict. No acknowledged write may be lost.
func (s *suite) concurrency(t *testing.T) {
	st := s.fresh(t)
	shared := newCustomer(500)
	require.NoError(t, st.CreateCustomer(ctx(t), shared))

	const workers, perWorker = 8, 12 // 96 tags stay under customer.MaxLabels
	var wg sync.WaitGroup
	errs := make(chan error, workers*4)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				c := newCustomer(1000 + w*perWorker + i)
				if err := st.CreateCustomer(ctx(t), c); err != nil {
					errs <- fmt.Errorf("create: %w", err)
					return
				}
				o := newOrder(c.ID, fmt.Sprintf("C-%d-%d", w, i), base.Add(time.Duration(i)*time.Minute))
				if err := st.CreateOrder(ctx(t), o); err != nil {
					errs <- fmt.Errorf("order: %w", err)
					return
				}
				ev := []behavior.Event{newEvent(c.ID, behavior.KindView, "p-mug", base), newEvent(c.ID, behavior.KindAddToCart, "p-mug", base.Add(time.Second))}
				if err := st.AppendEvents(ctx(t), ev); err != nil {
					errs <- fmt.Errorf("events: %w", err)
					return
				}
				if err := addTagRetrying(t, st, shared.ID, fmt.Sprintf("w%d-%d", w, i)); err != nil {
					errs <- err
					return
				}
				for _, err := range st.Orders(ctx(t), store.OrderFilter{CustomerID: c.ID}) {
					if err != nil {
						errs <- fmt.Errorf("scan: %w", err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	n := int64(workers * perWorker)
	assert.Equal(t, store.Stats{Customers: n + 1, Orders: n, Events: 2 * n}, stats(t, st))
	got, err := st.GetCustomer(ctx(t), shared.ID)
	require.NoError(t, err)
	assert.Equal(t, 1+n, got.Version, "every acknowledged update is counted")
	assert.Len(t, got.Tags, 2+int(n), "no update was lost")
}

// addTagRetrying adds a tag to a profile with optimistic concurrency,
// re-reading and retrying on ErrConflict.
func addTagRetrying(t *testing.T, st store.Store, id uuid.UUID, tag string) error {
	for attempt := 0; attempt < 1000; attempt++ {
		c, err := st.GetCustomer(ctx(t), id)
		if err != nil {
			return err
		}
		c.AddTag(tag)
		err = st.UpdateCustomer(ctx(t), &c)
		if err == nil {
			return nil
		}
		if !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("tag %s: too many conflicts", tag)
}

func (s *suite) closed(t *testing.T) {
	st := s.open(t)
	c := newCustomer(900)
	require.NoError(t, st.CreateCustomer(ctx(t), c))
	require.NoError(t, st.Close())
	require.NoError(t, st.Close(), "closing twice is not an error")
	_, err := st.GetCustomer(ctx(t), c.ID)
	require.ErrorIs(t, err, store.ErrClosed)
	require.ErrorIs(t, st.CreateCustomer(ctx(t), newCustomer(901)), store.ErrClosed)
	require.ErrorIs(t, st.CreateOrder(ctx(t), newOrder(c.ID, "X", base)), store.ErrClosed)
	require.ErrorIs(t, st.AppendEvents(ctx(t), []behavior.Event{newEvent(c.ID, behavior.KindView, "p", base)}), store.ErrClosed)
	require.ErrorIs(t, scanErr(st.Customers(ctx(t), store.CustomerFilter{})), store.ErrClosed)
	require.ErrorIs(t, scanErr(st.Orders(ctx(t), store.OrderFilter{})), store.ErrClosed)
	require.ErrorIs(t, scanErr(st.Events(ctx(t), store.EventFilter{})), store.ErrClosed)
	_, err = st.Stats(ctx(t))
	require.ErrorIs(t, err, store.ErrClosed)
	require.ErrorIs(t, st.UpsertProducts(ctx(t), []order.Product{newProduct("p", "c", true)}), store.ErrClosed)
	_, err = st.MergeCustomers(ctx(t), c.ID, uuid.New())
	require.ErrorIs(t, err, store.ErrClosed)
}
