package segment_test

import (
	"context"
	"testing"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/segment"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRFMAndClustersOnDemoShop checks RFM segments and clusters against the
// customer types the demo shop planted.
func TestRFMAndClustersOnDemoShop(t *testing.T) {
	shop, err := demo.Generate(&demo.Options{Seed: 1, NoEvents: true})
	require.NoError(t, err)
	recs := segment.FromOrders(shop.Orders, shop.End)
	res, err := segment.RFM(recs, segment.RFMOptions{AsOf: shop.End})
	require.NoError(t, err)
	t.Logf("segment sizes %v", res.SegmentSizes())
	byType := map[demo.CustomerType]map[string]int{}
	total := map[demo.CustomerType]int{}
	for _, s := range res.Scores {
		ty := shop.Truth.TypeOf(s.CustomerID)
		if byType[ty] == nil {
			byType[ty] = map[string]int{}
		}
		byType[ty][s.Segment]++
		total[ty]++
	}
	share := func(ty demo.CustomerType, names ...string) float64 {
		n := 0
		for _, name := range names {
			n += byType[ty][name]
		}
		return float64(n) / float64(total[ty])
	}
	// Planted churned customers stopped buying long ago: low recency segments.
	lapsed := share(demo.Churned, segment.SegmentLost, segment.SegmentHibernating, segment.SegmentAtRisk,
		segment.SegmentCantLose, segment.SegmentAboutToSleep, segment.SegmentNeedAttention)
	// Planted loyal customers buy often: the best segments.
	best := share(demo.Loyal, segment.SegmentChampions, segment.SegmentLoyal)
	t.Logf("churned in lapsed segments %.2f; loyal in champions/loyal %.2f", lapsed, best)
	assert.Greater(t, lapsed, 0.8)
	assert.Greater(t, best, 0.6)

	cl, err := segment.ClusterRFM(context.Background(), recs, &segment.RFMClusterOptions{AsOf: shop.End})
	require.NoError(t, err)
	for _, p := range cl.Profiles {
		t.Log(p.Description)
	}
	// The most valuable cluster holds nearly all planted loyal customers
	// and few of the churned.
	inTop := map[demo.CustomerType]int{}
	for i, id := range cl.CustomerIDs {
		if cl.Labels[i] == 0 {
			inTop[shop.Truth.TypeOf(id)]++
		}
	}
	t.Logf("cluster 0 holds %d of %d loyal and %d of %d churned customers", inTop[demo.Loyal], total[demo.Loyal], inTop[demo.Churned], total[demo.Churned])
	assert.Greater(t, float64(inTop[demo.Loyal])/float64(total[demo.Loyal]), 0.85) // 38% of all customers are in it
	assert.Less(t, float64(inTop[demo.Churned])/float64(total[demo.Churned]), 0.25)
}
