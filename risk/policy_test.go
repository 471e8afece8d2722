package risk

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultPolicyValid(t *testing.T) {
	require.NoError(t, DefaultPolicy().Validate())
}

func TestPolicyValidationNamesField(t *testing.T) {
	cases := []struct {
		field string
		value string
		edit  func(*Policy)
	}{
		{"window.default_days", "0", func(p *Policy) { p.Window.DefaultDays = 0 }},
		{"window.categories[shoes]", "-3", func(p *Policy) { p.Window.Categories["shoes"] = -3 }},
		{"window.weight", "-1", func(p *Policy) { p.Window.Weight = -1 }},
		{"anomaly.weight", "NaN", func(p *Policy) { p.Anomaly.Weight = math.NaN() }},
		{"return_rate.last_orders", "0", func(p *Policy) { p.ReturnRate.LastOrders = 0 }},
		{"return_rate.min_orders", "11", func(p *Policy) { p.ReturnRate.MinOrders = 11 }},
		{"return_rate.max", "1", func(p *Policy) { p.ReturnRate.Max = 1 }},
		{"return_rate.max", "-0.1", func(p *Policy) { p.ReturnRate.Max = -0.1 }},
		{"refund_share.max", "0", func(p *Policy) { p.RefundShare.Max = 0 }},
		{"refund_share.days", "0", func(p *Policy) { p.RefundShare.Days = 0 }},
		{"velocity.max_requests", "0", func(p *Policy) { p.Velocity.MaxRequests = 0 }},
		{"high_value.amount", "0", func(p *Policy) { p.HighValue.Amount = decimal.Zero }},
		{"first_order.new_account_days", "-1", func(p *Policy) { p.FirstOrder.NewAccountDays = -1 }},
		{"rated_well.min_rating", "6", func(p *Policy) { p.RatedWell.MinRating = 6 }},
		{"anomaly.to", "3", func(p *Policy) { p.Anomaly.To = 3 }},
		{"review_at", "0", func(p *Policy) { p.ReviewAt = 0 }},
		{"deny_at", "30", func(p *Policy) { p.DenyAt = 30 }},
	}
	for _, c := range cases {
		t.Run(c.field, func(t *testing.T) {
			p := DefaultPolicy()
			c.edit(p)
			err := p.Validate()
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrInvalidPolicy))
			var pe *PolicyError
			require.True(t, errors.As(err, &pe))
			assert.Equal(t, c.field, pe.Field)
			assert.Equal(t, c.value, pe.Value)
			assert.Contains(t, err.Error(), c.field)
		})
	}
	var nilPolicy *Policy
	assert.ErrorIs(t, nilPolicy.Validate(), ErrInvalidPolicy)
}

func TestPolicyJSONRoundTrip(t *testing.T) {
	b, err := json.Marshal(DefaultPolicy())
	require.NoError(t, err)
	var p Policy
	require.NoError(t, json.Unmarshal(b, &p))
	require.NoError(t, p.Validate())
	assert.True(t, p.HighValue.Amount.Equal(decimal.NewFromInt(250)))
	p.HighValue.Amount = DefaultPolicy().HighValue.Amount
	assert.Equal(t, *DefaultPolicy(), p)
	assert.Contains(t, string(b), `"window":{"default_days":30,"categories":{"fashion":60,"shoes":60},"weight":80}`)
}

func TestNewCheckerRejectsInvalidPolicy(t *testing.T) {
	p := DefaultPolicy()
	p.Velocity.Days = 0
	_, err := NewChecker(p, nil)
	var pe *PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "velocity.days", pe.Field)
}
