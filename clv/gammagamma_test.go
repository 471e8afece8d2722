package clv

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGammaGammaExpectedAverageValueHandWorked(t *testing.T) {
	// FHL (2005) CDNOW estimates p = 6.25, q = 3.74, v = 15.44:
	// population mean p·v/(q−1) = 6.25·15.44/2.74 = 35.218…; a customer with
	// x = 2 purchases averaging 50 gets p(v + x·m)/(p·x + q − 1)
	// = 6.25·115.44/15.24 = 47.342…
	m := GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	pop, err := m.ExpectedAverageValue(Summary{})
	require.NoError(t, err)
	assert.InDelta(t, 6.25*15.44/2.74, pop, 1e-12)
	got, err := m.ExpectedAverageValue(Summary{Frequency: 2, MonetaryValue: 50})
	require.NoError(t, err)
	assert.InDelta(t, 6.25*115.44/15.24, got, 1e-12)
	_, err = (&GammaGamma{P: 1, Q: 0.9, V: 1}).ExpectedAverageValue(Summary{})
	assert.ErrorIs(t, err, ErrNotConverged)
}

func TestFitGammaGammaRecoversParameters(t *testing.T) {
	truth := GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	ss := SimulateBGNBD(BGNBD{R: 0.24, Alpha: 4.4, A: 0.79, B: 2.4}, 30_000, 52, 0, 3)
	SimulateSpend(truth, ss, 4)
	m, err := FitGammaGamma(context.Background(), ss, nil)
	require.NoError(t, err)
	t.Logf("p=%.3f q=%.3f v=%.3f n=%d LL=%.1f iterations=%d", m.P, m.Q, m.V, m.Fit.N, m.Fit.LogLikelihood, m.Fit.Iterations)
	assert.True(t, m.Fit.Converged)
	// q and v are strongly correlated; 15% each is about three standard
	// errors here, and the implied population mean is much tighter.
	assert.InEpsilon(t, truth.P, m.P, 0.10)
	assert.InEpsilon(t, truth.Q, m.Q, 0.15)
	assert.InEpsilon(t, truth.V, m.V, 0.15)
	assert.InEpsilon(t, truth.P*truth.V/(truth.Q-1), m.P*m.V/(m.Q-1), 0.03)
	assert.GreaterOrEqual(t, m.Fit.LogLikelihood, truth.LogLikelihood(ss))
}

func TestGammaGammaGradientMatchesDifferences(t *testing.T) {
	ss := SimulateBGNBD(BGNBD{R: 0.24, Alpha: 4.4, A: 0.79, B: 2.4}, 5000, 52, 0, 8)
	SimulateSpend(GammaGamma{P: 6.25, Q: 3.74, V: 15.44}, ss, 9)
	var x, mv []float64
	for _, s := range ss {
		if s.Frequency > 0 {
			x, mv = append(x, s.Frequency), append(mv, s.MonetaryValue)
		}
	}
	d := newSpendData(x, mv)
	p := []float64{5, 3, 12}
	_, g := d.logLik(p[0], p[1], p[2], true, 1)
	for j := range p {
		h := 1e-6 * p[j]
		up, dn := append([]float64(nil), p...), append([]float64(nil), p...)
		up[j] += h
		dn[j] -= h
		lu, _ := d.logLik(up[0], up[1], up[2], false, 1)
		ld, _ := d.logLik(dn[0], dn[1], dn[2], false, 1)
		assert.InEpsilon(t, (lu-ld)/(2*h), g[j], 1e-5, "parameter %d", j)
	}
}

func TestFitGammaGammaErrors(t *testing.T) {
	_, err := FitGammaGamma(context.Background(), []Summary{{T: 1}}, nil)
	assert.ErrorIs(t, err, ErrNoData)
	var ie *InputError
	_, err = FitGammaGamma(context.Background(), []Summary{{Frequency: 1, Recency: 1, T: 2, MonetaryValue: math.NaN()}}, nil)
	assert.ErrorAs(t, err, &ie)
}
