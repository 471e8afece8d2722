package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (s *suite) orders(t *testing.T) {
	t.Run("CreateAndGet", func(t *testing.T) {
		st := s.fresh(t)
		o := newOrder(uuid.New(), "A-1", base)
		require.NoError(t, st.CreateOrder(ctx(t), o))
		assert.NotEqual(t, uuid.Nil, o.ID)
		assert.Equal(t, int64(1), o.Version)
		got, err := st.GetOrder(ctx(t), o.ID)
		require.NoError(t, err)
		sameJSON(t, o, got)
		assert.True(t, got.Total.Equal(dec("30.81")), "total %s", got.Total)
		byNumber, err := st.GetOrderByNumber(ctx(t), "A-1")
		require.NoError(t, err)
		assert.Equal(t, o.ID, byNumber.ID)
		_, err = st.GetOrder(ctx(t), uuid.New())
		require.ErrorIs(t, err, store.ErrNotFound)
		_, err = st.GetOrderByNumber(ctx(t), "nope")
		require.ErrorIs(t, err, store.ErrNotFound)
	})
	t.Run("MoneyIsExact", func(t *testing.T) {
		st := s.fresh(t)
		o := newOrder(uuid.New(), "A-2", base)
		o.Lines = []order.Line{
			{ProductID: "a", Quantity: 3, UnitPrice: dec("0.1")},
			{ProductID: "b", Quantity: 1, UnitPrice: dec("0.2"), Discount: dec("0.0001")},
			{ProductID: "c", Quantity: 7, UnitPrice: dec("123456789.123456789")},
		}
		o.Shipping, o.Tax = dec("0"), dec("0.07")
		o.Total = o.ComputeTotal()
		require.True(t, o.Total.Equal(dec("864197524.434097523")), o.Total.String())
		require.NoError(t, st.CreateOrder(ctx(t), o))
		got, err := st.GetOrder(ctx(t), o.ID)
		require.NoError(t, err)
		assert.True(t, got.Total.Equal(o.Total), "total %s", got.Total)
		assert.True(t, got.Lines[2].UnitPrice.Equal(dec("123456789.123456789")), got.Lines[2].UnitPrice.String())
		assert.True(t, got.Lines[1].Discount.Equal(dec("0.0001")))
		assert.NoError(t, got.Validate(), "the stored order still adds up")
	})
	t.Run("Validation", func(t *testing.T) {
		st := s.fresh(t)
		o := newOrder(uuid.New(), "A-3", base)
		o.Total = dec("30.80")
		var ve *order.ValidationError
		require.ErrorAs(t, st.CreateOrder(ctx(t), o), &ve)
		assert.Equal(t, "total", ve.Field)
		assert.Equal(t, "30.8", ve.Value)
		o = newOrder(uuid.New(), "A-3", base)
		o.Lines[1].Quantity = 0
		require.ErrorAs(t, st.CreateOrder(ctx(t), o), &ve)
		assert.Equal(t, "lines[1].quantity", ve.Field)
		o = newOrder(uuid.New(), "A-3", base)
		o.Currency = "EURO"
		require.ErrorAs(t, st.CreateOrder(ctx(t), o), &ve)
		assert.Equal(t, "currency", ve.Field)
		assert.Equal(t, int64(0), stats(t, st).Orders)
	})
	t.Run("Conflicts", func(t *testing.T) {
		st := s.fresh(t)
		a := newOrder(uuid.New(), "A-4", base)
		require.NoError(t, st.CreateOrder(ctx(t), a))
		require.ErrorIs(t, st.CreateOrder(ctx(t), newOrder(uuid.New(), "A-4", base)), store.ErrConflict)
		sameID := newOrder(uuid.New(), "A-5", base)
		sameID.ID = a.ID
		require.ErrorIs(t, st.CreateOrder(ctx(t), sameID), store.ErrConflict)
		// A batch with one conflicting order stores none of it.
		err := st.CreateOrders(ctx(t), []*order.Order{newOrder(uuid.New(), "A-6", base), newOrder(uuid.New(), "A-4", base)})
		require.ErrorIs(t, err, store.ErrConflict)
		_, err = st.GetOrderByNumber(ctx(t), "A-6")
		require.ErrorIs(t, err, store.ErrNotFound)
		assert.Equal(t, int64(1), stats(t, st).Orders)
	})
	t.Run("LifeCycle", func(t *testing.T) {
		st := s.fresh(t)
		o := newOrder(uuid.New(), "A-7", base)
		require.NoError(t, st.CreateOrder(ctx(t), o))
		stale := o.Clone()
		require.NoError(t, o.Transition(order.StatusShipped, base.Add(24*time.Hour)))
		require.NoError(t, st.UpdateOrder(ctx(t), o))
		assert.Equal(t, int64(2), o.Version)

		stale.PaymentMethod = "paypal"
		require.ErrorIs(t, st.UpdateOrder(ctx(t), &stale), store.ErrConflict)

		back := o.Clone()
		back.Status = order.StatusPending
		require.ErrorIs(t, st.UpdateOrder(ctx(t), &back), order.ErrInvalidTransition)

		renumbered := o.Clone()
		renumbered.Number = "A-7b"
		require.ErrorIs(t, st.UpdateOrder(ctx(t), &renumbered), store.ErrConflict)

		got, err := st.GetOrder(ctx(t), o.ID)
		require.NoError(t, err)
		assert.Equal(t, order.StatusShipped, got.Status)
		assert.Equal(t, "card", got.PaymentMethod)
		assert.True(t, got.ShippedAt.Equal(base.Add(24*time.Hour)))
		sameJSON(t, o, got)

		require.NoError(t, got.Transition(order.StatusDelivered, base.Add(48*time.Hour)))
		got.RefundedAmount = dec("4.10")
		got.Status = order.StatusPartiallyRefunded
		require.NoError(t, st.UpdateOrder(ctx(t), &got))
		assert.Equal(t, int64(3), got.Version)
	})
	t.Run("Delete", func(t *testing.T) {
		st := s.fresh(t)
		o := newOrder(uuid.New(), "A-8", base)
		require.NoError(t, st.CreateOrder(ctx(t), o))
		r := newReturn(o, base.Add(time.Hour))
		require.NoError(t, st.CreateReturn(ctx(t), r))
		require.NoError(t, st.DeleteOrder(ctx(t), o.ID))
		_, err := st.GetOrder(ctx(t), o.ID)
		require.ErrorIs(t, err, store.ErrNotFound)
		_, err = st.GetReturn(ctx(t), r.ID)
		require.ErrorIs(t, err, store.ErrNotFound)
		require.ErrorIs(t, st.DeleteOrder(ctx(t), o.ID), store.ErrNotFound)
		require.NoError(t, st.CreateOrder(ctx(t), newOrder(uuid.New(), "A-8", base)), "the number is free again")
	})
}

