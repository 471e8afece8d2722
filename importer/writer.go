package importer

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/crmkit/crmkit/store"
)

// writer loads batches into the store on its own goroutine, so reading the
// file and writing to the store overlap.
type writer struct {
	ctx     context.Context
	cancel  context.CancelCauseFunc
	batches chan store.Batch
	done    chan struct{}
	once    sync.Once
	written atomic.Int64
	result  store.LoadResult // read after done
	err     error            // read after done
}

func startWriter(ctx context.Context, cancel context.CancelCauseFunc, st store.Store) *writer {
	w := &writer{ctx: ctx, cancel: cancel, batches: make(chan store.Batch, 1), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for b := range w.batches {
			if w.err != nil {
				continue // drain after a failure
			}
			res, err := store.Load(ctx, st, b, store.ConflictSkip)
			if err != nil {
				w.err = fmt.Errorf("importer: writing a batch of %d orders: %w", len(b.Orders), err)
				cancel(w.err)
				continue
			}
			w.result.Add(res)
			w.written.Add(int64(b.Len()))
		}
	}()
	return w
}

// send queues a batch; it fails once the writer has failed or ctx ends.
func (w *writer) send(b store.Batch) error {
	select {
	case w.batches <- b:
		return nil
	case <-w.ctx.Done():
		return context.Cause(w.ctx)
	}
}

func (w *writer) close() { w.once.Do(func() { close(w.batches) }) }

// wait closes the queue, waits for the writes to finish and returns the
// writer's error.
func (w *writer) wait() error {
	w.close()
	<-w.done
	return w.err
}
