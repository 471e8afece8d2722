package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// journalConcurrency runs writers at once, each under its own actor, while
// a reader tails the journal the way an outbox reader does (asking for the
// changes after the last Seq it saw). The journal must end as one
// contiguous, verifiable chain with exactly one change per acknowledged
// record write, and the tailing reader must never see a gap: a change
// committed later never carries a smaller Seq than one already visible.
func (s *suite) journalConcurrency(t *testing.T) {
	st := s.fresh(t)
	j := journalOf(t, st)
	shared := newCustomer(500)
	require.NoError(t, st.CreateCustomer(ctx(t), shared))

	workers, perWorker := 6, 8
	if raceEnabled {
		perWorker = 4
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	acked := make([]int, workers) // changes each worker's acknowledged writes must leave
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			actx := store.WithActor(ctx(t), fmt.Sprintf("w%d", w))
			for i := range perWorker {
				c := newCustomer(1000 + w*perWorker + i)
				if err := st.CreateCustomer(actx, c); err != nil {
					errs <- fmt.Errorf("create: %w", err)
					return
				}
				acked[w]++
				o := newOrder(c.ID, fmt.Sprintf("JC-%d-%d", w, i), base)
				if err := st.CreateOrder(actx, o); err != nil {
					errs <- fmt.Errorf("order: %w", err)
					return
				}
				acked[w]++
				ev := []behavior.Event{newEvent(c.ID, behavior.KindView, "p-mug", base), newEvent(c.ID, behavior.KindClick, "p-mug", base)}
				if err := st.AppendEvents(actx, ev); err != nil {
					errs <- fmt.Errorf("events: %w", err)
					return
				}
				acked[w] += 2
				// Retried updates: each conflict is a rejected write and
				// must leave nothing.
				if err := tagAs(actx, st, shared.ID, fmt.Sprintf("w%d-%d", w, i)); err != nil {
					errs <- err
					return
				}
				acked[w]++
			}
		}()
	}

	var done atomic.Bool
	tailErr := make(chan error, 1)
	var tailed []store.Change
	go func() {
		var last int64
		for {
			finished := done.Load()
			for c, err := range j.Changes(ctx(t), store.ChangeFilter{AfterSeq: last}) {
				if err != nil {
					tailErr <- err
					return
				}
				if c.Seq != last+1 {
					tailErr <- fmt.Errorf("tailing reader saw Seq %d right after %d", c.Seq, last)
					return
				}
				last = c.Seq
				tailed = append(tailed, c)
			}
			if finished {
				tailErr <- nil
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	wg.Wait()
	done.Store(true)
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.NoError(t, <-tailErr)

	cs := allChanges(t, j)
	checkChain(t, j, cs)
	total := 1
	for w := range workers {
		total += acked[w]
		n := len(collect(t, j.Changes(ctx(t), store.ChangeFilter{Actor: fmt.Sprintf("w%d", w)})))
		assert.Equal(t, acked[w], n, "changes by worker %d", w)
	}
	require.Len(t, cs, total, "one change per acknowledged write")
	require.Equal(t, seqs(cs), seqs(tailed), "the tailing reader saw every change")
	got, err := st.GetCustomer(ctx(t), shared.ID)
	require.NoError(t, err)
	updates := collect(t, j.Changes(ctx(t), store.ChangeFilter{EntityID: shared.ID.String(), Entity: store.EntityCustomer}))
	assert.Len(t, updates, int(got.Version), "one change per version of the shared profile")
}

// tagAs adds a tag to a profile as addTagRetrying does, with the writes
// made under ctx (and so its actor).
func tagAs(ctx context.Context, st store.Store, id uuid.UUID, tag string) error {
	for range 1000 {
		c, err := st.GetCustomer(ctx, id)
		if err != nil {
			return err
		}
		c.AddTag(tag)
		err = st.UpdateCustomer(ctx, &c)
		if err == nil || !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("tag %s: too many conflicts", tag)
}
