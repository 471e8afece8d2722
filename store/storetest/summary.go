package storetest

import (
	"testing"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// summaries checks the backend's summaries (its own Summarizer, or the scan
// fallback) against values worked out by hand, and against the fallback.
func (s *suite) summaries(t *testing.T) {
	st := s.fresh(t)
	x, y := uuid.New(), uuid.New()

	o1 := newOrder(x, "SUM-1", base) // 30.81, 3 units
	o2 := newOrder(x, "SUM-2", base.Add(48*time.Hour))
	o2.Status = order.StatusPartiallyRefunded
	o2.RefundedAmount = dec("4.10")
	o3 := newOrder(x, "SUM-3", base.Add(50*time.Hour))
	o3.Status = order.StatusCancelled
	o4 := newOrder(x, "SUM-4", base.Add(60*time.Hour))
	o4.Status = order.StatusPending
	o5 := newOrder(y, "SUM-5", base.Add(time.Hour))
	o5.Status = order.StatusCancelled
	require.NoError(t, st.CreateOrders(ctx(t), []*order.Order{o1, o2, o3, o4, o5}))
	require.NoError(t, st.CreateReturn(ctx(t), newReturn(o1, base.Add(72*time.Hour))))

	got, err := store.SummaryOf(ctx(t), st, x, store.SummaryFilter{})
	require.NoError(t, err)
	assert.Equal(t, x, got.CustomerID)
	assert.Equal(t, 2, got.Orders, "cancelled and pending orders do not count")
	assert.Equal(t, 6, got.Units)
	assert.True(t, got.FirstOrderAt.Equal(base))
	assert.True(t, got.LastOrderAt.Equal(base.Add(48*time.Hour)))
	assert.True(t, got.TotalSpent.Equal(dec("61.62")), got.TotalSpent.String())
	assert.True(t, got.Refunded.Equal(dec("4.10")), got.Refunded.String())
	assert.True(t, got.NetSpent().Equal(dec("57.52")))
	assert.Equal(t, 1, got.Returns)

	early, err := store.SummaryOf(ctx(t), st, x, store.SummaryFilter{Until: base.Add(24 * time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, 1, early.Orders)
	assert.True(t, early.TotalSpent.Equal(dec("30.81")))
	assert.Equal(t, 0, early.Returns, "the return came after Until")

	none, err := store.SummaryOf(ctx(t), st, uuid.New(), store.SummaryFilter{})
	require.NoError(t, err)
	assert.Equal(t, 0, none.Orders)
	assert.True(t, none.TotalSpent.IsZero())

	all := collect(t, store.Summaries(ctx(t), st, store.SummaryFilter{}))
	require.Len(t, all, 2, "one summary per customer with an order or return")
	assert.Equal(t, -1, store.CompareIDs(all[0].CustomerID, all[1].CustomerID), "ordered by customer ID")
	byID := map[uuid.UUID]store.CustomerSummary{all[0].CustomerID: all[0], all[1].CustomerID: all[1]}
	sameJSON(t, got, byID[x])
	assert.Equal(t, 0, byID[y].Orders)
	sameJSON(t, collect(t, store.ScanSummaries(ctx(t), st, store.SummaryFilter{})), all, "the backend agrees with the scan fallback")
	sameJSON(t,
		collect(t, store.ScanSummaries(ctx(t), st, store.SummaryFilter{Until: base.Add(24 * time.Hour)})),
		collect(t, store.Summaries(ctx(t), st, store.SummaryFilter{Until: base.Add(24 * time.Hour)})))
}
