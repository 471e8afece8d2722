package risk_test

import (
	"context"
	"testing"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDemoShopAbusers replays every return request of the default demo shop
// as of its request time and measures "review or deny" against the planted
// refund abusers. The shop is seeded, so the figures are fixed; the floors
// leave room for changes to the generator. Figures: BENCHMARKS.md.
func TestDemoShopAbusers(t *testing.T) {
	shop, err := demo.Generate(nil)
	require.NoError(t, err)
	d := &risk.Dataset{Customers: shop.Customers, Orders: shop.Orders, Returns: shop.Returns, Events: shop.Events}
	res, err := risk.Backtest(context.Background(), d, nil, nil)
	require.NoError(t, err)
	require.Len(t, res, len(shop.Returns))
	m := risk.Measure(res, shop.Truth.IsAbuser)
	t.Logf("%+v", m)

	assert.Greater(t, m.AbuserRequests, 40)
	assert.GreaterOrEqual(t, m.Precision, 0.6, "precision of review or deny")
	assert.GreaterOrEqual(t, m.Recall, 0.6, "recall of the abusers' requests")
	assert.LessOrEqual(t, m.HonestFlagged, 0.06, "honest requests sent to review or denied")
	assert.LessOrEqual(t, m.HonestDenied, 0.01, "honest requests denied")
	assert.GreaterOrEqual(t, m.AbusersCaught, 0.8, "abusers flagged at least once")

	// The population model carries weight of its own: without it recall falls.
	plain, err := risk.Backtest(context.Background(), d, nil, &risk.BacktestOptions{NoPopulation: true})
	require.NoError(t, err)
	mp := risk.Measure(plain, shop.Truth.IsAbuser)
	t.Logf("without population: %+v", mp)
	assert.Greater(t, m.Recall, mp.Recall)

	// Every flagged request says why, and reasons are ordered heaviest first.
	for _, r := range res {
		if r.Decision.Outcome != risk.Approve {
			require.NotEmpty(t, r.Decision.Reasons)
		}
		for i := 1; i < len(r.Decision.Reasons); i++ {
			assert.GreaterOrEqual(t, r.Decision.Reasons[i-1].Points, r.Decision.Reasons[i].Points)
		}
	}
}
