package clv

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cdnowPareto holds the Pareto/NBD estimates Fader & Hardie publish for
// the CDNOW data (weeks).
var cdnowPareto = ParetoNBD{R: 0.55, Alpha: 10.58, S: 0.61, Beta: 11.67}

func TestParetoNBDClosedFormsAgainstSimulation(t *testing.T) {
	const T, horizon = 30.0, 40.0
	sim := SimulateParetoNBD(cdnowPareto, 100_000, T, horizon, 21)
	var sumAll, sumZero, nZero float64
	for _, s := range sim {
		sumAll += s.Frequency + s.HoldoutFrequency
		if s.Frequency == 0 {
			sumZero += s.HoldoutFrequency
			nZero++
		}
	}
	ex, err := cdnowPareto.ExpectedPurchases(T + horizon)
	require.NoError(t, err)
	assert.InEpsilon(t, sumAll/float64(len(sim)), ex, 0.02)
	cond, err := cdnowPareto.ConditionalExpectedPurchases(horizon, Summary{T: T})
	require.NoError(t, err)
	assert.InEpsilon(t, sumZero/nZero, cond, 0.03)
}

func TestParetoNBDBothHypergeometricFormsAgree(t *testing.T) {
	// The likelihood is continuous in α − β: evaluating just either side of
	// α = β uses the two different hypergeometric forms.
	s := Summary{Frequency: 3, Recency: 20, T: 35}
	a := ParetoNBD{R: 0.55, Alpha: 10.58, S: 0.61, Beta: 10.58 * (1 + 1e-9)}
	b := ParetoNBD{R: 0.55, Alpha: 10.58, S: 0.61, Beta: 10.58 * (1 - 1e-9)}
	la, err := a.LogLikelihood([]Summary{s})
	require.NoError(t, err)
	lb, err := b.LogLikelihood([]Summary{s})
	require.NoError(t, err)
	assert.InDelta(t, la, lb, 1e-6)
	// At α = β the hypergeometric terms are 1: A₀ = (α+tₓ)^−(r+s+x) − (α+T)^−(r+s+x).
	e := ParetoNBD{R: 0.55, Alpha: 10.58, S: 0.61, Beta: 10.58}
	rsx := e.R + e.S + 3
	want := lgamma(e.R+3) - lgamma(e.R) + e.R*math.Log(e.Alpha) + e.S*math.Log(e.Beta) +
		math.Log(math.Pow(e.Alpha+35, -(e.R+3))*math.Pow(e.Beta+35, -e.S)+
			e.S/rsx*(math.Pow(e.Alpha+20, -rsx)-math.Pow(e.Alpha+35, -rsx)))
	le, err := e.LogLikelihood([]Summary{s})
	require.NoError(t, err)
	assert.InDelta(t, want, le, 1e-10)
	assert.InDelta(t, want, la, 1e-6)
}

func TestFitParetoNBDRecoversParameters(t *testing.T) {
	var ss []Summary
	for i, T := range []float64{39, 78, 104} {
		ss = append(ss, SimulateParetoNBD(cdnowPareto, 5_000, T, 0, uint64(40+i))...)
	}
	m, err := FitParetoNBD(context.Background(), ss, nil)
	require.NoError(t, err)
	t.Logf("r=%.3f α=%.3f s=%.3f β=%.3f LL=%.1f iterations=%d", m.R, m.Alpha, m.S, m.Beta, m.Fit.LogLikelihood, m.Fit.Iterations)
	assert.True(t, m.Fit.Converged)
	// The purchase process is well identified; s and β trade off against
	// each other (their standard errors are large even on CDNOW), hence
	// 10% and 20%.
	assert.InEpsilon(t, cdnowPareto.R, m.R, 0.10)
	assert.InEpsilon(t, cdnowPareto.Alpha, m.Alpha, 0.10)
	assert.InEpsilon(t, cdnowPareto.S, m.S, 0.20)
	assert.InEpsilon(t, cdnowPareto.Beta, m.Beta, 0.20)
	llTruth, err := cdnowPareto.LogLikelihood(ss)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, m.Fit.LogLikelihood, llTruth)
}

func TestDeathIntegralMatchesHypergeometricForm(t *testing.T) {
	for _, c := range []struct{ r, alpha, s, beta, x, tx, T float64 }{
		{0.55, 10.58, 0.61, 11.67, 0, 0, 38},
		{0.55, 10.58, 0.61, 11.67, 4, 20, 38},
		{0.55, 14, 0.61, 3, 2, 5, 60},  // α > β, z up to 0.78
		{2, 1, 0.8, 30, 25, 200, 300},  // α < β, many purchases
		{0.3, 50, 1.5, 9, 1, 0.5, 100}, // α > β, z = 0.81
	} {
		m := ParetoNBD{R: c.r, Alpha: c.alpha, S: c.s, Beta: c.beta}
		_, l2 := m.terms(c.x, c.tx, c.T)
		q := math.Log(c.s) + logDeathIntegral(c.r, c.alpha, c.s, c.beta, c.x, c.tx, c.T)
		assert.InDelta(t, l2, q, 1e-10, "%+v", c)
	}
	// Where the series would crawl (z ≈ 0.9999), compare with a fine
	// midpoint rule in τ.
	r, alpha, s, beta, x, tx, T := 0.4, 500.0, 0.7, 0.05, 1.0, 0.0, 200.0
	const steps = 400_000
	sum := 0.0
	h := (T - tx) / steps
	for i := range steps {
		tau := tx + (float64(i)+0.5)*h
		sum += math.Pow(alpha+tau, -(r+x)) * math.Pow(beta+tau, -(s+1))
	}
	assert.InEpsilon(t, math.Log(sum*h), logDeathIntegral(r, alpha, s, beta, x, tx, T), 1e-6)
}
