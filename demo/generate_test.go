package demo

import (
	"encoding/json"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func marshal(t *testing.T, s *Shop) []byte {
	t.Helper()
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return b
}

func TestGenerateIsDeterministic(t *testing.T) {
	opts := &Options{Seed: 7, Customers: 300, Products: 60}
	a, err := Generate(opts)
	require.NoError(t, err)
	prev := runtime.GOMAXPROCS(1)
	b, err := Generate(opts)
	runtime.GOMAXPROCS(prev)
	require.NoError(t, err)
	assert.Equal(t, string(marshal(t, a)), string(marshal(t, b)), "same seed, different output (one run on one CPU)")

	c, err := Generate(&Options{Seed: 8, Customers: 300, Products: 60})
	require.NoError(t, err)
	assert.NotEqual(t, a.Customers[0].ID, c.Customers[0].ID, "another seed gives another shop")
}

func TestNoEventsKeepsOrders(t *testing.T) {
	full, err := Generate(&Options{Seed: 3, Customers: 200})
	require.NoError(t, err)
	bare, err := Generate(&Options{Seed: 3, Customers: 200, NoEvents: true})
	require.NoError(t, err)
	assert.Empty(t, bare.Events)
	assert.NotEmpty(t, full.Events)
	require.Equal(t, len(full.Orders), len(bare.Orders))
	for i := range full.Orders {
		require.Equal(t, full.Orders[i].ID, bare.Orders[i].ID)
		require.True(t, full.Orders[i].Total.Equal(bare.Orders[i].Total))
	}
	assert.Equal(t, len(full.Returns), len(bare.Returns))
}

func TestOptionsErrors(t *testing.T) {
	for _, tc := range []struct {
		field string
		opts  Options
	}{
		{"Customers", Options{Customers: -1}},
		{"Products", Options{Products: 5}},
		{"Start", Options{Start: DefaultEnd.AddDate(0, -2, 0)}},
		{"Currency", Options{Currency: "JPY"}},
		{"Currency", Options{Currency: "XXX"}},
		{"AbuserShare", Options{AbuserShare: 0.9}},
		{"Types", Options{Types: map[CustomerType]TypeParams{}}},
		{"Types[loyal].RateMean", Options{Types: map[CustomerType]TypeParams{Loyal: {Share: 1, RateShape: 1, DropoutA: 1, DropoutB: 1, JoinTo: 1}}}},
		{"Types[churned].JoinTo", Options{Types: map[CustomerType]TypeParams{Churned: {Share: 1, RateShape: 1, RateMean: 1, DropoutA: 1, DropoutB: 1, JoinFrom: 0.5, JoinTo: 0.2}}}},
	} {
		_, err := Generate(&tc.opts)
		require.ErrorIs(t, err, ErrInvalidOptions, tc.field)
		var oe *OptionsError
		require.ErrorAs(t, err, &oe)
		assert.Equal(t, tc.field, oe.Field)
	}
}

func TestDefaults(t *testing.T) {
	s := shop(t)
	assert.Len(t, s.Customers, DefaultCustomers)
	assert.Len(t, s.Products, DefaultProducts)
	assert.Equal(t, DefaultEnd, s.End)
	assert.Equal(t, DefaultEnd.AddDate(-2, 0, 0), s.Start)
	assert.Equal(t, "EUR", s.Currency)
	assert.Equal(t, 15, len(s.Truth.Abusers))
	assert.Equal(t, 5, len(s.Truth.Duplicates))
	// The figures the package documentation quotes.
	assert.InDelta(t, 5600, len(s.Orders), 800)
	assert.Greater(t, len(s.Events), 100_000)
}

func TestRecordsAreValid(t *testing.T) {
	s := shop(t)
	inPeriod := func(what string, at time.Time) {
		t.Helper()
		if at.Before(s.Start) || !at.Before(s.End) {
			t.Fatalf("%s at %v outside [%v, %v)", what, at, s.Start, s.End)
		}
	}
	products := map[string]order.Product{}
	for _, p := range s.Products {
		require.NoError(t, p.Validate())
		products[p.ID] = p
	}
	require.Len(t, products, len(s.Products), "product IDs repeat")

	emails, externals := map[string]bool{}, map[string]bool{}
	for i, c := range s.Customers {
		require.NoError(t, c.Validate(), c.ExternalID)
		n := c.Clone()
		n.Normalize()
		require.Equal(t, c, n, "profiles come normalised")
		if c.Email != "" {
			require.False(t, emails[customer.EmailKey(c.Email)], "e-mail key %s repeats", c.Email)
			emails[customer.EmailKey(c.Email)] = true
		}
		require.False(t, externals[c.ExternalID])
		externals[c.ExternalID] = true
		inPeriod("customer "+c.ExternalID, c.CreatedAt)
		require.False(t, c.UpdatedAt.Before(c.CreatedAt))
		for _, k := range c.Consents {
			inPeriod("consent", k.At)
		}
		if i > 0 {
			require.False(t, c.CreatedAt.Before(s.Customers[i-1].CreatedAt), "customers sorted by CreatedAt")
		}
		_, known := s.Truth.Customers[c.ID]
		require.True(t, known, "every customer has its truth")
	}

	numbers := map[string]bool{}
	for i := range s.Orders {
		o := &s.Orders[i]
		require.NoError(t, o.Validate(), o.Number)
		require.False(t, numbers[o.Number])
		numbers[o.Number] = true
		inPeriod("order "+o.Number, o.PlacedAt)
		inPeriod("order update", o.UpdatedAt)
		for _, l := range o.Lines {
			p, ok := products[l.ProductID]
			require.True(t, ok)
			require.True(t, p.Price.Equal(l.UnitPrice))
			require.Equal(t, p.Category, l.Category)
		}
		// Stamps follow the life cycle.
		switch o.Status {
		case order.StatusPending:
			require.True(t, o.PaidAt.IsZero())
		case order.StatusDelivered, order.StatusRefunded, order.StatusPartiallyRefunded:
			require.True(t, o.PlacedAt.Before(o.PaidAt) && o.PaidAt.Before(o.ShippedAt) && o.ShippedAt.Before(o.DeliveredAt), o.Number)
		case order.StatusCancelled:
			require.True(t, o.CancelledAt.After(o.PlacedAt))
		}
		if i > 0 {
			require.False(t, o.PlacedAt.Before(s.Orders[i-1].PlacedAt), "orders sorted")
		}
	}

	byID := ordersByID(s)
	earlier := map[[16]byte][]order.Return{}
	refunded := map[[16]byte]string{}
	for _, r := range s.Returns {
		o, ok := byID[r.OrderID]
		require.True(t, ok)
		require.NoError(t, r.ValidateAgainst(o, earlier[r.OrderID]))
		earlier[r.OrderID] = append(earlier[r.OrderID], r)
		inPeriod("return", r.RequestedAt)
		require.True(t, r.RequestedAt.After(o.DeliveredAt))
		if r.Status == order.ReturnRefunded {
			refunded[r.OrderID] = r.Amount.String()
			inPeriod("refund", r.ResolvedAt)
		}
	}
	for _, o := range s.Orders {
		switch o.Status {
		case order.StatusRefunded, order.StatusPartiallyRefunded:
			require.Equal(t, refunded[o.ID], o.RefundedAmount.String(), o.Number)
		case order.StatusCancelled:
		default:
			require.True(t, o.RefundedAmount.IsZero(), o.Number)
		}
	}

	for i := range s.Events {
		e := &s.Events[i]
		require.NoError(t, e.Validate())
		inPeriod("event", e.At)
		if e.ProductID != "" {
			_, ok := products[e.ProductID]
			require.True(t, ok, e.ProductID)
		}
		if e.OrderID != [16]byte{} {
			require.Equal(t, e.CustomerID, byID[e.OrderID].CustomerID)
		}
	}
}

func TestGenerateScales(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 20,000 customers")
	}
	s, err := Generate(&Options{Seed: 1, Customers: 20_000, NoEvents: true})
	require.NoError(t, err)
	// About 5.85 orders per customer: the figure Options.Customers quotes.
	perCustomer := float64(len(s.Orders)) / 20_000
	assert.InDelta(t, 5.85, perCustomer, 0.3)
	assert.Equal(t, 300, len(s.Truth.Abusers))
}

