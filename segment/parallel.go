package segment

import (
	"runtime"
	"sync"
)

// chunkRows is the fixed block size for parallel passes over rows. Partial
// results are combined block by block in order, so sums do not depend on
// the number of workers and results are reproducible on any machine.
const chunkRows = 4096

func workerCount(w int) int {
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return max(w, 1)
}

// forChunks calls f(c, lo, hi) for every block c of rows [lo, hi) of n rows,
// spreading blocks over workers goroutines. It returns the number of blocks.
func forChunks(n, workers int, f func(c, lo, hi int)) int {
	chunks := (n + chunkRows - 1) / chunkRows
	if workers <= 1 || chunks <= 1 {
		for c := range chunks {
			f(c, c*chunkRows, min(n, (c+1)*chunkRows))
		}
		return chunks
	}
	var wg sync.WaitGroup
	next := make(chan int, chunks)
	for c := range chunks {
		next <- c
	}
	close(next)
	for range min(workers, chunks) {
		wg.Go(func() {
			for c := range next {
				f(c, c*chunkRows, min(n, (c+1)*chunkRows))
			}
		})
	}
	wg.Wait()
	return chunks
}

func numChunks(n int) int { return (n + chunkRows - 1) / chunkRows }
