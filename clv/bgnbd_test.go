package clv

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cdnowBGNBD holds the BG/NBD estimates Fader, Hardie & Lee (2005) publish
// for the CDNOW data (weeks).
var cdnowBGNBD = BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}

func TestBGNBDPublishedConditionalExpectation(t *testing.T) {
	// FHL (2005): a customer with x = 2, tₓ = 30.43, T = 38.86 is expected
	// to make 1.226 purchases in the next 39 weeks.
	got, err := cdnowBGNBD.ConditionalExpectedPurchases(39, Summary{Frequency: 2, Recency: 30.43, T: 38.86})
	require.NoError(t, err)
	assert.InDelta(t, 1.226, got, 0.001)
}

func TestBGNBDClosedFormsAgainstSimulation(t *testing.T) {
	// E[X(t)] and, for customers with no repeat purchase in (0, T],
	// E[Y(t) | x=0, T], checked against 100,000 simulated customers.
	const T, horizon = 20.0, 30.0
	sim := SimulateBGNBD(cdnowBGNBD, 100_000, T, horizon, 11)
	var sumAll, sumZero, nZero float64
	for _, s := range sim {
		sumAll += s.Frequency + s.HoldoutFrequency
		if s.Frequency == 0 {
			sumZero += s.HoldoutFrequency
			nZero++
		}
	}
	ex, err := cdnowBGNBD.ExpectedPurchases(T + horizon)
	require.NoError(t, err)
	assert.InEpsilon(t, sumAll/float64(len(sim)), ex, 0.02, "E[X(%v)]", T+horizon)
	cond, err := cdnowBGNBD.ConditionalExpectedPurchases(horizon, Summary{T: T})
	require.NoError(t, err)
	assert.InEpsilon(t, sumZero/nZero, cond, 0.03, "E[Y | x=0]")
	// Customers with no repeat purchase are alive by assumption.
	pa, err := cdnowBGNBD.ProbabilityAlive(Summary{T: T})
	require.NoError(t, err)
	assert.Equal(t, 1.0, pa)
}

func TestBGNBDProbabilityAliveHandWorked(t *testing.T) {
	// 1 / (1 + a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)) for x = 2, tₓ = 30.43, T = 38.86.
	want := 1 / (1 + 0.793/(2.426+1)*math.Pow((4.414+38.86)/(4.414+30.43), 0.243+2))
	got, err := cdnowBGNBD.ProbabilityAlive(Summary{Frequency: 2, Recency: 30.43, T: 38.86})
	require.NoError(t, err)
	assert.InDelta(t, want, got, 1e-15)
	// A customer who bought long ago is less likely alive than a recent one.
	old, _ := cdnowBGNBD.ProbabilityAlive(Summary{Frequency: 2, Recency: 5, T: 38.86})
	assert.Less(t, old, got)
}

func TestBGNBDGradientMatchesDifferences(t *testing.T) {
	ss := SimulateBGNBD(cdnowBGNBD, 3000, 39, 0, 5)
	d := newFitData(ss)
	p := []float64{0.3, 5, 0.9, 2.1}
	_, g := bgnbdLogLik(d, p[0], p[1], p[2], p[3], true, 1)
	for j := range p {
		h := 1e-6 * p[j]
		up, dn := append([]float64(nil), p...), append([]float64(nil), p...)
		up[j] += h
		dn[j] -= h
		lu, _ := bgnbdLogLik(d, up[0], up[1], up[2], up[3], false, 1)
		ld, _ := bgnbdLogLik(d, dn[0], dn[1], dn[2], dn[3], false, 1)
		assert.InEpsilon(t, (lu-ld)/(2*h), g[j], 1e-5, "parameter %d", j)
	}
}

func TestFitBGNBDRecoversParameters(t *testing.T) {
	truth := BGNBD{R: 0.24, Alpha: 4.4, A: 0.79, B: 2.4}
	// 15,000 customers observed for 26 to 52 weeks.
	var ss []Summary
	for i, T := range []float64{26, 39, 52} {
		ss = append(ss, SimulateBGNBD(truth, 5_000, T, 0, uint64(100+i))...)
	}
	m, err := FitBGNBD(context.Background(), ss, nil)
	require.NoError(t, err)
	t.Logf("r=%.4f α=%.4f a=%.4f b=%.4f LL=%.1f iterations=%d evaluations=%d", m.R, m.Alpha, m.A, m.B, m.Fit.LogLikelihood, m.Fit.Iterations, m.Fit.Evaluations)
	assert.True(t, m.Fit.Converged)
	// Tolerance: 10% for the purchase process, 20% for the dropout
	// process, about three standard errors at this sample size.
	assert.InEpsilon(t, truth.R, m.R, 0.10)
	assert.InEpsilon(t, truth.Alpha, m.Alpha, 0.10)
	assert.InEpsilon(t, truth.A, m.A, 0.20)
	assert.InEpsilon(t, truth.B, m.B, 0.20)
	// The estimate's likelihood is at least that of the truth.
	llTruth, err := truth.LogLikelihood(ss)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, m.Fit.LogLikelihood, llTruth)
	llFit, _ := m.LogLikelihood(ss)
	assert.InDelta(t, llFit, m.Fit.LogLikelihood, 1e-6*math.Abs(llFit))
}

func TestFitBGNBDRejectsBadSummaries(t *testing.T) {
	_, err := FitBGNBD(context.Background(), nil, nil)
	assert.ErrorIs(t, err, ErrNoData)
	var ie *InputError
	_, err = FitBGNBD(context.Background(), []Summary{{Frequency: 1.5, Recency: 1, T: 2}}, nil)
	assert.ErrorAs(t, err, &ie)
	_, err = FitBGNBD(context.Background(), []Summary{{Frequency: 1, Recency: 3, T: 2}}, nil)
	assert.ErrorAs(t, err, &ie)
	assert.Equal(t, "summaries[0].recency", ie.Field)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = FitBGNBD(ctx, SimulateBGNBD(cdnowBGNBD, 100, 10, 0, 1), nil)
	assert.ErrorIs(t, err, context.Canceled)
}
