package clv

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// GammaGamma is a fitted Gamma-Gamma spend model (Fader, Hardie & Lee 2005,
// "RFM and CLV: using iso-value curves for customer base analysis"; Colombo
// & Jiang 1999): each purchase's value is Gamma(p, ν) with the customer's
// ν ~ Gamma(q, v). It assumes spend is independent of purchase frequency.
// A GammaGamma is a plain value, safe for concurrent use.
type GammaGamma struct {
	P   float64 `json:"p"`
	Q   float64 `json:"q"`
	V   float64 `json:"v"`
	Fit FitInfo `json:"fit"`
}

// FitGammaGamma estimates p, q and v by maximum likelihood over the
// customers with repeat purchases (Frequency > 0) and a positive mean
// repeat value; the others carry no spend information the model can use
// (a repeat order refunded in full leaves a zero value) and are skipped.
// It returns ErrNoData when no customer qualifies and an *InputError for a
// non-finite MonetaryValue.
func FitGammaGamma(ctx context.Context, ss []Summary, opt *FitOptions) (*GammaGamma, error) {
	var x, mv []float64
	for i, s := range ss {
		if !(s.Frequency >= 0) || s.Frequency != math.Trunc(s.Frequency) || math.IsInf(s.Frequency, 0) {
			return nil, invalid(fmt.Sprintf("summaries[%d].frequency", i), s.Frequency, "must be a whole number >= 0")
		}
		if math.IsNaN(s.MonetaryValue) || math.IsInf(s.MonetaryValue, 0) {
			return nil, invalid(fmt.Sprintf("summaries[%d].monetary_value", i), s.MonetaryValue, "must be finite")
		}
		if s.Frequency == 0 || s.MonetaryValue <= 0 {
			continue
		}
		x = append(x, s.Frequency)
		mv = append(mv, s.MonetaryValue)
	}
	if len(x) == 0 {
		return nil, ErrNoData
	}
	d := newSpendData(x, mv)
	// Method-of-moments-style start: v/(q−1)·p ≈ mean spend with q = 2, p = 1.
	init := []float64{1, 2, meanOf(mv)}
	if opt != nil && opt.Initial != nil {
		if len(opt.Initial) != 3 {
			return nil, invalid("options.initial", len(opt.Initial), "Gamma-Gamma needs 3 values: p, q, v")
		}
		init = opt.Initial
	}
	workers := 0
	if opt != nil {
		workers = opt.Workers
	}
	f := func(theta, grad []float64) float64 {
		ll, g := d.logLik(math.Exp(theta[0]), math.Exp(theta[1]), math.Exp(theta[2]), grad != nil, workers)
		if !allFinite(ll) {
			return math.Inf(1)
		}
		if grad != nil {
			for j := range grad {
				grad[j] = -g[j] * math.Exp(theta[j]) / float64(len(x))
			}
		}
		return -ll / float64(len(x))
	}
	p, info, err := maximise(ctx, f, true, init, len(x), opt)
	if err != nil {
		return nil, err
	}
	return &GammaGamma{P: p[0], Q: p[1], V: p[2], Fit: info}, nil
}

type spendData struct {
	x, logM, m []float64
	xi         []int32
	xs, counts []float64
}

func newSpendData(x, m []float64) *spendData {
	d := &spendData{x: x, m: m, logM: make([]float64, len(m))}
	for i, v := range m {
		d.logM[i] = math.Log(v)
	}
	tmp := make([]Summary, len(x))
	for i := range x {
		tmp[i].Frequency = x[i]
	}
	g := newFitData(tmp)
	d.xi, d.xs, d.counts = g.xi, g.xs, g.counts
	return d
}

// logLik is the Gamma-Gamma log-likelihood of the mean spends and its
// gradient in (p, q, v). Per customer with x purchases of mean m:
//
//	ln L = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(v + x m)
func (d *spendData) logLik(p, q, v float64, wantGrad bool, workers int) (float64, []float64) {
	k := len(d.xs)
	cst := make([]float64, k)
	var gp, gq []float64
	if wantGrad {
		gp, gq = make([]float64, k), make([]float64, k)
	}
	lgq := lgamma(q)
	for j, x := range d.xs {
		px := p * x
		cst[j] = lgamma(px+q) - lgamma(px) - lgq + q*math.Log(v) + px*math.Log(x)
		if wantGrad {
			psi := mathext.Digamma(px + q)
			gp[j] = x * (psi - mathext.Digamma(px) + math.Log(x))
			gq[j] = psi - mathext.Digamma(q) + math.Log(v)
		}
	}
	acc := parallelSum(len(d.x), 4, workers, func(lo, hi int, acc []float64) {
		var ll, a1, a2, a3 float64
		for i := lo; i < hi; i++ {
			x, lm := d.x[i], d.logM[i]
			px := p * x
			vxm := v + x*d.m[i]
			lv := math.Log(vxm)
			ll += (px-1)*lm - (px+q)*lv
			if wantGrad {
				a1 += x * (lm - lv)
				a2 -= lv
				a3 -= (px + q) / vxm
			}
		}
		acc[0], acc[1], acc[2], acc[3] = ll, a1, a2, a3
	})
	ll := acc[0]
	grad := []float64{acc[1], acc[2], acc[3]}
	for j := range d.xs {
		c := d.counts[j]
		ll += c * cst[j]
		if wantGrad {
			grad[0] += c * gp[j]
			grad[1] += c * gq[j]
			grad[2] += c * q / v
		}
	}
	return ll, grad
}

// LogLikelihood returns the model's total log-likelihood of the repeat
// buyers' mean spends.
func (m *GammaGamma) LogLikelihood(ss []Summary) float64 {
	var x, mv []float64
	for _, s := range ss {
		if s.Frequency > 0 && s.MonetaryValue > 0 {
			x = append(x, s.Frequency)
			mv = append(mv, s.MonetaryValue)
		}
	}
	if len(x) == 0 {
		return 0
	}
	ll, _ := newSpendData(x, mv).logLik(m.P, m.Q, m.V, false, 0)
	return ll
}

// ExpectedAverageValue returns E[M | x, m̄], the expected value of the
// customer's future purchases: a weighted mean of the population mean
// p·v/(q−1) and the customer's own mean (FHL 2005, eq. 5). A customer with
// no repeat purchase gets the population mean. It returns an error when
// q ≤ 1, where the population mean is infinite.
func (m *GammaGamma) ExpectedAverageValue(s Summary) (float64, error) {
	if m.Q <= 1 {
		return 0, fmt.Errorf("%w: q = %v ≤ 1 gives an infinite mean spend", ErrNotConverged, m.Q)
	}
	x := s.Frequency
	if x <= 0 || !(s.MonetaryValue > 0) {
		return m.P * m.V / (m.Q - 1), nil
	}
	return finiteOr(m.P*(m.V+x*s.MonetaryValue)/(m.P*x+m.Q-1), "expected average value")
}
