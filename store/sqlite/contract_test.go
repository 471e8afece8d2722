package sqlite

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCustomerLifecycle(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	c := mustCreateCustomer(t, st, newCustomer(1))
	assert.Equal(t, int64(1), c.Version)
	assert.Equal(t, "Person1@example.com", c.Email, "domain lower-cased by normalisation")
	assert.Equal(t, []string{"vip", "cohort-1"}, c.Tags)

	// The e-mail key is case-insensitive: another profile cannot take it.
	dup := newCustomer(2)
	dup.Email = "PERSON1@example.com"
	err := st.CreateCustomer(ctx, &dup)
	assert.ErrorIs(t, err, store.ErrConflict)
	assert.ErrorContains(t, err, "the e-mail taken")
	assert.Equal(t, uuid.Nil, dup.ID, "the caller's value is untouched on failure")
	dup = newCustomer(2)
	dup.ExternalID = "ext-1"
	err = st.CreateCustomer(ctx, &dup)
	assert.ErrorIs(t, err, store.ErrConflict)
	assert.ErrorContains(t, err, "the external ID taken")

	bad := newCustomer(3)
	bad.Email = "not-an-address"
	var ve *customer.ValidationError
	require.ErrorAs(t, st.CreateCustomer(ctx, &bad), &ve)
	assert.Equal(t, "email", ve.Field)

	got, err := st.GetCustomerByEmail(ctx, " person1@EXAMPLE.com ")
	require.NoError(t, err)
	assert.Equal(t, c, got)
	got, err = st.GetCustomerByExternalID(ctx, "ext-1")
	require.NoError(t, err)
	assert.Equal(t, c.ID, got.ID)
	_, err = st.GetCustomer(ctx, uuid.New())
	assert.ErrorIs(t, err, store.ErrNotFound)

	// Update: version check, CreatedAt kept, tags re-indexed.
	upd := got
	upd.Tags = []string{"gold"}
	upd.CreatedAt = t0.Add(-1000 * time.Hour)
	require.NoError(t, st.UpdateCustomer(ctx, &upd))
	assert.Equal(t, int64(2), upd.Version)
	assert.Equal(t, c.CreatedAt, upd.CreatedAt)
	stale := got
	assert.ErrorIs(t, st.UpdateCustomer(ctx, &stale), store.ErrConflict)
	n := 0
	for _, err := range st.Customers(ctx, store.CustomerFilter{Tag: "VIP"}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 0, n, "old tag gone from the index")
	gold, _, err := store.Collect(st.Customers(ctx, store.CustomerFilter{Tag: "Gold"}), 0, store.CustomerCursor)
	require.NoError(t, err)
	require.Len(t, gold, 1)
	assert.Equal(t, upd, gold[0])

	// Delete takes the events, keeps the orders.
	o := mustCreateOrder(t, st, newOrder(c.ID, "A-1", t0, order.StatusPaid))
	require.NoError(t, st.AppendEvents(ctx, []behavior.Event{newEvent(c.ID, behavior.KindView, "p-1", t0)}))
	require.NoError(t, st.DeleteCustomer(ctx, c.ID))
	assert.ErrorIs(t, st.DeleteCustomer(ctx, c.ID), store.ErrNotFound)
	_, err = st.GetOrder(ctx, o.ID)
	assert.NoError(t, err)
	stats, err := st.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.Stats{Orders: 1}, stats)
}

