package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
)

// Criterion is an information criterion for choosing among fitted models.
type Criterion uint8

// Information criteria; the zero value is AICc.
const (
	AICc Criterion = iota
	AIC
	BIC
)

// ETSOptions configure AutoETS. The zero value (or nil) selects like
// forecast::ets with default arguments.
type ETSOptions struct {
	// Criterion ranks the candidates (default AICc).
	Criterion Criterion
	// AdditiveOnly restricts the search to additive components.
	AdditiveOnly bool
	// AllowMultiplicativeTrend adds multiplicative (and damped
	// multiplicative) trends to the search.
	AllowMultiplicativeTrend bool
	// Candidates, when set, replaces the automatic candidate list.
	Candidates []ETSSpec
}

// ETSCandidates lists the models AutoETS would consider for a series of
// length n and seasonal period m, honouring forecast::ets's restrictions:
// no additive error with a multiplicative component, no multiplicative
// trend with additive season under multiplicative error, no multiplicative
// error or season for data that are not strictly positive, and seasonal
// models only for 2 ≤ m ≤ 24 with more than m observations.
func ETSCandidates(n, m int, positive bool, opts *ETSOptions) []ETSSpec {
	if opts == nil {
		opts = &ETSOptions{}
	}
	errs := []Component{Additive, Multiplicative}
	trends := []Component{None, Additive}
	if opts.AllowMultiplicativeTrend {
		trends = append(trends, Multiplicative)
	}
	seasons := []Component{None}
	if m >= 2 && m <= 24 && n > m {
		seasons = append(seasons, Additive, Multiplicative)
	}
	var out []ETSSpec
	for _, e := range errs {
		for _, t := range trends {
			for _, s := range seasons {
				for _, d := range []bool{true, false} {
					if t == None && d {
						continue
					}
					if e == Additive && (t == Multiplicative || s == Multiplicative) {
						continue
					}
					if e == Multiplicative && t == Multiplicative && s == Additive {
						continue
					}
					if opts.AdditiveOnly && (e == Multiplicative || t == Multiplicative || s == Multiplicative) {
						continue
					}
					if !positive && (e == Multiplicative || s == Multiplicative || t == Multiplicative) {
						continue
					}
					out = append(out, ETSSpec{Error: e, Trend: t, Damped: d, Season: s})
				}
			}
		}
	}
	return out
}

func (e *ETS) criterion(c Criterion) float64 {
	switch c {
	case AIC:
		return e.AIC
	case BIC:
		return e.BIC
	}
	return e.AICc
}

// AutoETS fits every admissible candidate model (see ETSCandidates) and
// returns the one with the smallest information criterion, as
// forecast::ets does. A constant series gets the documented fallback of
// forecast::ets: simple exponential smoothing with alpha 0.99999 started at
// the constant (forecasts equal the constant, intervals have zero width).
// It returns ErrNoModel when no candidate can be fitted (for example too
// few observations for any model) and honours ctx between candidates.
func AutoETS(ctx context.Context, y []float64, period int, opts *ETSOptions) (*ETS, error) {
	if opts == nil {
		opts = &ETSOptions{}
	}
	if err := checkSeries(y, 3); err != nil {
		return nil, err
	}
	if isConstant(y) {
		return constantETS(y), nil
	}
	positive := true
	for _, v := range y {
		if v <= 0 {
			positive = false
			break
		}
	}
	cands := opts.Candidates
	if cands == nil {
		cands = ETSCandidates(len(y), period, positive, opts)
	}
	// Candidates are fitted concurrently (GOMAXPROCS at a time); the choice
	// is made afterwards in candidate order, so it does not depend on timing.
	fits := make([]*ETS, len(cands))
	errs := make([]error, len(cands))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, spec := range cands {
		if err := ctx.Err(); err != nil {
			wg.Wait()
			return nil, err
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			fits[i], errs[i] = FitETS(y, period, spec)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var best *ETS
	bestIC := math.Inf(1)
	var lastErr error
	for i, fit := range fits {
		if errs[i] != nil {
			lastErr = errs[i]
			continue
		}
		if ic := fit.criterion(opts.Criterion); ic < bestIC {
			best, bestIC = fit, ic
		}
	}
	if best == nil {
		if lastErr == nil {
			lastErr = errors.New("no candidates")
		}
		return nil, fmt.Errorf("%w: %w", ErrNoModel, lastErr)
	}
	return best, nil
}

// constantETS is the fallback model for a constant series.
func constantETS(y []float64) *ETS {
	n := len(y)
	e := &ETS{Spec: ETSSpec{Error: Additive}, Period: 1, Alpha: 0.99999, Phi: 1,
		Initial: []float64{y[0]}, Final: []float64{y[0]}, nObs: n, nParams: 3,
		Residuals: make([]float64, n), Fitted: append([]float64(nil), y...)}
	return e
}
