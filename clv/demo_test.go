package clv

import (
	"context"
	"testing"
	"time"

	"github.com/crmkit/crmkit/demo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFitBGNBDOnStationaryDemoShop fits the demo shop's orders: with one
// customer type and no seasonality the shop is a BG/NBD sample with known
// parameters (λ ~ Gamma(shape, rate shape/mean) a year, p ~ Beta(a, b)).
func TestFitBGNBDOnStationaryDemoShop(t *testing.T) {
	p := demo.DefaultTypeParams()[demo.Occasional]
	p.Share = 1
	shop, err := demo.Generate(&demo.Options{Seed: 5, Customers: 4000, NoEvents: true, Stationary: true,
		AbuserShare: -1, DuplicateShare: -1, Types: map[demo.CustomerType]demo.TypeParams{demo.Occasional: p}})
	require.NoError(t, err)
	year := time.Duration(365.25 * 24 * float64(time.Hour))
	ss, err := Summaries(shop.Orders, &SummaryOptions{Unit: year, ObservationEnd: shop.End})
	require.NoError(t, err)
	m, err := FitBGNBD(context.Background(), ss, nil)
	require.NoError(t, err)
	t.Logf("%d customers: r=%.3f α=%.3f a=%.3f b=%.3f (planted r=%.3f α=%.3f a=%.3f b=%.3f)",
		len(ss), m.R, m.Alpha, m.A, m.B, p.RateShape, p.RateShape/p.RateMean, p.DropoutA, p.DropoutB)
	// Cancelled and unpaid orders do not count and same-day orders merge,
	// so the purchase rate comes out a little low; the dropout process is
	// weakly identified in two years, so only its mean a/(a+b) is checked.
	assert.InEpsilon(t, p.RateMean, m.R/m.Alpha, 0.10, "mean purchase rate")
	assert.InEpsilon(t, p.RateShape, m.R, 0.35)
	assert.InEpsilon(t, p.DropoutA/(p.DropoutA+p.DropoutB), m.A/(m.A+m.B), 0.35, "mean dropout probability")
}

// TestValuesOnDemoShop checks that predicted P(alive) separates the demo
// customers who were still active at the end from those who had dropped out.
func TestValuesOnDemoShop(t *testing.T) {
	shop, err := demo.Generate(&demo.Options{Seed: 1, NoEvents: true})
	require.NoError(t, err)
	ss, err := Summaries(shop.Orders, &SummaryOptions{ObservationEnd: shop.End})
	require.NoError(t, err)
	ctx := context.Background()
	bg, err := FitBGNBD(ctx, ss, nil)
	require.NoError(t, err)
	gg, err := FitGammaGamma(ctx, ss, nil)
	require.NoError(t, err)
	vals, err := Values(bg, gg, ss, ValueOptions{Horizon: 52, Periods: 12, DiscountRate: 0.01})
	require.NoError(t, err)
	// AUC of P(alive) for the truth "alive at End", by pairwise comparison.
	var alive, dead []float64
	for _, v := range vals {
		if shop.Truth.Customers[v.CustomerID].Alive {
			alive = append(alive, v.PAlive)
		} else {
			dead = append(dead, v.PAlive)
		}
	}
	wins := 0.0
	for _, a := range alive {
		for _, d := range dead {
			switch {
			case a > d:
				wins++
			case a == d:
				wins += 0.5
			}
		}
	}
	auc := wins / float64(len(alive)*len(dead))
	t.Logf("%d alive, %d dropped out; AUC of P(alive) %.3f", len(alive), len(dead), auc)
	assert.Greater(t, auc, 0.8)
	top := TopValues(vals, 20)
	loyal := 0
	for _, v := range top {
		if shop.Truth.TypeOf(v.CustomerID) == demo.Loyal {
			loyal++
		}
	}
	t.Logf("%d of the top 20 by CLV are planted loyal customers", loyal)
	assert.GreaterOrEqual(t, loyal, 15)
}
