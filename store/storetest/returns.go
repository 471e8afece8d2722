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

// newReturn asks back one mug of o.
func newReturn(o *order.Order, at time.Time) *order.Return {
	return &order.Return{
		OrderID:     o.ID,
		CustomerID:  o.CustomerID,
		Items:       []order.ReturnItem{{ProductID: "p-mug", Quantity: 1, Amount: dec("9.50")}},
		Reason:      "arrived chipped",
		Amount:      dec("9.50"),
		Status:      order.ReturnRequested,
		RequestedAt: at,
	}
}

func (s *suite) returns(t *testing.T) {
	st := s.fresh(t)
	o := newOrder(uuid.New(), "R-1", base)
	require.NoError(t, st.CreateOrder(ctx(t), o))

	r := newReturn(o, base.Add(72*time.Hour))
	require.NoError(t, st.CreateReturn(ctx(t), r))
	assert.NotEqual(t, uuid.Nil, r.ID)
	assert.Equal(t, int64(1), r.Version)
	got, err := st.GetReturn(ctx(t), r.ID)
	require.NoError(t, err)
	sameJSON(t, r, got)

	// Only one mug is left to return.
	tooMany := newReturn(o, base.Add(73*time.Hour))
	tooMany.Items[0].Quantity = 2
	var ve *order.ValidationError
	require.ErrorAs(t, st.CreateReturn(ctx(t), tooMany), &ve)
	assert.Equal(t, "items[0].quantity", ve.Field)

	notOnOrder := newReturn(o, base.Add(73*time.Hour))
	notOnOrder.Items[0].ProductID = "p-other"
	require.ErrorAs(t, st.CreateReturn(ctx(t), notOnOrder), &ve)
	assert.Equal(t, "items[0].product_id", ve.Field)

	orphan := newReturn(&order.Order{ID: uuid.New(), CustomerID: o.CustomerID}, base)
	require.ErrorIs(t, st.CreateReturn(ctx(t), orphan), store.ErrNotFound)

	dupID := newReturn(o, base.Add(74*time.Hour))
	dupID.ID = r.ID
	require.ErrorIs(t, st.CreateReturn(ctx(t), dupID), store.ErrConflict)

	stale := got.Clone()
	got.Status = order.ReturnApproved
	got.ResolvedAt = base.Add(96 * time.Hour)
	require.NoError(t, st.UpdateReturn(ctx(t), &got))
	assert.Equal(t, int64(2), got.Version)
	stale.Status = order.ReturnRejected
	require.ErrorIs(t, st.UpdateReturn(ctx(t), &stale), store.ErrConflict)
	moved := got.Clone()
	moved.OrderID = uuid.New()
	require.ErrorIs(t, st.UpdateReturn(ctx(t), &moved), store.ErrConflict)
	again, err := st.GetReturn(ctx(t), r.ID)
	require.NoError(t, err)
	assert.Equal(t, order.ReturnApproved, again.Status)
	_, err = st.GetReturn(ctx(t), uuid.New())
	require.ErrorIs(t, err, store.ErrNotFound)

	// A second order with a return, for the scans.
	o2 := newOrder(o.CustomerID, "R-2", base.Add(24*time.Hour))
	require.NoError(t, st.CreateOrder(ctx(t), o2))
	r2 := newReturn(o2, base.Add(200*time.Hour))
	require.NoError(t, st.CreateReturn(ctx(t), r2))

	all := collect(t, st.Returns(ctx(t), store.ReturnFilter{CustomerID: o.CustomerID}))
	require.Len(t, all, 2)
	assert.Equal(t, r.ID, all[0].ID, "ordered by requested_at")
	assert.Len(t, collect(t, st.Returns(ctx(t), store.ReturnFilter{OrderID: o2.ID})), 1)
	assert.Len(t, collect(t, st.Returns(ctx(t), store.ReturnFilter{Statuses: []order.ReturnStatus{order.ReturnApproved}})), 1)
	assert.Len(t, collect(t, st.Returns(ctx(t), store.ReturnFilter{Since: base.Add(100 * time.Hour)})), 1)
	assert.Len(t, collect(t, st.Returns(ctx(t), store.ReturnFilter{Until: base.Add(100 * time.Hour)})), 1)
	page, next, err := store.Collect(st.Returns(ctx(t), store.ReturnFilter{Limit: 2}), 1, store.ReturnCursor)
	require.NoError(t, err)
	require.Len(t, page, 1)
	rest := collect(t, st.Returns(ctx(t), store.ReturnFilter{After: next}))
	require.Len(t, rest, 1)
	assert.Equal(t, r2.ID, rest[0].ID)
	assert.Equal(t, int64(2), stats(t, st).Returns)
}

func (s *suite) products(t *testing.T) {
	st := s.fresh(t)
	ps := []order.Product{newProduct("b", "kitchen", true), newProduct("a", "garden", true), newProduct("c", "kitchen", false)}
	require.NoError(t, st.UpsertProducts(ctx(t), ps))
	got, err := st.GetProduct(ctx(t), "a")
	require.NoError(t, err)
	assert.Equal(t, "garden", got.Category)
	assert.True(t, got.Price.Equal(dec("12.3")))
	assert.False(t, got.UpdatedAt.IsZero())

	changed := newProduct("a", "garden", false)
	changed.Price = dec("10.00")
	require.NoError(t, st.UpsertProducts(ctx(t), []order.Product{changed}))
	got, err = st.GetProduct(ctx(t), "a")
	require.NoError(t, err)
	assert.False(t, got.Active)
	assert.True(t, got.Price.Equal(dec("10")))

	bad := newProduct("d", "x", true)
	bad.Currency = "XXX1"
	var ve *order.ValidationError
	require.ErrorAs(t, st.UpsertProducts(ctx(t), []order.Product{newProduct("e", "x", true), bad}), &ve)
	assert.Equal(t, "product.currency", ve.Field)
	_, err = st.GetProduct(ctx(t), "e")
	require.ErrorIs(t, err, store.ErrNotFound, "a failed batch stores nothing")

	all := collect(t, st.Products(ctx(t), store.ProductFilter{}))
	require.Len(t, all, 3)
	assert.Equal(t, []string{"a", "b", "c"}, []string{all[0].ID, all[1].ID, all[2].ID})
	assert.Len(t, collect(t, st.Products(ctx(t), store.ProductFilter{Category: "kitchen"})), 2)
	active := collect(t, st.Products(ctx(t), store.ProductFilter{ActiveOnly: true}))
	require.Len(t, active, 1)
	assert.Equal(t, "b", active[0].ID)
	page, next, err := store.Collect(st.Products(ctx(t), store.ProductFilter{Limit: 3}), 2, store.ProductCursor)
	require.NoError(t, err)
	require.Len(t, page, 2)
	rest := collect(t, st.Products(ctx(t), store.ProductFilter{After: next}))
	require.Len(t, rest, 1)
	assert.Equal(t, "c", rest[0].ID)
	assert.Equal(t, int64(3), stats(t, st).Products)
}