func TestErrorsAreTyped(t *testing.T) {
	_, err := Generate(&Options{Customers: -5})
	assert.True(t, errors.Is(err, ErrInvalidOptions))
	assert.Contains(t, err.Error(), "Customers")
}

func TestStationaryHasNoSeasons(t *testing.T) {
	s, err := Generate(&Options{Seed: 4, Customers: 400, Stationary: true, NoEvents: true})
	require.NoError(t, err)
	assert.Equal(t, 1.0, s.Truth.Season.Factor(time.Date(2025, 12, 7, 12, 0, 0, 0, time.UTC)))
	assert.Equal(t, 1.0, s.Truth.Season.Growth)
}

func TestCustomTypes(t *testing.T) {
	loyal := DefaultTypeParams()[Loyal]
	s, err := Generate(&Options{Seed: 4, Customers: 300, NoEvents: true, DuplicateShare: -1,
		Types: map[CustomerType]TypeParams{Loyal: loyal}})
	require.NoError(t, err)
	for _, l := range s.Truth.Customers {
		require.Equal(t, Loyal, l.Type)
	}
	assert.Equal(t, 5, len(s.Truth.Abusers))
	assert.Zero(t, s.Truth.Types[New].Share)
}

func TestSmallAndShortShops(t *testing.T) {
	for _, opts := range []Options{
		{Customers: 1, Products: 8},
		{Customers: 2, Products: 9, AbuserShare: 0.5, DuplicateShare: 0.5},
		{Customers: 30, Start: DefaultEnd.AddDate(0, 0, -180)},
		{Customers: 50, Seed: 99, AnonymousSessions: -1},
	} {
		s, err := Generate(&opts)
		require.NoError(t, err, "%+v", opts)
		require.Len(t, s.Customers, opts.Customers)
		for _, c := range s.Customers {
			require.NoError(t, c.Validate())
			require.False(t, c.CreatedAt.Before(s.Start))
		}
		for i := range s.Orders {
			require.NoError(t, s.Orders[i].Validate())
			require.False(t, s.Orders[i].PlacedAt.Before(s.Start))
		}
		for i := range s.Events {
			require.NoError(t, s.Events[i].Validate())
		}
	}
}
