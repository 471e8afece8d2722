package demo

import (
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hyp2f1 sums the Gauss hypergeometric series 2F1(a, b; c; z) for 0 <= z < 1.
func hyp2f1(a, b, c, z float64) float64 {
	sum, term := 1.0, 1.0
	for k := 0.0; k < 10000; k++ {
		term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
		sum += term
		if math.Abs(term) < 1e-14*math.Abs(sum) {
			break
		}
	}
	return sum
}

// bgnbdExpected is E[X(t)], the expected number of repeat purchases in a
// span t after the first, under the BG/NBD model with λ ~ Gamma(r, rate α)
// and p ~ Beta(a, b): Fader, Hardie and Lee (2005), equation 7.
func bgnbdExpected(r, alpha, a, b, t float64) float64 {
	return (a + b - 1) / (a - 1) * (1 - math.Pow(alpha/(alpha+t), r)*hyp2f1(r, b, a+b-1, t/(alpha+t)))
}

func TestHyp2F1(t *testing.T) {
	// 2F1(1, 1; 2; z) = -ln(1-z)/z.
	assert.InDelta(t, -math.Log(0.5)/0.5, hyp2f1(1, 1, 2, 0.5), 1e-12)
	// 2F1(a, b; b; z) = (1-z)^-a.
	assert.InDelta(t, math.Pow(0.3, -2.5), hyp2f1(2.5, 4, 4, 0.7), 1e-9)
}

// TestStationaryShopIsBGNBD checks the purchase process against the
// closed-form BG/NBD expectation: with Stationary, a shop of one type is a
// sample of that model, so the repeat purchases of all customers add up to
// the sum of E[X(T)] over their observation spans T.
func TestStationaryShopIsBGNBD(t *testing.T) {
	p := DefaultTypeParams()[Occasional]
	p.Share = 1
	s, err := Generate(&Options{
		Seed: 11, Customers: 4000, NoEvents: true, Stationary: true,
		AbuserShare: -1, DuplicateShare: -1,
		Types: map[CustomerType]TypeParams{Occasional: p},
	})
	require.NoError(t, err)
	first := map[uuid.UUID]time.Time{}
	repeats := 0
	for _, o := range s.Orders {
		if _, seen := first[o.CustomerID]; seen {
			repeats++
		} else {
			first[o.CustomerID] = o.PlacedAt
		}
	}
	require.Len(t, first, 4000)
	r, alpha := p.RateShape, p.RateShape/p.RateMean // α is the gamma rate, in years
	expected := 0.0
	for _, f := range first {
		expected += bgnbdExpected(r, alpha, p.DropoutA, p.DropoutB, s.End.Sub(f).Hours()/(24*365.25))
	}
	t.Logf("repeat purchases: %d observed, %.0f expected by BG/NBD", repeats, expected)
	assert.InDelta(t, expected, float64(repeats), 0.04*expected)
}
