package clv

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// BGNBD is a fitted BG/NBD model (Fader, Hardie & Lee 2005, "Counting your
// customers the easy way"): while active, a customer buys as a Poisson
// process with rate λ ~ Gamma(r, α); after each purchase they drop out with
// probability p ~ Beta(a, b). Times are in the summaries' unit. A BGNBD is
// a plain value, safe for concurrent use.
type BGNBD struct {
	R     float64 `json:"r"`
	Alpha float64 `json:"alpha"`
	A     float64 `json:"a"`
	B     float64 `json:"b"`
	Fit   FitInfo `json:"fit"`
}

// FitBGNBD estimates the BG/NBD parameters by maximum likelihood over
// log-parameters (BFGS with the analytic gradient). It returns ErrNoData
// for no summaries, an *InputError for an invalid summary, ctx.Err() when
// cancelled and ErrNotConverged (wrapped) when no finite optimum is found.
func FitBGNBD(ctx context.Context, ss []Summary, opt *FitOptions) (*BGNBD, error) {
	if err := check(ss); err != nil {
		return nil, err
	}
	d := newFitData(ss)
	init := []float64{1, 1, 1, 1}
	if mx := meanOf(d.x); mx > 0 {
		init[1] = meanOf(d.T) / mx // so that r/α matches the observed rate
	}
	if opt != nil && opt.Initial != nil {
		if len(opt.Initial) != 4 {
			return nil, invalid("options.initial", len(opt.Initial), "BG/NBD needs 4 values: r, alpha, a, b")
		}
		init = opt.Initial
	}
	workers := 0
	if opt != nil {
		workers = opt.Workers
	}
	f := func(theta, grad []float64) float64 {
		ll, g := bgnbdLogLik(d, math.Exp(theta[0]), math.Exp(theta[1]), math.Exp(theta[2]), math.Exp(theta[3]), grad != nil, workers)
		if !allFinite(ll) {
			return math.Inf(1)
		}
		if grad != nil {
			for j := range grad {
				grad[j] = -g[j] * math.Exp(theta[j]) / float64(d.n)
			}
		}
		return -ll / float64(d.n)
	}
	p, info, err := maximise(ctx, f, true, init, d.n, opt)
	if err != nil {
		return nil, err
	}
	return &BGNBD{R: p[0], Alpha: p[1], A: p[2], B: p[3], Fit: info}, nil
}

// LogLikelihood returns the model's total log-likelihood of the summaries.
func (m *BGNBD) LogLikelihood(ss []Summary) (float64, error) {
	if err := check(ss); err != nil {
		return 0, err
	}
	ll, _ := bgnbdLogLik(newFitData(ss), m.R, m.Alpha, m.A, m.B, false, 0)
	return ll, nil
}

