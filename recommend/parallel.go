package recommend

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelFor runs body(worker, i) for i in [0, n) on GOMAXPROCS goroutines, handing
// out indices in chunks. Each worker index is used by one goroutine only, so bodies
// can keep per-worker scratch space. It stops early and returns ctx.Err() when ctx is
// cancelled.
func parallelFor(ctx context.Context, n int, body func(worker, i int)) error {
	return parallelForChunk(ctx, n, 16, body)
}

// parallelForChunk is parallelFor handing out chunk indices at a time; a chunk of 1
// suits a few large, unequal pieces of work such as matrix tiles.
func parallelForChunk(ctx context.Context, n, chunk int, body func(worker, i int)) error {
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for ctx.Err() == nil {
				start := int(next.Add(int64(chunk))) - chunk
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					body(w, i)
				}
			}
		}(w)
	}
	wg.Wait()
	return ctx.Err()
}

func numWorkers() int { return runtime.GOMAXPROCS(0) }
