package clv

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/optimize"
)

// FitOptions configures maximum-likelihood fitting. The zero value (or
// nil) starts from data-based guesses and allows 1,000 iterations.
type FitOptions struct {
	// Initial overrides the starting parameters (in the model's order,
	// e.g. r, α, a, b for BG/NBD); nil means data-based guesses.
	Initial []float64
	// MaxIterations bounds the optimiser's major iterations; zero means 1,000.
	MaxIterations int
	// Workers bounds the goroutines evaluating the likelihood; zero means
	// runtime.GOMAXPROCS.
	Workers int
}

// FitInfo reports how a fit went.
type FitInfo struct {
	// LogLikelihood is the total log-likelihood at the estimate.
	LogLikelihood float64 `json:"log_likelihood"`
	// N is the number of customers fitted.
	N int `json:"n"`
	// Iterations and Evaluations count the optimiser's steps and
	// likelihood evaluations.
	Iterations  int `json:"iterations"`
	Evaluations int `json:"evaluations"`
	// Converged reports that the optimiser stopped on a convergence
	// criterion (gradient or function change), not on a limit.
	Converged bool `json:"converged"`
	// Status is the optimiser's termination status.
	Status string `json:"status"`
}

// objective evaluates the mean negative log-likelihood at log-parameters
// theta, writing its gradient with respect to theta into grad when grad is
// not nil. It returns +Inf where the likelihood cannot be evaluated.
type objective func(theta, grad []float64) float64

// maximise fits log-parameters by BFGS (with an analytic gradient when
// hasGrad, central differences otherwise), retrying with Nelder–Mead from
// the best point when BFGS stops on a failure. It returns the parameters
// (exponentiated) and the fit report; any non-finite result is an error.
func maximise(ctx context.Context, f objective, hasGrad bool, init []float64, n int, opt *FitOptions) ([]float64, FitInfo, error) {
	maxIter := 1000
	if opt != nil && opt.MaxIterations > 0 {
		maxIter = opt.MaxIterations
	}
	theta0 := make([]float64, len(init))
	for i, v := range init {
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, FitInfo{}, invalid(fmt.Sprintf("options.initial[%d]", i), v, "must be positive and finite")
		}
		theta0[i] = math.Log(v)
	}
	var mu sync.Mutex
	evals := 0
	prob := optimize.Problem{
		Func: func(x []float64) float64 {
			mu.Lock()
			evals++
			mu.Unlock()
			return f(x, nil)
		},
		Status: func() (optimize.Status, error) {
			if err := ctx.Err(); err != nil {
				return optimize.Failure, err
			}
			return optimize.NotTerminated, nil
		},
	}
	if hasGrad {
		prob.Grad = func(grad, x []float64) {
			mu.Lock()
			evals++
			mu.Unlock()
			f(x, grad)
		}
	} else {
		prob.Grad = func(grad, x []float64) {
			fd.Gradient(grad, func(y []float64) float64 { return f(y, nil) }, x, &fd.Settings{Formula: fd.Central})
		}
	}
	settings := &optimize.Settings{
		GradientThreshold: 1e-8,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-12, Relative: 1e-12, Iterations: 10},
		MajorIterations:   maxIter,
	}
	res, err := optimize.Minimize(prob, theta0, settings, &optimize.BFGS{})
	stalled := false
	// Near the optimum the mean log-likelihood changes by less than its
	// rounding error and the line search can fail; a small gradient there
	// is convergence all the same.
	if err != nil && res != nil && res.Status == optimize.Failure && ctx.Err() == nil && finite(res.X) && smallGradient(res.Gradient) {
		err = nil
		res.Status = optimize.GradientThreshold
		stalled = true
	}
	if ctx.Err() != nil {
		return nil, FitInfo{}, ctx.Err()
	}
	if err != nil || res == nil || !finite(res.X) || math.IsInf(res.F, 0) || math.IsNaN(res.F) {
		start := theta0
		if res != nil && finite(res.X) && !math.IsInf(res.F, 0) && !math.IsNaN(res.F) {
			start = res.X
		}
		prob.Grad = nil
		res, err = optimize.Minimize(prob, start, &optimize.Settings{
			Converger:       &optimize.FunctionConverge{Absolute: 1e-12, Relative: 1e-12, Iterations: 200},
			MajorIterations: 20 * maxIter,
		}, &optimize.NelderMead{})
		if ctx.Err() != nil {
			return nil, FitInfo{}, ctx.Err()
		}
	}
	if res == nil || !finite(res.X) || math.IsInf(res.F, 0) || math.IsNaN(res.F) {
		return nil, FitInfo{}, fmt.Errorf("%w: %v", ErrNotConverged, errors.Join(err))
	}
	params := make([]float64, len(res.X))
	for i, v := range res.X {
		params[i] = math.Exp(v)
		if !(params[i] > 0) || math.IsInf(params[i], 0) {
			return nil, FitInfo{}, fmt.Errorf("%w: parameter %d went to %v", ErrNotConverged, i, params[i])
		}
	}
	info := FitInfo{
		LogLikelihood: -res.F * float64(n),
		N:             n,
		Iterations:    res.Stats.MajorIterations,
		Evaluations:   evals,
		Status:        res.Status.String(),
		Converged:     err == nil && res.Status.Err() == nil && res.Status != optimize.IterationLimit,
	}
	if stalled {
		info.Status = "GradientThreshold (line search stalled at a stationary point)"
	}
	if !info.Converged {
		return nil, info, fmt.Errorf("%w: optimiser stopped with %s (%v)", ErrNotConverged, res.Status, err)
	}
	return params, info, nil
}

// smallGradient reports a gradient of the mean log-likelihood (in
// log-parameters) small enough to count as a stationary point.
func smallGradient(g []float64) bool {
	if len(g) == 0 {
		return false
	}
	for _, v := range g {
		if !(math.Abs(v) < 1e-6) {
			return false
		}
	}
	return true
}

func finite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// chunk is the fixed block size of parallel likelihood sums; fixing it
// makes the sums independent of the number of workers.
const chunk = 8192

// parallelSum evaluates f on fixed blocks of [0, n) with up to workers
// goroutines and adds the blocks' results (a vector of width w) in order.
func parallelSum(n, w, workers int, f func(lo, hi int, acc []float64)) []float64 {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	blocks := (n + chunk - 1) / chunk
	parts := make([]float64, blocks*w)
	run := func(b int) { f(b*chunk, min(n, (b+1)*chunk), parts[b*w:(b+1)*w]) }
	if workers == 1 || blocks == 1 {
		for b := range blocks {
			run(b)
		}
	} else {
		var wg sync.WaitGroup
		next := make(chan int, blocks)
		for b := range blocks {
			next <- b
		}
		close(next)
		for range min(workers, blocks) {
			wg.Go(func() {
				for b := range next {
					run(b)
				}
			})
		}
		wg.Wait()
	}
	out := make([]float64, w)
	for b := range blocks {
		for j := range w {
			out[j] += parts[b*w+j]
		}
	}
	return out
}
