package segment

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// KMeansOptions configures KMeans. The zero value (or nil) means 10
// restarts, at most 300 iterations each, 2+⌊ln k⌋ seeding candidates per
// centre, seed 0 and all cores.
type KMeansOptions struct {
	// Restarts is the number of independently seeded runs; the one with the
	// lowest inertia is kept.
	Restarts int
	// MaxIter bounds the iterations of one run.
	MaxIter int
	// Candidates is the number of points tried for each new centre by the
	// greedy k-means++ seeding; the one that lowers the potential most wins.
	Candidates int
	// Seed makes the runs reproducible: the same data and seed give the
	// same clustering.
	Seed uint64
	// Workers bounds the goroutines used; zero means runtime.GOMAXPROCS.
	Workers int
}

// KMeansResult is a fitted clustering. It is a plain value, safe for
// concurrent reads.
type KMeansResult struct {
	K int
	// Centers holds one centre per row, in the units of the clustered data.
	Centers *mat.Dense
	// Labels gives each row's cluster, 0..K-1.
	Labels []int
	// Sizes counts rows per cluster.
	Sizes []int
	// Inertia is the sum of squared Euclidean distances from each row to
	// its centre.
	Inertia float64
	// Iterations and Converged describe the kept run: converged means the
	// last pass changed no assignment (an exact fixed point of Lloyd's
	// iteration), not merely a small centre shift.
	Iterations int
	Converged  bool
	// Restart is the index of the kept run.
	Restart int
}

// Predict returns the index of the centre nearest to the point p.
func (r *KMeansResult) Predict(p []float64) int {
	best, bd := 0, math.Inf(1)
	for j := range r.K {
		if d := sqDist(p, r.Centers.RawRowView(j)); d < bd {
			best, bd = j, d
		}
	}
	return best
}

// KMeans clusters the rows of x into k groups minimising inertia.
//
// Each run is seeded by greedy k-means++ (Arthur & Vassilvitskii 2007: each
// new centre is drawn with probability proportional to the squared distance
// to the nearest chosen centre, keeping the best of several candidates) and
// iterated with Hamerly's (2010) bounds, which skip distance computations
// that cannot change an assignment and give exactly Lloyd's result. A run
// stops when no assignment changes. Large inputs split each pass over the
// cores; small ones run restarts side by side.
//
// It returns ErrNoData for an empty matrix, ErrTooFewPoints when x has
// fewer than k distinct rows, an *InputError for k < 1 or a non-finite
// value, and ctx.Err() when cancelled.
func KMeans(ctx context.Context, x mat.Matrix, k int, opt *KMeansOptions) (*KMeansResult, error) {
	var o KMeansOptions
	if opt != nil {
		o = *opt
	}
	if o.Restarts <= 0 {
		o.Restarts = 10
	}
	if o.MaxIter <= 0 {
		o.MaxIter = 300
	}
	if o.Candidates <= 0 {
		o.Candidates = 2 + int(math.Log(float64(k)))
	}
	workers := workerCount(o.Workers)
	data, n, d, err := rowMajor(x)
	if err != nil {
		return nil, err
	}
	if k < 1 {
		return nil, invalid("k", k, "must be at least 1")
	}
	if n < k {
		return nil, ErrTooFewPoints
	}
	runs := make([]*kmRun, o.Restarts)
	errs := make([]error, o.Restarts)
	// Small problems parallelise over restarts, large ones within a run.
	inner, outer := workers, 1
	if n*k < 1<<17 {
		inner, outer = 1, workers
	}
	var wg sync.WaitGroup
	next := make(chan int, o.Restarts)
	for i := range o.Restarts {
		next <- i
	}
	close(next)
	for range min(outer, o.Restarts) {
		wg.Go(func() {
			for i := range next {
				if err := ctx.Err(); err != nil {
					errs[i] = err
					continue
				}
				rng := rand.New(rand.NewPCG(o.Seed, 0x9e3779b97f4a7c15^uint64(i)))
				r := &kmRun{x: data, n: n, d: d, k: k, workers: inner}
				errs[i] = r.fit(ctx, rng, o.Candidates, o.MaxIter)
				runs[i] = r
			}
		})
	}
	wg.Wait()
	best := -1
	for i, r := range runs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if best < 0 || r.inertia < runs[best].inertia {
			best = i
		}
	}
	r := runs[best]
	res := &KMeansResult{K: k, Centers: mat.NewDense(k, d, r.centers), Labels: make([]int, n),
		Sizes: make([]int, k), Inertia: r.inertia, Iterations: r.iters, Converged: r.converged, Restart: best}
	for i, l := range r.labels {
		res.Labels[i] = int(l)
		res.Sizes[l]++
	}
	return res, nil
}

// rowMajor returns x's values row by row, sharing a dense matrix's storage
// when it is contiguous.
func rowMajor(x mat.Matrix) ([]float64, int, int, error) {
	n, d := x.Dims()
	if n == 0 || d == 0 {
		return nil, 0, 0, ErrNoData
	}
	var data []float64
	if dm, ok := x.(*mat.Dense); ok && dm.RawMatrix().Stride == d {
		data = dm.RawMatrix().Data[:n*d]
	} else {
		data = make([]float64, n*d)
		for i := range n {
			for j := range d {
				data[i*d+j] = x.At(i, j)
			}
		}
	}
	for i, v := range data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, 0, 0, invalid(fmt.Sprintf("x[%d,%d]", i/d, i%d), v, "must be finite")
		}
	}
	return data, n, d, nil
}

func sqDist(a, b []float64) float64 {
	b = b[:len(a)]
	s := 0.0
	for i, v := range a {
		t := v - b[i]
		s += t * t
	}
	return s
}
