package risk

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// BacktestOptions tune Backtest. The zero value (or nil) gives the defaults.
type BacktestOptions struct {
	// RefitEvery is how often the population is refitted as the replay
	// moves through time, as a shop would refit it on a schedule; each
	// request is judged against the latest fit before it. Default 30 days.
	RefitEvery time.Duration
	// Population tunes the fits; its AsOf is set by the replay.
	Population *PopulationOptions
	// NoPopulation leaves out the anomaly rule.
	NoPopulation bool
}

// BacktestResult is the decision on one replayed request.
type BacktestResult struct {
	ReturnID    uuid.UUID `json:"return_id"`
	CustomerID  uuid.UUID `json:"customer_id"`
	RequestedAt time.Time `json:"requested_at"`
	Decision    Decision  `json:"decision"`
}

// Backtest replays every return request of the dataset through Evaluate
// as of its request time: the customer's history and the population are
// what was known then, never later. Results follow the requests' order
// (RequestedAt, then ID). It runs on GOMAXPROCS goroutines and honours ctx.
// Errors: *PolicyError, ctx.Err(), an error naming a return whose order is
// not in the dataset.
func Backtest(ctx context.Context, d *Dataset, p *Policy, opts *BacktestOptions) ([]BacktestResult, error) {
	if p == nil {
		p = DefaultPolicy()
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var o BacktestOptions
	if opts != nil {
		o = *opts
	}
	if o.RefitEvery <= 0 {
		o.RefitEvery = 30 * day
	}
	orders := make(map[uuid.UUID]*order.Order, len(d.Orders))
	for i := range d.Orders {
		orders[d.Orders[i].ID] = &d.Orders[i]
	}
	reqs := make([]*order.Return, len(d.Returns))
	for i := range d.Returns {
		reqs[i] = &d.Returns[i]
		if orders[reqs[i].OrderID] == nil {
			return nil, fmt.Errorf("risk: return %s refers to order %s, which is not in the dataset", reqs[i].ID, reqs[i].OrderID)
		}
	}
	slices.SortFunc(reqs, func(a, b *order.Return) int {
		return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), slices.Compare(a.ID[:], b.ID[:]))
	})
	if len(reqs) == 0 {
		return nil, nil
	}
	hs := d.Histories()
	byCustomer := make(map[uuid.UUID]*History, len(hs))
	for i := range hs {
		byCustomer[hs[i].CustomerID] = &hs[i]
	}

	// Refit points run from the first request on; a request uses the last one before it.
	first := reqs[0].RequestedAt.Truncate(day)
	n := int(reqs[len(reqs)-1].RequestedAt.Sub(first)/o.RefitEvery) + 1
	pops := make([]*Population, n)
	if !o.NoPopulation {
		var popts PopulationOptions
		if o.Population != nil {
			popts = *o.Population
		}
		err := parallel(ctx, n, func(k int) error {
			po := popts
			po.AsOf = first.Add(time.Duration(k) * o.RefitEvery)
			pop, err := FitPopulation(ctx, hs, &po)
			if errors.Is(err, ErrTooFewCustomers) {
				return nil // too early in the shop's life: no anomaly rule yet
			}
			pops[k] = pop
			return err
		})
		if err != nil {
			return nil, err
		}
	}

	out := make([]BacktestResult, len(reqs))
	err := parallel(ctx, len(reqs), func(i int) error {
		r := reqs[i]
		h := byCustomer[r.CustomerID]
		k := int(r.RequestedAt.Sub(first) / o.RefitEvery)
		dec := Evaluate(Request{Return: *r, Order: *orders[r.OrderID]}, *h, p, pops[k])
		out[i] = BacktestResult{ReturnID: r.ID, CustomerID: r.CustomerID, RequestedAt: r.RequestedAt, Decision: dec}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// parallel runs job(0..n-1) on GOMAXPROCS goroutines and returns the first
// error, or ctx.Err() when cancelled.
func parallel(ctx context.Context, n int, job func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	var (
		mu    sync.Mutex
		next  int
		first error
		wg    sync.WaitGroup
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if first != nil || next >= n {
			return 0, false
		}
		if err := ctx.Err(); err != nil {
			first = err
			return 0, false
		}
		next++
		return next - 1, true
	}
	for range workers {
		wg.Go(func() {
			for {
				i, ok := take()
				if !ok {
					return
				}
				if err := job(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}
