package clv

import (
	"context"
	"fmt"
	"math"
)

// ParetoNBD is a fitted Pareto/NBD model (Schmittlein, Morrison & Colombo
// 1987): while alive, a customer buys as a Poisson process with rate
// λ ~ Gamma(r, α) and has an exponential lifetime with rate μ ~ Gamma(s, β).
// The likelihood and predictions follow Fader & Hardie (2005), "A note on
// deriving the Pareto/NBD model and related expressions", evaluated in
// log space. A ParetoNBD is a plain value, safe for concurrent use.
type ParetoNBD struct {
	R     float64 `json:"r"`
	Alpha float64 `json:"alpha"`
	S     float64 `json:"s"`
	Beta  float64 `json:"beta"`
	Fit   FitInfo `json:"fit"`
}

// FitParetoNBD estimates the Pareto/NBD parameters by maximum likelihood
// over log-parameters (BFGS with a central-difference gradient). Errors are
// as for FitBGNBD.
func FitParetoNBD(ctx context.Context, ss []Summary, opt *FitOptions) (*ParetoNBD, error) {
	if err := check(ss); err != nil {
		return nil, err
	}
	d := newFitData(ss)
	u := uniqueRows(d)
	init := []float64{1, 1, 1, 1}
	if mx := meanOf(d.x); mx > 0 {
		init[1] = meanOf(d.T) / mx
		init[3] = meanOf(d.T)
	}
	if opt != nil && opt.Initial != nil {
		if len(opt.Initial) != 4 {
			return nil, invalid("options.initial", len(opt.Initial), "Pareto/NBD needs 4 values: r, alpha, s, beta")
		}
		init = opt.Initial
	}
	workers := 0
	if opt != nil {
		workers = opt.Workers
	}
	f := func(theta, _ []float64) float64 {
		m := ParetoNBD{R: math.Exp(theta[0]), Alpha: math.Exp(theta[1]), S: math.Exp(theta[2]), Beta: math.Exp(theta[3])}
		ll := m.logLik(u, workers)
		if !allFinite(ll) {
			return math.Inf(1)
		}
		return -ll / float64(d.n)
	}
	p, info, err := maximise(ctx, f, false, init, d.n, opt)
	if err != nil {
		return nil, err
	}
	return &ParetoNBD{R: p[0], Alpha: p[1], S: p[2], Beta: p[3], Fit: info}, nil
}

// LogLikelihood returns the model's total log-likelihood of the summaries.
func (m *ParetoNBD) LogLikelihood(ss []Summary) (float64, error) {
	if err := check(ss); err != nil {
		return 0, err
	}
	ll := m.logLik(uniqueRows(newFitData(ss)), 0)
	if !allFinite(ll) {
		return 0, fmt.Errorf("%w: log-likelihood is not finite", ErrNotConverged)
	}
	return ll, nil
}

func (m *ParetoNBD) logLik(u *rows, workers int) float64 {
	lgr := lgamma(m.R)
	acc := parallelSum(len(u.x), 1, workers, func(lo, hi int, acc []float64) {
		ll := 0.0
		for i := lo; i < hi; i++ {
			l1, l2 := m.terms(u.x[i], u.tx[i], u.T[i])
			ll += u.w[i] * (lgamma(m.R+u.x[i]) - lgr + logAddExp(l1, l2))
		}
		acc[0] = ll
	})
	return acc[0] + float64(u.n)*(m.R*math.Log(m.Alpha)+m.S*math.Log(m.Beta))
}

// terms returns the logs of the two parts of the likelihood bracket:
// l1 = ln[(α+T)^−(r+x) (β+T)^−s] (alive throughout) and
// l2 = ln[s/(r+s+x) · A₀] (died between the last purchase and T).
func (m *ParetoNBD) terms(x, tx, T float64) (l1, l2 float64) {
	r, alpha, s, beta := m.R, m.Alpha, m.S, m.Beta
	rsx := r + s + x
	l1 = -(r+x)*math.Log(alpha+T) - s*math.Log(beta+T)
	// Choose the form whose hypergeometric argument lies in [0, 1); when
	// that argument nears 1 the series converges slowly and the integral
	// it stands for is evaluated by quadrature instead.
	base, b := alpha, s+1
	diff := alpha - beta
	if alpha < beta {
		base, b, diff = beta, r+x, beta-alpha
	}
	if diff/(base+tx) > 0.9 {
		return l1, math.Log(s) + logDeathIntegral(r, alpha, s, beta, x, tx, T)
	}
	at := func(t float64) float64 {
		lh, _, ok := hyp2f1(rsx, b, rsx+1, diff/(base+t))
		if !ok {
			return math.NaN()
		}
		return lh - rsx*math.Log(base+t)
	}
	ltx, lT := at(tx), at(T)
	if math.IsNaN(ltx) || math.IsNaN(lT) {
		return math.NaN(), math.NaN()
	}
	if lT >= ltx {
		return l1, math.Inf(-1)
	}
	l2 = math.Log(s/rsx) + ltx + log1mExp(lT-ltx)
	return l1, l2
}

// ProbabilityAlive returns P(alive at T | x, tₓ, T).
func (m *ParetoNBD) ProbabilityAlive(s Summary) (float64, error) {
	if err := check([]Summary{s}); err != nil {
		return 0, err
	}
	l1, l2 := m.terms(s.Frequency, s.Recency, s.T)
	if math.IsNaN(l1) || math.IsNaN(l2) {
		return 0, fmt.Errorf("%w: hypergeometric series did not converge", ErrNotConverged)
	}
	return 1 / (1 + math.Exp(l2-l1)), nil
}

// growth returns (1 − ρ^k)/k for ρ in (0, 1], with its limit −ln ρ at k = 0.
func growth(k, rho float64) float64 {
	lr := math.Log(rho)
	if math.Abs(k*lr) < 1e-12 {
		return -lr
	}
	return -math.Expm1(k*lr) / k
}

// ExpectedPurchases returns E[X(t)] for a new customer:
// rβ/α · (1 − (β/(β+t))^(s−1)) / (s−1).
func (m *ParetoNBD) ExpectedPurchases(t float64) (float64, error) {
	if !(t >= 0) || math.IsInf(t, 0) {
		return 0, invalid("t", t, "must be finite and not negative")
	}
	return finiteOr(m.R*m.Beta/m.Alpha*growth(m.S-1, m.Beta/(m.Beta+t)), "expected purchases")
}

// ConditionalExpectedPurchases returns E[Y(t) | x, tₓ, T]:
// (r+x)(β+T)/(α+T) · (1 − ((β+T)/(β+T+t))^(s−1)) / (s−1) · P(alive).
func (m *ParetoNBD) ConditionalExpectedPurchases(t float64, s Summary) (float64, error) {
	if !(t >= 0) || math.IsInf(t, 0) {
		return 0, invalid("t", t, "must be finite and not negative")
	}
	pa, err := m.ProbabilityAlive(s)
	if err != nil {
		return 0, err
	}
	v := (m.R + s.Frequency) * (m.Beta + s.T) / (m.Alpha + s.T) * growth(m.S-1, (m.Beta+s.T)/(m.Beta+s.T+t)) * pa
	return finiteOr(v, "conditional expected purchases")
}