func (s *suite) orderScans(t *testing.T) {
	st := s.fresh(t)
	alice, bob := uuid.New(), uuid.New()
	var all []*order.Order
	for i := range 30 {
		cid := alice
		if i%3 == 0 {
			cid = bob
		}
		o := newOrder(cid, fmt.Sprintf("S-%03d", i), base.Add(time.Duration(i/2)*time.Hour))
		if i%4 == 0 {
			require.NoError(t, o.Transition(order.StatusShipped, o.PlacedAt.Add(time.Hour)))
		}
		all = append(all, o)
	}
	require.NoError(t, st.CreateOrders(ctx(t), all))

	asc := collect(t, st.Orders(ctx(t), store.OrderFilter{}))
	require.Len(t, asc, 30)
	for i := 1; i < len(asc); i++ {
		a, b := asc[i-1], asc[i]
		require.True(t, a.PlacedAt.Before(b.PlacedAt) || a.PlacedAt.Equal(b.PlacedAt) && store.CompareIDs(a.ID, b.ID) < 0, "ascending at %d", i)
	}
	desc := collect(t, st.Orders(ctx(t), store.OrderFilter{Desc: true}))
	require.Len(t, desc, 30)
	for i := range desc {
		assert.Equal(t, asc[len(asc)-1-i].ID, desc[i].ID, "descending is ascending reversed")
	}

	assert.Len(t, collect(t, st.Orders(ctx(t), store.OrderFilter{CustomerID: bob})), 10)
	assert.Len(t, collect(t, st.Orders(ctx(t), store.OrderFilter{Statuses: []order.Status{order.StatusShipped}})), 8)
	assert.Len(t, collect(t, st.Orders(ctx(t), store.OrderFilter{Statuses: []order.Status{order.StatusShipped, order.StatusPaid}})), 30)
	window := collect(t, st.Orders(ctx(t), store.OrderFilter{Since: base.Add(3 * time.Hour), Until: base.Add(6 * time.Hour)}))
	assert.Len(t, window, 6)
	combined := collect(t, st.Orders(ctx(t), store.OrderFilter{CustomerID: alice, Since: base.Add(3 * time.Hour), Until: base.Add(6 * time.Hour), Statuses: []order.Status{order.StatusPaid}}))
	for _, o := range combined {
		assert.Equal(t, alice, o.CustomerID)
		assert.Equal(t, order.StatusPaid, o.Status)
	}

	for _, dir := range []bool{false, true} {
		want := asc
		if dir {
			want = desc
		}
		var paged []order.Order
		cursor := ""
		for pages := 0; ; pages++ {
			require.Less(t, pages, 40)
			page, next, err := store.Collect(st.Orders(ctx(t), store.OrderFilter{Desc: dir, After: cursor, Limit: 8}), 7, store.OrderCursor)
			require.NoError(t, err)
			paged = append(paged, page...)
			if next == "" {
				break
			}
			cursor = next
		}
		require.Len(t, paged, len(want), "desc=%v", dir)
		for i := range want {
			require.Equal(t, want[i].ID, paged[i].ID, "desc=%v page order at %d", dir, i)
		}
	}
	last3 := collect(t, st.Orders(ctx(t), store.OrderFilter{CustomerID: bob, Desc: true, Limit: 3}))
	require.Len(t, last3, 3)
	assert.Equal(t, "S-027", last3[0].Number)
	require.ErrorIs(t, scanErr(st.Orders(ctx(t), store.OrderFilter{After: "bad"})), store.ErrBadCursor)
}
