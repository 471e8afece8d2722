package sqlite

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
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

// TestConcurrentUse runs writers, readers, nested scans and optimistic
// updates at once; under -race it also checks the store's own state.
func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	c := mustCreateCustomer(t, st, newCustomer(0))
	const writers, perWriter = 4, 15
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				o := newOrder(c.ID, fmt.Sprintf("W%d-%d", w, i), t0.Add(time.Duration(i)*time.Minute), order.StatusPaid)
				if err := st.CreateOrder(ctx, &o); err != nil {
					t.Error(err)
					return
				}
				if err := st.AppendEvents(ctx, []behavior.Event{newEvent(c.ID, behavior.KindView, "p-1", o.PlacedAt)}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	// Readers scan while writes go on; inside each scan they read again
	// and write, which must neither deadlock nor see a torn order.
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				for o, err := range st.Orders(ctx, store.OrderFilter{CustomerID: c.ID, Limit: 5}) {
					if err != nil {
						t.Error(err)
						return
					}
					if !o.Total.Equal(o.ComputeTotal()) {
						t.Errorf("torn order %s", o.Number)
					}
					if _, err := st.GetCustomer(ctx, c.ID); err != nil {
						t.Error(err)
					}
					if _, err := st.CustomerSummary(ctx, c.ID, store.SummaryFilter{}); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	// Competing optimistic updates: exactly the successful ones bump the version.
	var mu sync.Mutex
	wins := 0
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				cur, err := st.GetCustomer(ctx, c.ID)
				if err != nil {
					t.Error(err)
					return
				}
				cur.FirstName = "Grace"
				err = st.UpdateCustomer(ctx, &cur)
				if err == nil {
					mu.Lock()
					wins++
					mu.Unlock()
				} else if !assert.ErrorIs(t, err, store.ErrConflict) {
					return
				}
			}
		}()
	}
	wg.Wait()
	stats, err := st.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(writers*perWriter), stats.Orders)
	assert.Equal(t, int64(writers*perWriter), stats.Events)
	final, err := st.GetCustomer(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(1+wins), final.Version)
	sum, err := st.CustomerSummary(ctx, c.ID, store.SummaryFilter{})
	require.NoError(t, err)
	assert.Equal(t, writers*perWriter, sum.Orders)
}

// TestBackupWhileWriting copies the database while a writer keeps adding
// batches; the copy opens as a store, passes the integrity check and holds
// whole batches only.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	cust := uuid.New()
	const batch = 50
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		// At most 100 batches: enough to overlap every copy, bounded so the
		// copies stay small under -race.
		for i := 0; i < 100; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			evs := make([]behavior.Event, batch)
			for j := range evs {
				evs[j] = newEvent(cust, behavior.KindView, "p", t0.Add(time.Duration(i*batch+j)*time.Second))
			}
			if err := st.AppendEvents(ctx, evs); err != nil {
				done <- err
				return
			}
		}
		<-stop
		done <- nil
	}()
	dir := t.TempDir()
	for k := range 3 {
		time.Sleep(20 * time.Millisecond)
		dest := filepath.Join(dir, fmt.Sprintf("copy-%d.db", k))
		require.NoError(t, st.Backup(ctx, dest))
		require.ErrorIs(t, st.Backup(ctx, dest), fs.ErrExist)
		cp, err := Open(dest, nil)
		require.NoError(t, err)
		var check string
		require.NoError(t, cp.reader.QueryRow(`PRAGMA integrity_check`).Scan(&check))
		assert.Equal(t, "ok", check)
		stats, err := cp.Stats(ctx)
		require.NoError(t, err)
		assert.Zero(t, stats.Events%batch, "copy holds %d events, not whole batches", stats.Events)
		require.NoError(t, cp.Close())
	}
	close(stop)
	require.NoError(t, <-done)
}