func TestMergeMovesEverything(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	keep := mustCreateCustomer(t, st, newCustomer(1))
	dropC := newCustomer(2)
	dropC.Phone = "+44 20 7946 0958"
	drop := mustCreateCustomer(t, st, dropC)
	o := mustCreateOrder(t, st, newOrder(drop.ID, "D-1", t0, order.StatusDelivered))
	r := order.Return{OrderID: o.ID, CustomerID: drop.ID, Status: order.ReturnRequested, RequestedAt: t0.Add(time.Hour),
		Items: []order.ReturnItem{{ProductID: "p-1", Quantity: 1, Amount: dec("0.10")}}, Amount: dec("0.10")}
	require.NoError(t, st.CreateReturn(ctx, &r))
	require.NoError(t, st.AppendEvents(ctx, []behavior.Event{newEvent(drop.ID, behavior.KindView, "p-1", t0)}))

	_, err := st.MergeCustomers(ctx, keep.ID, keep.ID)
	assert.ErrorIs(t, err, store.ErrConflict)
	_, err = st.MergeCustomers(ctx, keep.ID, uuid.New())
	assert.ErrorIs(t, err, store.ErrNotFound)

	m, err := st.MergeCustomers(ctx, keep.ID, drop.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(2), m.Version)
	assert.Equal(t, "+442079460958", m.Phone, "empty field filled from the dropped profile")
	_, err = st.GetCustomer(ctx, drop.ID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	gotO, err := st.GetOrder(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, keep.ID, gotO.CustomerID)
	gotR, err := st.GetReturn(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, keep.ID, gotR.CustomerID)
	evs, _, err := store.Collect(st.Events(ctx, store.EventFilter{CustomerID: keep.ID}), 0, store.EventCursor)
	require.NoError(t, err)
	assert.Len(t, evs, 1)
	stored, err := st.GetCustomer(ctx, keep.ID)
	require.NoError(t, err)
	assert.Equal(t, m, stored)
}

func TestOrderAndReturnRules(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	cust := uuid.New() // orders may come before their customer
	o := mustCreateOrder(t, st, newOrder(cust, "A-1", t0, order.StatusPaid))
	dup := newOrder(cust, "A-1", t0, order.StatusPaid)
	assert.ErrorIs(t, st.CreateOrder(ctx, &dup), store.ErrConflict)

	// A batch with a bad order stores nothing.
	good, broken := newOrder(cust, "B-1", t0, order.StatusPaid), newOrder(cust, "B-2", t0, order.StatusPaid)
	broken.Total = dec("999")
	var ove *order.ValidationError
	require.ErrorAs(t, st.CreateOrders(ctx, []*order.Order{&good, &broken}), &ove)
	assert.Equal(t, "total", ove.Field)
	_, err := st.GetOrderByNumber(ctx, "B-1")
	assert.ErrorIs(t, err, store.ErrNotFound)
	// ... and so does a batch whose second order collides.
	again := newOrder(cust, "A-1", t0, order.StatusPaid)
	good = newOrder(cust, "B-1", t0, order.StatusPaid)
	assert.ErrorIs(t, st.CreateOrders(ctx, []*order.Order{&good, &again}), store.ErrConflict)
	_, err = st.GetOrderByNumber(ctx, "B-1")
	assert.ErrorIs(t, err, store.ErrNotFound)

	// Life cycle.
	upd := o
	upd.Status = order.StatusPending
	var te *order.TransitionError
	assert.ErrorAs(t, st.UpdateOrder(ctx, &upd), &te)
	upd = o
	upd.Status = order.StatusShipped
	upd.ShippedAt = t0.Add(24 * time.Hour)
	require.NoError(t, st.UpdateOrder(ctx, &upd))
	assert.Equal(t, int64(2), upd.Version)
	got, err := st.GetOrderByNumber(ctx, "A-1")
	require.NoError(t, err)
	assert.Equal(t, upd, got)
	changed := got
	changed.Number = "Z-9"
	assert.ErrorIs(t, st.UpdateOrder(ctx, &changed), store.ErrConflict)

	// Returns are checked against what was bought and earlier returns.
	r1 := order.Return{OrderID: o.ID, CustomerID: cust, Status: order.ReturnRequested, RequestedAt: t0.Add(48 * time.Hour),
		Items: []order.ReturnItem{{ProductID: "p-1", Quantity: 2, Amount: dec("0.20")}}, Amount: dec("0.20")}
	require.NoError(t, st.CreateReturn(ctx, &r1))
	r2 := r1
	r2.ID = uuid.Nil
	require.ErrorAs(t, st.CreateReturn(ctx, &r2), &ove, "p-1 has nothing left to return")
	missing := r1
	missing.ID, missing.OrderID = uuid.Nil, uuid.New()
	assert.ErrorIs(t, st.CreateReturn(ctx, &missing), store.ErrNotFound)

	r1.Status, r1.ResolvedAt = order.ReturnApproved, t0.Add(72*time.Hour)
	require.NoError(t, st.UpdateReturn(ctx, &r1))
	gotR, err := st.GetReturn(ctx, r1.ID)
	require.NoError(t, err)
	assert.Equal(t, r1, gotR)

	rs, _, err := store.Collect(st.Returns(ctx, store.ReturnFilter{OrderID: o.ID, Statuses: []order.ReturnStatus{order.ReturnApproved}}), 0, store.ReturnCursor)
	require.NoError(t, err)
	assert.Equal(t, []order.Return{r1}, rs)

	require.NoError(t, st.DeleteOrder(ctx, o.ID))
	_, err = st.GetReturn(ctx, r1.ID)
	assert.ErrorIs(t, err, store.ErrNotFound, "returns go with their order")
	assert.ErrorIs(t, st.DeleteOrder(ctx, o.ID), store.ErrNotFound)
}

func TestScansFilterAndPage(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	cust := uuid.New()
	other := uuid.New()
	var all []order.Order
	for i := range 25 {
		// Pairs of orders share a time so the ID breaks the tie.
		o := newOrder(cust, fmt.Sprintf("N-%02d", i), t0.Add(time.Duration(i/2)*time.Hour), order.StatusPaid)
		if i%5 == 0 {
			o.Status = order.StatusPending
		}
		all = append(all, mustCreateOrder(t, st, o))
	}
	mustCreateOrder(t, st, newOrder(other, "X-1", t0, order.StatusPaid))

	// Pages of 4 through the customer's orders, newest first, equal the full scan.
	var paged []order.Order
	cursor := ""
	for {
		page, next, err := store.Collect(st.Orders(ctx, store.OrderFilter{CustomerID: cust, Desc: true, After: cursor, Limit: 5}), 4, store.OrderCursor)
		require.NoError(t, err)
		paged = append(paged, page...)
		if next == "" {
			break
		}
		cursor = next
	}
	require.Len(t, paged, 25)
	for i := 1; i < len(paged); i++ {
		assert.True(t, store.TimeKeyAfter(paged[i-1].PlacedAt, paged[i-1].ID, paged[i].PlacedAt, paged[i].ID), "descending at %d", i)
	}

	// Half-open time range and status filter.
	got, _, err := store.Collect(st.Orders(ctx, store.OrderFilter{
		Since: t0.Add(2 * time.Hour), Until: t0.Add(5 * time.Hour), Statuses: []order.Status{order.StatusPaid},
	}), 0, store.OrderCursor)
	require.NoError(t, err)
	var want []string
	for _, o := range all {
		if !o.PlacedAt.Before(t0.Add(2*time.Hour)) && o.PlacedAt.Before(t0.Add(5*time.Hour)) && o.Status == order.StatusPaid {
			want = append(want, o.Number)
		}
	}
	var numbers []string
	for _, o := range got {
		numbers = append(numbers, o.Number)
	}
	assert.ElementsMatch(t, want, numbers)
	assert.Len(t, numbers, 5)

	_, _, err = store.Collect(st.Orders(ctx, store.OrderFilter{After: "%%%"}), 0, store.OrderCursor)
	assert.ErrorIs(t, err, store.ErrBadCursor)

	// Events by kind and product, newest first.
	var evs []behavior.Event
	for i := range 10 {
		kind := behavior.KindView
		if i%2 == 1 {
			kind = behavior.KindAddToCart
		}
		evs = append(evs, newEvent(cust, kind, fmt.Sprintf("p-%d", i%3), t0.Add(time.Duration(i)*time.Minute)))
	}
	require.NoError(t, st.AppendEvents(ctx, evs))
	carts, _, err := store.Collect(st.Events(ctx, store.EventFilter{Kinds: []behavior.Kind{behavior.KindAddToCart}, ProductID: "p-1", Desc: true}), 0, store.EventCursor)
	require.NoError(t, err)
	require.Len(t, carts, 2) // i = 1, 7
	assert.Equal(t, t0.Add(7*time.Minute), carts[0].At)
	assert.Equal(t, t0.Add(1*time.Minute), carts[1].At)
	assert.ErrorIs(t, st.AppendEvents(ctx, []behavior.Event{carts[0]}), store.ErrConflict)

	// Products in byte order, paged.
	require.NoError(t, st.UpsertProducts(ctx, []order.Product{
		{ID: "b", Name: "B", Price: dec("2.50"), Currency: "EUR", Active: true, Category: "tea"},
		{ID: "a", Name: "A", Price: dec("1.00"), Currency: "EUR", Active: false, Category: "tea"},
		{ID: "C", Name: "C", Price: dec("3"), Currency: "EUR", Active: true},
	}))
	ps, next, err := store.Collect(st.Products(ctx, store.ProductFilter{Limit: 3}), 2, store.ProductCursor)
	require.NoError(t, err)
	require.Len(t, ps, 2)
	assert.Equal(t, []string{"C", "a"}, []string{ps[0].ID, ps[1].ID})
	rest, _, err := store.Collect(st.Products(ctx, store.ProductFilter{After: next}), 0, store.ProductCursor)
	require.NoError(t, err)
	require.Len(t, rest, 1)
	assert.Equal(t, "b", rest[0].ID)
	active, _, err := store.Collect(st.Products(ctx, store.ProductFilter{Category: "tea", ActiveOnly: true}), 0, store.ProductCursor)
	require.NoError(t, err)
	require.Len(t, active, 1)
	assert.Equal(t, "b", active[0].ID)
}

func TestSummariesAgreeWithScans(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	custs := []uuid.UUID{uuid.New(), uuid.New(), uuid.New()}
	statuses := []order.Status{order.StatusPaid, order.StatusPending, order.StatusDelivered, order.StatusCancelled, order.StatusShipped}
	for i := range 40 {
		o := newOrder(custs[i%3], fmt.Sprintf("S-%d", i), t0.Add(time.Duration(i)*time.Hour), statuses[i%len(statuses)])
		o.Lines[0].Quantity = 1 + i%4
		o.Total = o.ComputeTotal()
		if i%7 == 0 {
			o.RefundedAmount = dec("0.15")
		}
		o = mustCreateOrder(t, st, o)
		if i%6 == 0 && o.Counts() {
			r := order.Return{OrderID: o.ID, CustomerID: o.CustomerID, Status: order.ReturnRequested, RequestedAt: o.PlacedAt.Add(time.Hour),
				Items: []order.ReturnItem{{ProductID: "p-2", Quantity: 1, Amount: dec("0.20")}}, Amount: dec("0.20")}
			require.NoError(t, st.CreateReturn(ctx, &r))
		}
	}
	lonely := uuid.New()
	for _, f := range []store.SummaryFilter{{}, {Until: t0.Add(20 * time.Hour)}} {
		var sqlSums, scanSums []store.CustomerSummary
		for s, err := range st.CustomerSummaries(ctx, f) {
			require.NoError(t, err)
			sqlSums = append(sqlSums, s)
		}
		for s, err := range store.ScanSummaries(ctx, st, f) {
			require.NoError(t, err)
			scanSums = append(scanSums, s)
		}
		require.Len(t, sqlSums, 3)
		assert.Equal(t, scanSums, sqlSums, "until %v", f.Until)
		for _, id := range append(custs, lonely) {
			one, err := st.CustomerSummary(ctx, id, f)
			require.NoError(t, err)
			ref, err := store.ScanSummaryOf(ctx, st, id, f)
			require.NoError(t, err)
			assert.Equal(t, ref, one)
		}
	}
	// A hand-worked case: customer 0 has orders i = 0, 3, 6, ..., 39;
	// statuses cycle with period 5 so pending (i%5==1) and cancelled (i%5==3) drop out.
	s, err := st.CustomerSummary(ctx, custs[0], store.SummaryFilter{})
	require.NoError(t, err)
	orders, units := 0, 0
	for i := 0; i < 40; i += 3 {
		if i%5 == 1 || i%5 == 3 {
			continue
		}
		orders++
		units += 1 + i%4 + 1
	}
	assert.Equal(t, orders, s.Orders)
	assert.Equal(t, units, s.Units)
}

func TestLoadBatch(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	c := newCustomer(1)
	c.ID = uuid.New()
	c.Version = 7
	o := newOrder(c.ID, "L-1", t0, order.StatusDelivered)
	o.ID = uuid.New()
	r := order.Return{ID: uuid.New(), OrderID: o.ID, CustomerID: c.ID, Status: order.ReturnRefunded, RequestedAt: t0.Add(time.Hour),
		Items: []order.ReturnItem{{ProductID: "p-1", Quantity: 1, Amount: dec("0.10")}}, Amount: dec("0.10")}
	e := newEvent(c.ID, behavior.KindPurchase, "p-1", t0)
	e.ID, e.OrderID = uuid.New(), o.ID
	b := store.Batch{
		Customers: []customer.Customer{c},
		Products:  []order.Product{{ID: "p-1", Name: "Mug", Price: dec("0.10"), Currency: "EUR", Active: true}},
		Orders:    []order.Order{o},
		Returns:   []order.Return{r},
		Events:    []behavior.Event{e},
	}
	res, err := st.LoadBatch(ctx, b, store.ConflictFail)
	require.NoError(t, err)
	assert.Equal(t, store.LoadResult{Customers: 1, Products: 1, Orders: 1, Returns: 1, Events: 1}, res)
	got, err := st.GetCustomer(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(7), got.Version, "versions are kept")

	// Re-running the same batch: a conflict under ConflictFail, nothing new under ConflictSkip.
	_, err = st.LoadBatch(ctx, b, store.ConflictFail)
	assert.ErrorIs(t, err, store.ErrConflict)
	res, err = st.LoadBatch(ctx, b, store.ConflictSkip)
	require.NoError(t, err)
	assert.Equal(t, store.LoadResult{Products: 1, Skipped: 4}, res)

	// A batch with a bad record at the end stores nothing of the rest.
	c2 := newCustomer(2)
	bad := newOrder(uuid.New(), "L-2", t0, order.StatusPaid)
	bad.Currency = "XXY"
	_, err = st.LoadBatch(ctx, store.Batch{Customers: []customer.Customer{c2}, Orders: []order.Order{bad}}, store.ConflictSkip)
	var ove *order.ValidationError
	require.ErrorAs(t, err, &ove)
	// A return whose check fails inside the transaction also rolls back the customer.
	over := r
	over.ID = uuid.New()
	over.Items = []order.ReturnItem{{ProductID: "p-1", Quantity: 2, Amount: dec("0.20")}}
	over.Amount = dec("0.20")
	_, err = st.LoadBatch(ctx, store.Batch{Customers: []customer.Customer{c2}, Returns: []order.Return{over}}, store.ConflictSkip)
	require.ErrorAs(t, err, &ove)
	assert.Equal(t, "items[0].quantity", ove.Field)
	_, err = st.GetCustomerByEmail(ctx, c2.Email)
	assert.ErrorIs(t, err, store.ErrNotFound)
	stats, err := st.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.Stats{Customers: 1, Orders: 1, Returns: 1, Products: 1, Events: 1}, stats)
}

