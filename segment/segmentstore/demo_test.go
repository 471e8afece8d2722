package segmentstore_test

import (
	"context"
	"testing"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/segment/segmentstore"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMembersOnDemoShop runs queries over the demo shop in the memory store
// and checks them against the same facts computed from the shop directly.
func TestMembersOnDemoShop(t *testing.T) {
	ctx := context.Background()
	shop, err := demo.Generate(&demo.Options{Seed: 1, NoEvents: true})
	require.NoError(t, err)
	st := memory.New()
	defer st.Close()
	_, err = shop.Load(ctx, st, nil)
	require.NoError(t, err)

	opt := &segmentstore.Options{Now: shop.End}
	q := segment.MustParseQuery("orders >= 3 AND last_order < -90d AND tags CONTAINS 'vip'")
	var got int
	for c, err := range segmentstore.Members(ctx, st, q, opt) {
		require.NoError(t, err)
		assert.True(t, c.HasTag("vip"))
		got++
	}
	// The same count straight from the shop's orders.
	facts := segment.OrderFactsFromOrders(shop.Orders)
	want := 0
	for i := range shop.Customers {
		c := &shop.Customers[i]
		f := segment.Facts{Customer: c, Orders: facts[c.ID]}
		if q.Match(&f, shop.End) {
			want++
		}
	}
	t.Logf("%d lapsed VIPs", got)
	assert.Equal(t, want, got)
	assert.Positive(t, got)

	names := []string{segment.SegmentChampions, segment.SegmentAtRisk, segment.SegmentLost}
	var qs []*segment.Query
	for _, n := range names {
		qs = append(qs, segment.MustParseQuery("rfm_segment = '"+n+"'"))
	}
	counts, err := segmentstore.Count(ctx, st, qs, opt)
	require.NoError(t, err)
	recs, err := segmentstore.Records(ctx, st, store.SummaryFilter{})
	require.NoError(t, err)
	res, err := segment.RFM(recs, segment.RFMOptions{AsOf: shop.End})
	require.NoError(t, err)
	sizes := res.SegmentSizes()
	for i, n := range names {
		assert.Equal(t, sizes[n], counts[i], n)
	}
}
