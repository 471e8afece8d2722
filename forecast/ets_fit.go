package forecast

import (
	"fmt"
	"math"
)

// ETS is an exponential smoothing state-space model fitted by maximum
// likelihood. Its fields are read-only after fitting; an *ETS is safe for
// concurrent use.
type ETS struct {
	Spec   ETSSpec
	Period int // seasonal period m (1 for non-seasonal models)

	// Smoothing parameters in the parameterisation of Hyndman et al. (2008):
	// level alpha, trend beta (≤ alpha), seasonal gamma (≤ 1-alpha),
	// damping phi (1 when the trend is not damped).
	Alpha, Beta, Gamma, Phi float64

	// Initial and final states (l, [b], s_0..s_{m-1}), s_0 the most recent
	// seasonal state.
	Initial, Final []float64

	LogLik float64 // -0.5·(n·log Σe² + 2·Σlog|ŷ|), the convention of forecast::ets
	AIC    float64
	AICc   float64
	BIC    float64
	Sigma2 float64 // residual variance Σe²/(n-k), k estimated parameters besides sigma
	MSE    float64 // mean squared one-step error on the data scale

	Residuals []float64 // model residuals e_t (relative errors for multiplicative error)
	Fitted    []float64 // one-step-ahead fitted values

	nObs    int
	nParams int // free parameters, sigma included
	evals   int
}

// NumParams is the number of estimated parameters, including the variance.
func (e *ETS) NumParams() int { return e.nParams }

// String describes the model, e.g. "ETS(M,Ad,M)".
func (e *ETS) String() string { return e.Spec.String() }

// etsFitter holds the reusable buffers of one fit.
type etsFitter struct {
	y     []float64
	spec  ETSSpec
	m     int
	k     etsKernel
	state []float64
	poly  []float64
	nFree int // smoothing parameters being optimised
}

func (f *etsFitter) nSmooth() int {
	n := 1
	if f.spec.Trend != None {
		n++
	}
	if f.spec.Season != None {
		n++
	}
	if f.spec.Damped {
		n++
	}
	return n
}

// load unpacks parameter vector p = (alpha, [beta], [gamma], [phi], l, [b],
// s_0..s_{m-2}) into the kernel, completing the seasonal states by
// normalisation. ok is false outside the admissible and usual regions.
func (f *etsFitter) load(p []float64) bool {
	k := &f.k
	i := 0
	k.alpha = p[i]
	i++
	k.beta, k.gamma, k.phi = 0, 0, 1
	if f.spec.Trend != None {
		k.beta = p[i]
		i++
	}
	if f.spec.Season != None {
		k.gamma = p[i]
		i++
	}
	if f.spec.Damped {
		k.phi = p[i]
		i++
	}
	if !etsUsual(f.spec, k.alpha, k.beta, k.gamma, k.phi) {
		return false
	}
	if !etsAdmissible(f.spec, f.m, k.alpha, k.beta, k.gamma, k.phi, f.poly) {
		return false
	}
	st := append(f.state[:0], p[i:]...)
	if f.spec.Season != None {
		first := 1
		if f.spec.Trend != None {
			first = 2
		}
		sum := 0.0
		for _, s := range st[first:] {
			sum += s
		}
		last := -sum
		if f.spec.Season == Multiplicative {
			last += float64(f.m)
			for _, s := range st[first:] {
				if s < 0 {
					return false
				}
			}
			if last < 0 {
				return false
			}
		}
		st = append(st, last)
	}
	f.state = st
	k.setState(st)
	return true
}

// objective is the likelihood criterion minimised by the fit.
func (f *etsFitter) objective(p []float64) float64 {
	if !f.load(p) {
		return math.Inf(1)
	}
	var lik float64
	var ok bool
	if f.spec.Trend == Multiplicative {
		lik, _, ok = f.k.run(f.y, nil)
	} else {
		lik, ok = f.k.runLinearTrend(f.y)
	}
	if !ok || math.IsNaN(lik) {
		return math.Inf(1)
	}
	return math.Max(lik, -1e10) // avoid rewarding perfect fits without bound
}