func TestClosedStore(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	require.NoError(t, st.Close())
	require.NoError(t, st.Close(), "closing twice is fine")
	c := newCustomer(1)
	assert.ErrorIs(t, st.CreateCustomer(ctx, &c), store.ErrClosed)
	_, err := st.GetCustomer(ctx, uuid.New())
	assert.ErrorIs(t, err, store.ErrClosed)
	_, err = st.Stats(ctx)
	assert.ErrorIs(t, err, store.ErrClosed)
	for _, err := range st.Orders(ctx, store.OrderFilter{}) {
		assert.ErrorIs(t, err, store.ErrClosed)
	}
}

func TestScanHonoursContext(t *testing.T) {
	st := openTemp(t)
	cust := uuid.New()
	var evs []behavior.Event
	for i := range 200 {
		evs = append(evs, newEvent(cust, behavior.KindView, "p", t0.Add(time.Duration(i)*time.Second)))
	}
	require.NoError(t, st.AppendEvents(context.Background(), evs))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for _, err := range st.Events(ctx, store.EventFilter{}) {
		if err != nil {
			last = err
			break
		}
		n++
		if n == 10 {
			cancel()
		}
	}
	assert.Equal(t, 10, n)
	assert.True(t, errors.Is(last, context.Canceled), "got %v", last)
}
