package forecast

import (
	"context"
	"runtime"
	"sync"
)

// SeriesResult is the outcome of Auto on one series of AutoAll.
type SeriesResult struct {
	Key      string
	Forecast *Forecast // nil when Err is set
	Err      error
}

// AutoAll runs Auto on every series in parallel (GOMAXPROCS at a time),
// returning results in the order of the input. A series that cannot be
// forecast gets its error in its result; the call itself fails only when
// ctx is cancelled, with ctx.Err().
func AutoAll(ctx context.Context, series []Series, opts *AutoOptions) ([]SeriesResult, error) {
	out := make([]SeriesResult, len(series))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				fc, err := Auto(ctx, series[i], opts)
				out[i] = SeriesResult{Key: series[i].Key, Forecast: fc, Err: err}
			}
		}()
	}
	var err error
feed:
	for i := range series {
		select {
		case jobs <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}