// FitETS fits one ETS model by maximum likelihood, optimising the smoothing
// parameters and the initial states jointly with Nelder-Mead inside the
// intersection of the usual and admissible regions, from the starting values
// forecast::ets uses. period is the seasonal period (ignored by
// non-seasonal specs). Multiplicative error or seasonality needs strictly
// positive data.
func FitETS(y []float64, period int, spec ETSSpec) (*ETS, error) {
	if err := checkSeries(y, 3); err != nil {
		return nil, err
	}
	if spec.Error != Additive && spec.Error != Multiplicative {
		return nil, invalid("spec.Error", spec.Error.letter(), "must be A or M")
	}
	if spec.Damped && spec.Trend == None {
		return nil, invalid("spec.Damped", true, "needs a trend")
	}
	m := period
	if spec.Season == None {
		m = 1
	} else {
		if period < 2 || period > 24 {
			return nil, invalid("period", period, "seasonal ETS needs a period in 2..24")
		}
		if len(y) <= period {
			return nil, fmt.Errorf("%w: %d observations for seasonal period %d", ErrTooShort, len(y), period)
		}
	}
	if spec.Error == Multiplicative || spec.Season == Multiplicative || spec.Trend == Multiplicative {
		for _, v := range y {
			if v <= 0 {
				return nil, fmt.Errorf("%w: %s needs strictly positive data", ErrNoModel, spec)
			}
		}
	}
	f := &etsFitter{y: y, spec: spec, m: m}
	f.k = etsKernel{spec: spec, m: m, ring: make([]float64, m)}
	f.poly = make([]float64, m+2)
	alpha, beta, gamma, phi := etsStartParams(spec, m)
	start := []float64{alpha}
	if spec.Trend != None {
		start = append(start, beta)
	}
	if spec.Season != None {
		start = append(start, gamma)
	}
	if spec.Damped {
		start = append(start, phi)
	}
	start = append(start, etsStartState(y, spec, m)...)
	np := len(start)
	if np >= len(y)-1 {
		return nil, fmt.Errorf("%w: %d observations for %d parameters of %s", ErrTooShort, len(y), np, spec)
	}
	f.state = make([]float64, 0, np+1)
	best := make([]float64, np)
	ws := make([]float64, nmWorkspace(np))
	val, evals := nelderMead(f.objective, start, best, 1.4901161193847656e-08, 2000, ws)
	if math.IsInf(val, 0) || val >= nmBig || !f.load(best) {
		return nil, fmt.Errorf("%w: %s: optimiser found no admissible parameters", ErrNoModel, spec)
	}
	return f.finish(best, evals)
}

// finish computes the fit statistics at parameter vector p.
func (f *etsFitter) finish(p []float64, evals int) (*ETS, error) {
	f.load(p)
	n := len(f.y)
	e := &ETS{Spec: f.spec, Period: f.m, Alpha: f.k.alpha, Beta: f.k.beta, Gamma: f.k.gamma, Phi: f.k.phi,
		Initial: append([]float64(nil), f.state...), nObs: n, evals: evals}
	e.Residuals = make([]float64, n)
	e.Fitted = make([]float64, n)
	lik, sse, ok := f.k.run(f.y, e.Residuals)
	if !ok || math.IsNaN(lik) || math.IsInf(lik, 0) {
		return nil, fmt.Errorf("%w: %s: recursion broke down", ErrNoModel, f.spec)
	}
	for i, r := range e.Residuals {
		if f.spec.Error == Additive {
			e.Fitted[i] = f.y[i] - r
		} else {
			e.Fitted[i] = f.y[i] / (1 + r)
		}
	}
	e.Final = f.k.state(nil)
	k := float64(len(p) + 1)
	fn := float64(n)
	e.nParams = len(p) + 1
	e.LogLik = -0.5 * lik
	e.AIC = lik + 2*k
	e.BIC = lik + math.Log(fn)*k
	e.AICc = e.AIC + 2*k*(k+1)/(fn-k-1)
	if fn-k-1 <= 0 {
		e.AICc = math.Inf(1)
	}
	ss := 0.0
	for _, r := range e.Residuals {
		ss += r * r
	}
	e.Sigma2 = ss / (fn - k + 1)
	if fn-k+1 <= 0 {
		e.Sigma2 = ss / fn
	}
	e.MSE = sse / fn
	return e, nil
}