// bgnbdLogLik returns the log-likelihood and, when asked, its gradient with
// respect to (r, α, a, b). Per customer (FHL 2005, eq. 6, in logs):
//
//	ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
//	     + ln[ (α+T)^−(r+x) + 1{x>0} a/(b+x−1) (α+tₓ)^−(r+x) ]
func bgnbdLogLik(d *fitData, r, alpha, a, b float64, wantGrad bool, workers int) (float64, []float64) {
	// Terms that depend on x only.
	k := len(d.xs)
	cst := make([]float64, k)
	var dr, da, db []float64
	if wantGrad {
		dr, da, db = make([]float64, k), make([]float64, k), make([]float64, k)
	}
	lgr, lba := lgamma(r), lbeta(a, b)
	var psiR, psiB, psiAB float64
	if wantGrad {
		psiR, psiB, psiAB = mathext.Digamma(r), mathext.Digamma(b), mathext.Digamma(a+b)
	}
	for j, x := range d.xs {
		cst[j] = lgamma(r+x) - lgr + r*math.Log(alpha) + lbeta(a, b+x) - lba
		if wantGrad {
			psiABX := mathext.Digamma(a + b + x)
			dr[j] = mathext.Digamma(r+x) - psiR + math.Log(alpha)
			da[j] = psiAB - psiABX
			db[j] = mathext.Digamma(b+x) - psiABX - psiB + psiAB
		}
	}
	const w = 5
	acc := parallelSum(d.n, w, workers, func(lo, hi int, acc []float64) {
		var ll, gr, gal, ga, gb float64
		for i := lo; i < hi; i++ {
			x, T, tx := d.x[i], d.T[i], d.tx[i]
			rx := r + x
			lT := math.Log(alpha + T)
			l1 := -rx * lT
			s, w2, ltx := l1, 0.0, 0.0
			var l2 float64
			if x > 0 {
				ltx = math.Log(alpha + tx)
				l2 = math.Log(a) - math.Log(b+x-1) - rx*ltx
				s = logAddExp(l1, l2)
				w2 = math.Exp(l2 - s)
			}
			ll += s
			if wantGrad {
				w1 := math.Exp(l1 - s)
				gr += -w1*lT - w2*ltx
				gal += -rx * (w1/(alpha+T) + w2/(alpha+tx))
				ga += w2 / a
				if x > 0 {
					gb -= w2 / (b + x - 1)
				}
			}
		}
		acc[0], acc[1], acc[2], acc[3], acc[4] = ll, gr, gal, ga, gb
	})
	ll := acc[0]
	grad := []float64{acc[1], acc[2], acc[3], acc[4]}
	for j := range d.xs {
		c := d.counts[j]
		ll += c * cst[j]
		if wantGrad {
			grad[0] += c * dr[j]
			grad[1] += c * r / alpha
			grad[2] += c * da[j]
			grad[3] += c * db[j]
		}
	}
	return ll, grad
}

// ExpectedPurchases returns E[X(t)], the expected number of purchases of a
// new customer in a period of length t (FHL 2005, eq. 7).
func (m *BGNBD) ExpectedPurchases(t float64) (float64, error) {
	if !(t >= 0) || math.IsInf(t, 0) {
		return 0, invalid("t", t, "must be finite and not negative")
	}
	if t == 0 {
		return 0, nil
	}
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	lh, sign, ok := hyp2f1(r, b, a+b-1, t/(alpha+t))
	if !ok {
		return 0, fmt.Errorf("%w: hypergeometric series for t=%v", ErrNotConverged, t)
	}
	v := (a + b - 1) / (a - 1) * (1 - sign*math.Exp(r*math.Log(alpha/(alpha+t))+lh))
	return finiteOr(v, "expected purchases")
}

// ProbabilityAlive returns P(active | x, tₓ, T) (FHL 2005, eq. 11 limit).
func (m *BGNBD) ProbabilityAlive(s Summary) (float64, error) {
	if err := check([]Summary{s}); err != nil {
		return 0, err
	}
	if s.Frequency == 0 {
		return 1, nil
	}
	x := s.Frequency
	l := math.Log(m.A) - math.Log(m.B+x-1) + (m.R+x)*(math.Log(m.Alpha+s.T)-math.Log(m.Alpha+s.Recency))
	return 1 / (1 + math.Exp(l)), nil
}

// ConditionalExpectedPurchases returns E[Y(t) | x, tₓ, T], the expected
// purchases in the next period of length t of a customer with history s
// (FHL 2005, eq. 10).
func (m *BGNBD) ConditionalExpectedPurchases(t float64, s Summary) (float64, error) {
	if err := check([]Summary{s}); err != nil {
		return 0, err
	}
	if !(t >= 0) || math.IsInf(t, 0) {
		return 0, invalid("t", t, "must be finite and not negative")
	}
	if t == 0 {
		return 0, nil
	}
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	x, T := s.Frequency, s.T
	lh, sign, ok := hyp2f1(r+x, b+x, a+b+x-1, t/(alpha+T+t))
	if !ok {
		return 0, fmt.Errorf("%w: hypergeometric series for t=%v", ErrNotConverged, t)
	}
	num := (a + b + x - 1) / (a - 1) * (1 - sign*math.Exp((r+x)*math.Log((alpha+T)/(alpha+T+t))+lh))
	pa, _ := m.ProbabilityAlive(s)
	return finiteOr(num*pa, "conditional expected purchases")
}

func finiteOr(v float64, what string) (float64, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%w: %s is not finite", ErrNotConverged, what)
	}
	return v, nil
}
