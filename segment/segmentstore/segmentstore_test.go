package segmentstore

import (
	"context"
	"iter"
	"testing"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scanStore serves the three scans Members needs from slices; any other
// method of the embedded nil interface would panic, proving it is unused.
type scanStore struct {
	store.Store
	customers []customer.Customer
	orders    []order.Order
}

func (s *scanStore) Customers(ctx context.Context, f store.CustomerFilter) iter.Seq2[customer.Customer, error] {
	return func(yield func(customer.Customer, error) bool) {
		for _, c := range s.customers {
			if !yield(c, nil) {
				return
			}
		}
	}
}

func (s *scanStore) Orders(ctx context.Context, f store.OrderFilter) iter.Seq2[order.Order, error] {
	return func(yield func(order.Order, error) bool) {
		for _, o := range s.orders {
			if (f.CustomerID != uuid.Nil && o.CustomerID != f.CustomerID) || (!f.Until.IsZero() && !o.PlacedAt.Before(f.Until)) {
				continue
			}
			if !yield(o, nil) {
				return
			}
		}
	}
}

func (s *scanStore) Returns(ctx context.Context, f store.ReturnFilter) iter.Seq2[order.Return, error] {
	return func(yield func(order.Return, error) bool) {}
}

func TestMembersAndCount(t *testing.T) {
	now := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	st := &scanStore{}
	// Five customers; customer i has i orders, the last one 30·i days ago,
	// each of 100 — so the ones with more orders are also the lapsed ones.
	for i := range 5 {
		c := customer.Customer{ID: uuid.New(), FirstName: string(rune('A' + i))}
		if i%2 == 0 {
			c.Tags = []string{"vip"}
		}
		st.customers = append(st.customers, c)
		for j := range i {
			st.orders = append(st.orders, order.Order{ID: uuid.New(), CustomerID: c.ID, Status: order.StatusPaid,
				Total: decimal.NewFromInt(100), PlacedAt: now.AddDate(0, 0, -30*i-j)})
		}
	}
	q := segment.MustParseQuery("orders >= 2 AND last_order < -60d AND tags CONTAINS 'vip'")
	var names []string
	for c, err := range Members(context.Background(), st, q, &Options{Now: now}) {
		require.NoError(t, err)
		names = append(names, c.FirstName)
	}
	// Customers C (2 orders, 60 days) is not before -60d; E (4 orders, 120 days) is.
	assert.Equal(t, []string{"E"}, names)

	counts, err := Count(context.Background(), st, []*segment.Query{
		segment.MustParseQuery("orders = 0"),
		segment.MustParseQuery("rfm_f = 4"), // four buyers: rank fractions 0, ¼, ½, ¾ give F = 1..4
		segment.MustParseQuery("rfm_segment IS NOT NULL"),
	}, &Options{Now: now})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 1, 4}, counts)

	recs, err := Records(context.Background(), st, store.SummaryFilter{})
	require.NoError(t, err)
	assert.Len(t, recs, 4)
}
