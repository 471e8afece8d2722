package risk

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRobustScale(t *testing.T) {
	// Deviations from the median 3 are 2, 1, 0, 1, 97: MAD 1.
	m, s := robustScale([]float64{4, 1, 100, 3, 2})
	assert.Equal(t, 3.0, m)
	assert.InDelta(t, 1.482602218505602, s, 1e-15)
	// Most values equal: MAD 0, so 1.2533 × the mean absolute deviation (6/5).
	m, s = robustScale([]float64{0, 5, 0, 1, 0})
	assert.Equal(t, 0.0, m)
	assert.InDelta(t, 1.2533141373155003*1.2, s, 1e-15)
	m, _ = robustScale([]float64{1, 2, 3, 4})
	assert.Equal(t, 2.5, m)
}

// shopper builds a history of ten delivered orders of 100 on days 0, 10,
// ..., 90, with a return of the whole order 5 days after delivery on the
// first `returned` of them.
func shopper(n, returned int, refundOnly bool) History {
	h := History{CustomerID: id(n)}
	for i := range 10 {
		o := delivered(n*100+i, float64(10*i), 100, "fashion")
		o.CustomerID = h.CustomerID
		h.Orders = append(h.Orders, o)
		if i < returned {
			r := request(n*100+i, o, float64(10*i+8), 100, refundOnly)
			r.CustomerID = h.CustomerID
			h.Returns = append(h.Returns, resolved(r, order.ReturnRefunded, float64(10*i+10)))
		}
	}
	return h
}

func TestFitPopulationHandWorked(t *testing.T) {
	var hs []History
	for i := range 30 {
		hs = append(hs, shopper(i, 1, false))
	}
	for i := 30; i < 40; i++ {
		hs = append(hs, shopper(i, 3, false))
	}
	hs = append(hs, shopper(40, 0, false)) // never returned: not among the compared
	pop, err := FitPopulation(context.Background(), hs, nil)
	require.NoError(t, err)
	assert.Equal(t, 40, pop.Customers)
	assert.Equal(t, 8.0, pop.PriorWeight)
	assert.InDelta(t, 100, pop.MeanOrder, 1e-9)

	// Pooled return rate 60 returned of 400 delivered; asked 6,000 of
	// 40,000 spent; one customer's smoothed rate (1 + 8·0.15)/(10 + 8).
	rate, share, only, days := pop.Stats[0], pop.Stats[1], pop.Stats[2], pop.Stats[3]
	assert.InDelta(t, 0.15, rate.Pooled, 1e-12)
	assert.InDelta(t, 0.15, share.Pooled, 1e-12)
	assert.InDelta(t, 2.2/18, rate.Median, 1e-12)
	assert.InDelta(t, 2.2/18, share.Median, 1e-12)
	// MAD is 0 (30 of 40 equal); 1.2533 × mean deviation 10·(2/18)/40 is
	// below the floor of 0.05.
	assert.Equal(t, 0.05, rate.Scale)
	assert.Equal(t, 0.0, only.Pooled)
	assert.InDelta(t, 5, days.Pooled, 1e-9)
	assert.InDelta(t, 5, days.Median, 1e-9)
	assert.Equal(t, 2.0, days.Scale)
	for _, s := range pop.Stats {
		assert.Equal(t, 40, s.N, s.Feature)
	}

	// A customer with returns on 6 of 10 orders asks for a 7th: smoothed
	// rate (7 + 1.2)/18, z = (8.2/18 − 2.2/18)/0.05 = 6.667, points
	// 45 × (6.667 − 3.5)/3.5 = 40.7.
	odd := shopper(50, 6, false)
	req := Request{Return: request(5006, odd.Orders[6], 95, 100, false), Order: odd.Orders[6]}
	req.Return.CustomerID = odd.CustomerID
	f := &facts{req: &req, at: req.Return.RequestedAt, s: snapshotAt(&odd, req.Return.RequestedAt, req.Return.ID), p: DefaultPolicy(), pop: pop}
	reason, ok := anomalyRule(f)
	require.True(t, ok)
	assert.Equal(t, 40.7, reason.Points)
	assert.InDelta(t, 6.67, reason.Evidence["index"], 1e-9)
	assert.InDelta(t, 6.67, reason.Evidence["z_return_rate"], 1e-9)
	assert.Contains(t, reason.Text, "return rate 0.46 against a median of 0.12 (z 6.7)")

	// Scores as of the end: 6 of 10 returned, (6 + 1.2)/18 = 0.4, z 5.56.
	sc := pop.Scores(odd, time.Time{})
	require.Len(t, sc, 4)
	assert.Equal(t, FeatureReturnRate, sc[0].Feature)
	assert.InDelta(t, 7.2/18, sc[0].Value, 1e-12)
	assert.InDelta(t, (7.2-2.2)/18/0.05, sc[0].Z, 1e-9)
	assert.Nil(t, (*Population)(nil).Scores(odd, time.Time{}))

	// A typical customer's next return is not anomalous.
	typical := shopper(51, 1, false)
	req = Request{Return: request(5107, typical.Orders[7], 95, 100, false), Order: typical.Orders[7]}
	f = &facts{req: &req, at: req.Return.RequestedAt, s: snapshotAt(&typical, req.Return.RequestedAt, req.Return.ID), p: DefaultPolicy(), pop: pop}
	_, ok = anomalyRule(f)
	assert.False(t, ok)
}

func TestFitPopulationErrors(t *testing.T) {
	_, err := FitPopulation(context.Background(), []History{shopper(1, 1, false)}, nil)
	assert.True(t, errors.Is(err, ErrTooFewCustomers))
	_, err = FitPopulation(context.Background(), nil, &PopulationOptions{PriorWeight: math.Inf(1)})
	assert.ErrorContains(t, err, "PriorWeight")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = FitPopulation(ctx, []History{shopper(1, 1, false)}, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestFitPopulationAsOf(t *testing.T) {
	// As of day 9 only the first order (delivered day 3, returned day 8) is known.
	var hs []History
	for i := range 25 {
		hs = append(hs, shopper(i, 3, true))
	}
	pop, err := FitPopulation(context.Background(), hs, &PopulationOptions{AsOf: at(9), MinCustomers: 25})
	require.NoError(t, err)
	assert.InDelta(t, 1.0, pop.Stats[0].Pooled, 1e-12) // 1 of 1 delivered order returned
	assert.InDelta(t, 1.0, pop.Stats[2].Pooled, 1e-12) // refund-only
}
