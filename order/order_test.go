package order_test

import (
	"errors"
	"testing"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func sample() order.Order {
	o := order.Order{
		ID: uuid.New(), Number: "1001", CustomerID: uuid.New(), Status: order.StatusPending, Currency: "EUR",
		Lines: []order.Line{
			{ProductID: "p1", Quantity: 3, UnitPrice: d("0.10")},
			{ProductID: "p2", Quantity: 1, UnitPrice: d("19.99"), Discount: d("2.00")},
		},
		Shipping: d("4.95"), Tax: d("3.42"), PlacedAt: t0,
	}
	o.Total = o.ComputeTotal()
	return o
}

func TestTotalsAreExact(t *testing.T) {
	o := sample()
	// 0.30 + 17.99 + 4.95 + 3.42, which binary floating point gets wrong.
	assert.Equal(t, "26.66", o.Total.StringFixed(2))
	assert.True(t, o.ItemsTotal().Equal(d("18.29")))
	assert.Equal(t, 4, o.Units())
	require.NoError(t, o.Validate())
	o.Total = d("26.67")
	var ve *order.ValidationError
	require.ErrorAs(t, o.Validate(), &ve)
	assert.Equal(t, "total", ve.Field)
	assert.Equal(t, "26.67", ve.Value)
	assert.Contains(t, ve.Reason, "26.66")
}

func TestValidateFields(t *testing.T) {
	cases := map[string]func(*order.Order){
		"number":            func(o *order.Order) { o.Number = " " },
		"customer_id":       func(o *order.Order) { o.CustomerID = uuid.Nil },
		"status":            func(o *order.Order) { o.Status = "lost" },
		"currency":          func(o *order.Order) { o.Currency = "eur" },
		"placed_at":         func(o *order.Order) { o.PlacedAt = time.Time{} },
		"lines":             func(o *order.Order) { o.Lines = nil },
		"lines[0].quantity": func(o *order.Order) { o.Lines[0].Quantity = -1 },
		"lines[1].discount": func(o *order.Order) { o.Lines[1].Discount = d("20") },
		"lines[0].product_id": func(o *order.Order) {
			o.Lines[0].ProductID = ""
		},
		"shipping": func(o *order.Order) { o.Shipping = d("-1") },
	}
	for field, spoil := range cases {
		o := sample()
		spoil(&o)
		o.Total = o.ComputeTotal()
		var ve *order.ValidationError
		require.ErrorAs(t, o.Validate(), &ve, field)
		assert.Equal(t, field, ve.Field)
	}
}

func TestLifeCycle(t *testing.T) {
	o := sample()
	require.NoError(t, o.Transition(order.StatusPaid, t0.Add(time.Minute)))
	require.NoError(t, o.Transition(order.StatusShipped, t0.Add(time.Hour)))
	err := o.Transition(order.StatusCancelled, t0.Add(2*time.Hour))
	require.True(t, errors.Is(err, order.ErrInvalidTransition))
	var te *order.TransitionError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, order.StatusShipped, te.From)
	require.NoError(t, o.Transition(order.StatusDelivered, t0.Add(48*time.Hour)))
	require.NoError(t, o.Transition(order.StatusPartiallyRefunded, t0.Add(72*time.Hour)))
	require.NoError(t, o.Transition(order.StatusRefunded, t0.Add(96*time.Hour)))
	assert.True(t, order.StatusRefunded.Terminal())
	assert.True(t, o.DeliveredAt.Equal(t0.Add(48*time.Hour)))
	assert.True(t, o.PaidAt.Equal(t0.Add(time.Minute)))

	// Every pair of statuses: allowed exactly where the table says.
	allowed := map[[2]order.Status]bool{}
	for _, p := range [][2]order.Status{
		{"pending", "paid"}, {"pending", "cancelled"}, {"paid", "shipped"}, {"paid", "cancelled"},
		{"paid", "partially_refunded"}, {"paid", "refunded"}, {"shipped", "delivered"},
		{"shipped", "partially_refunded"}, {"shipped", "refunded"}, {"delivered", "partially_refunded"},
		{"delivered", "refunded"}, {"partially_refunded", "partially_refunded"}, {"partially_refunded", "refunded"},
	} {
		allowed[p] = true
	}
	for _, from := range order.Statuses {
		for _, to := range order.Statuses {
			assert.Equal(t, allowed[[2]order.Status{from, to}], order.CanTransition(from, to), "%s → %s", from, to)
		}
	}
}

func TestRevenueAndCounts(t *testing.T) {
	o := sample()
	assert.False(t, o.Counts(), "pending is not a sale yet")
	o.Status = order.StatusDelivered
	o.RefundedAmount = d("6.66")
	assert.True(t, o.Counts())
	assert.Equal(t, "20", o.Revenue().String())
	o.Status = order.StatusCancelled
	assert.True(t, o.Revenue().IsZero())
}

func TestReturnAgainstOrder(t *testing.T) {
	o := sample()
	r := order.Return{ID: uuid.New(), OrderID: o.ID, CustomerID: o.CustomerID, Status: order.ReturnRequested, RequestedAt: t0,
		Items: []order.ReturnItem{{ProductID: "p1", Quantity: 2, Amount: d("0.20")}}, Amount: d("0.20")}
	require.NoError(t, r.ValidateAgainst(&o, nil))

	second := r
	second.ID = uuid.New()
	var ve *order.ValidationError
	require.ErrorAs(t, second.ValidateAgainst(&o, []order.Return{r}), &ve)
	assert.Equal(t, "items[0].quantity", ve.Field, "only one p1 is left")
	rejected := r
	rejected.Status = order.ReturnRejected
	require.NoError(t, second.ValidateAgainst(&o, []order.Return{rejected}), "rejected returns give nothing back")

	wrongSum := r
	wrongSum.Amount = d("1")
	require.ErrorAs(t, wrongSum.Validate(), &ve)
	assert.Equal(t, "amount", ve.Field)

	other := r
	other.CustomerID = uuid.New()
	require.ErrorAs(t, other.ValidateAgainst(&o, nil), &ve)
	assert.Equal(t, "customer_id", ve.Field)

	greedy := r
	greedy.Items = []order.ReturnItem{{ProductID: "p2", Quantity: 1, Amount: d("30")}}
	greedy.Amount = d("30")
	require.ErrorAs(t, greedy.ValidateAgainst(&o, nil), &ve)
	assert.Equal(t, "amount", ve.Field)
}

func TestCurrencies(t *testing.T) {
	assert.True(t, order.ValidCurrency("GBP"))
	assert.False(t, order.ValidCurrency("gbp"))
	assert.False(t, order.ValidCurrency("XYZ"))
	n, ok := order.MinorUnits("JPY")
	assert.True(t, ok)
	assert.Equal(t, 0, n)
	n, _ = order.MinorUnits("KWD")
	assert.Equal(t, 3, n)
}

func TestProductValidate(t *testing.T) {
	p := order.Product{ID: "p1", Name: "Mug", Price: d("9.5"), Currency: "EUR", Active: true}
	require.NoError(t, p.Validate())
	p.Price = d("-1")
	var ve *order.ValidationError
	require.ErrorAs(t, p.Validate(), &ve)
	assert.Equal(t, "product.price", ve.Field)
}
