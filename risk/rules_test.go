package risk

import (
	"math"
	"testing"

	"github.com/crmkit/crmkit/order"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWindowPerCategory(t *testing.T) {
	// Delivered on day 3; asked on day 48: 45 days after delivery.
	tv := delivered(1, 0, 120, "electronics")
	reason, ok := only(windowRule, Request{Return: request(1, tv, 48, 120, false), Order: tv}, History{Orders: []order.Order{tv}}, nil)
	require.True(t, ok)
	assert.Equal(t, "request 45 days after delivery; window is 30", reason.Text)
	assert.Equal(t, 80.0, reason.Points)
	assert.Equal(t, map[string]float64{"days_after_delivery": 45, "window_days": 30}, reason.Evidence)

	// Fashion has 60 days: 45 is inside, 61.5 is not.
	shirt := delivered(2, 0, 40, "fashion")
	_, ok = only(windowRule, Request{Return: request(2, shirt, 48, 40, false), Order: shirt}, History{}, nil)
	assert.False(t, ok)
	reason, ok = only(windowRule, Request{Return: request(2, shirt, 64.5, 40, false), Order: shirt}, History{}, nil)
	require.True(t, ok)
	assert.Equal(t, "request 61.5 days after delivery; window is 60 for fashion", reason.Text)

	// Exactly at the window's end is still inside.
	_, ok = only(windowRule, Request{Return: request(1, tv, 33, 120, false), Order: tv}, History{}, nil)
	assert.False(t, ok)

	// A mixed return gets the longest window of its items.
	mixed := tv
	mixed.Lines = append([]order.Line{}, tv.Lines[0], shirt.Lines[0])
	r := request(3, mixed, 48, 120, false)
	r.Items = append(r.Items, order.ReturnItem{ProductID: "P-fashion", Quantity: 1, Amount: decimal.NewFromInt(40)})
	_, ok = only(windowRule, Request{Return: r, Order: mixed}, History{}, nil)
	assert.False(t, ok)

	// Not delivered yet (a lost parcel): no window applies.
	lost := tv
	lost.DeliveredAt = at(60)
	_, ok = only(windowRule, Request{Return: request(1, lost, 48, 120, true), Order: lost}, History{}, nil)
	assert.False(t, ok)

	// Outside the window alone denies under the default policy.
	d := Evaluate(Request{Return: request(1, tv, 48, 120, false), Order: tv}, History{Orders: []order.Order{tv}}, nil, nil)
	assert.Equal(t, Deny, d.Outcome)
	assert.True(t, d.Has(RuleWindow))
}

func TestVelocity(t *testing.T) {
	var h History
	for i := range 4 {
		h.Orders = append(h.Orders, delivered(i, float64(i), 50, "books"))
	}
	// Requests on days 10, 20, 30 and now day 38: window is days 8–38.
	for i, day := range []float64{10, 20, 30} {
		h.Returns = append(h.Returns, request(i, h.Orders[i], day, 50, false))
	}
	req := Request{Return: request(3, h.Orders[3], 38, 50, false), Order: h.Orders[3]}
	reason, ok := only(velocityRule, req, h, nil)
	require.True(t, ok)
	assert.Equal(t, "4 return requests in the last 30 days, this one included; limit is 3", reason.Text)
	assert.Equal(t, 4.0, reason.Evidence["requests"])

	// On day 41 the first request (day 10) has left the window: 3 requests.
	req.Return.RequestedAt = at(41)
	_, ok = only(velocityRule, req, h, nil)
	assert.False(t, ok)
}

func TestReturnRate(t *testing.T) {
	var h History
	for i := range 6 {
		h.Orders = append(h.Orders, delivered(i, float64(10*i), 50, "shoes"))
	}
	// Returns on orders 1 and 3; now a request on order 5. The last 5
	// delivered orders are 1..5, of which 1, 3 and 5 are returned.
	h.Returns = []order.Return{request(1, h.Orders[1], 15, 50, false), request(3, h.Orders[3], 35, 50, false)}
	req := Request{Return: request(5, h.Orders[5], 60, 50, false), Order: h.Orders[5]}
	reason, ok := only(returnRateRule, req, h, func(p *Policy) { p.ReturnRate.LastOrders = 5 })
	require.True(t, ok)
	assert.Equal(t, "3 of the last 5 delivered orders returned; limit is 50 %", reason.Text)
	assert.Equal(t, 0.6, reason.Evidence["share"])

	// Over the last 6 orders it is 3 of 6 = 50 %: not above the limit.
	_, ok = only(returnRateRule, req, h, func(p *Policy) { p.ReturnRate.LastOrders = 6 })
	assert.False(t, ok)

	// With three delivered orders the rule does not judge (MinOrders 4).
	short := History{Orders: h.Orders[3:], Returns: h.Returns[1:]}
	_, ok = only(returnRateRule, req, short, nil)
	assert.False(t, ok)

	// An order delivered after the request does not count yet.
	late := History{Orders: append(append([]order.Order{}, h.Orders...), delivered(9, 58, 50, "shoes")), Returns: h.Returns}
	reason, ok = only(returnRateRule, req, late, func(p *Policy) { p.ReturnRate.LastOrders = 5 })
	require.True(t, ok)
	assert.Equal(t, 5.0, reason.Evidence["orders"])
}

func TestRefundShare(t *testing.T) {
	var h History
	for i := range 4 {
		h.Orders = append(h.Orders, delivered(i, float64(30*i), 100, "home"))
	}
	old := delivered(9, -400, 1000, "home") // outside the year: neither spend nor refund
	h.Orders = append(h.Orders, old)
	h.Returns = []order.Return{
		resolved(request(0, h.Orders[0], 10, 100, false), order.ReturnRefunded, 12),
		resolved(request(1, h.Orders[1], 40, 50, false), order.ReturnRejected, 42), // rejected: not counted
		resolved(request(9, old, -390, 1000, false), order.ReturnRefunded, -388),
	}
	// 100 + 80 asked of 400 spent = 45 %.
	req := Request{Return: request(3, h.Orders[3], 100, 80, false), Order: h.Orders[3]}
	reason, ok := only(refundShareRule, req, h, nil)
	require.True(t, ok)
	assert.Equal(t, "refunds asked in the last 365 days, this one included, are 45 % of spend (180 of 400); limit is 40 %", reason.Text)
	assert.Equal(t, map[string]float64{"asked": 180, "spend": 400, "share": 0.45, "max_share": 0.4, "days": 365}, reason.Evidence)

	// A rejection decided after the request was still pending then: it counts.
	h.Returns[1] = resolved(request(1, h.Orders[1], 40, 50, false), order.ReturnRejected, 120)
	reason, ok = only(refundShareRule, req, h, nil)
	require.True(t, ok)
	assert.Equal(t, 230.0, reason.Evidence["asked"])

	// 60 asked instead of 80 with the rejection settled: 160/400 = 40 %, at the limit.
	h.Returns[1] = resolved(request(1, h.Orders[1], 40, 50, false), order.ReturnRejected, 42)
	req.Return = request(3, h.Orders[3], 100, 60, false)
	_, ok = only(refundShareRule, req, h, nil)
	assert.False(t, ok)
}

func TestFirstOrder(t *testing.T) {
	first := delivered(1, 0, 60, "toys")
	req := Request{Return: request(1, first, 6, 60, false), Order: first}
	h := History{Orders: []order.Order{first}, AccountCreated: at(-0.5)}
	reason, ok := only(firstOrderRule, req, h, nil)
	require.True(t, ok)
	assert.Equal(t, "first order of the customer; account 6.5 days old; new below 7", reason.Text)
	assert.Equal(t, 15.0, reason.Points)

	// An account of a year with an earlier order: nothing.
	h = History{Orders: []order.Order{delivered(0, -100, 30, "toys"), first}, AccountCreated: at(-365)}
	_, ok = only(firstOrderRule, req, h, nil)
	assert.False(t, ok)

	// A cancelled earlier order does not count as a purchase.
	cancelled := delivered(0, -100, 30, "toys")
	cancelled.Status, cancelled.PaidAt, cancelled.CancelledAt = order.StatusCancelled, at(-100), at(-99.9)
	cancelled.ShippedAt, cancelled.DeliveredAt = at(-99), at(-99)
	h.Orders[0] = cancelled
	reason, ok = only(firstOrderRule, req, h, nil)
	require.True(t, ok)
	assert.Equal(t, "first order of the customer", reason.Text)
}

func TestHighValue(t *testing.T) {
	o := delivered(1, 0, 400, "electronics")
	reason, ok := only(highValueRule, Request{Return: request(1, o, 5, 250, false), Order: o}, History{}, nil)
	require.True(t, ok)
	assert.Equal(t, "asks 250.00 back; high value from 250.00", reason.Text)
	r := request(1, o, 5, 0, false)
	r.Amount = decimal.RequireFromString("249.99")
	_, ok = only(highValueRule, Request{Return: r, Order: o}, History{}, nil)
	assert.False(t, ok)
}

func TestRefundOnlyClaims(t *testing.T) {
	var h History
	for i := range 4 {
		h.Orders = append(h.Orders, delivered(i, float64(20*i), 70, "sports"))
	}
	h.Returns = []order.Return{request(0, h.Orders[0], 4, 70, true), request(1, h.Orders[1], 24, 70, true), request(2, h.Orders[2], 44, 70, false)}
	r := request(3, h.Orders[3], 64, 70, true)
	r.Reason = "item never arrived"
	req := Request{Return: r, Order: h.Orders[3]}
	reason, ok := only(refundOnlyRule, req, h, nil)
	require.True(t, ok)
	assert.Equal(t, `refund without goods sent back ("item never arrived")`, reason.Text)
	reason, ok = only(repeatClaimRule, req, h, nil)
	require.True(t, ok)
	assert.Equal(t, "2 earlier refund-only requests in the last 365 days; 2 or more count as repeated", reason.Text)
	assert.Equal(t, 35.0, reason.Points)

	// A request with goods back: neither rule.
	req.Return.RefundOnly = false
	_, ok = only(refundOnlyRule, req, h, nil)
	assert.False(t, ok)
	_, ok = only(repeatClaimRule, req, h, nil)
	assert.False(t, ok)
}

func TestRatedWell(t *testing.T) {
	o := delivered(1, 0, 90, "beauty")
	h := History{Orders: []order.Order{o}, Reviews: []Rating{
		{ProductID: "P-beauty", OrderID: o.ID, Stars: 5, At: at(5)},
		{ProductID: "P-other", Stars: 5, At: at(5)},
	}}
	reason, ok := only(ratedWellRule, Request{Return: request(1, o, 9, 90, false), Order: o}, h, nil)
	require.True(t, ok)
	assert.Equal(t, "rated product P-beauty 5 stars on 2026-01-06, before asking for the money back", reason.Text)
	// A review written after the request does not count.
	_, ok = only(ratedWellRule, Request{Return: request(1, o, 4, 90, false), Order: o}, h, nil)
	assert.False(t, ok)
}

func TestEvaluateNoLookAhead(t *testing.T) {
	var past History
	for i := range 5 {
		past.Orders = append(past.Orders, delivered(i, float64(20*i), 80, "fashion"))
	}
	past.Returns = []order.Return{request(0, past.Orders[0], 5, 80, true), request(1, past.Orders[1], 25, 80, true)}
	req := Request{Return: request(4, past.Orders[4], 84, 80, true), Order: past.Orders[4]}
	want := Evaluate(req, past, nil, nil)

	// The same history seen later: more orders and returns, the request
	// itself stored and decided, the past requests refunded after it.
	later := History{Orders: append([]order.Order{}, past.Orders...)}
	for i := 5; i < 9; i++ {
		later.Orders = append(later.Orders, delivered(i, float64(20*i), 80, "fashion"))
		later.Returns = append(later.Returns, request(i, later.Orders[i], float64(20*i+5), 80, true))
	}
	later.Returns = append(later.Returns,
		resolved(past.Returns[0], order.ReturnRefunded, 90),
		resolved(past.Returns[1], order.ReturnRefunded, 90),
		resolved(req.Return, order.ReturnRejected, 86))
	got := Evaluate(req, later, nil, nil)
	assert.Equal(t, want, got)
	assert.Equal(t, Deny, got.Outcome, "%+v", got)
}

func TestDecisionOrdering(t *testing.T) {
	d := decide([]Reason{{Rule: "b", Points: 10}, {Rule: "a", Points: 10}, {Rule: "c", Points: 30}}, DefaultPolicy())
	assert.Equal(t, []RuleID{"c", "a", "b"}, []RuleID{d.Reasons[0].Rule, d.Reasons[1].Rule, d.Reasons[2].Rule})
	assert.Equal(t, 50.0, d.Score)
	assert.Equal(t, Review, d.Outcome)
	assert.Equal(t, Approve, decide(nil, DefaultPolicy()).Outcome)
	assert.NotNil(t, decide(nil, DefaultPolicy()).Reasons)
}

func TestEvaluateDegenerateInputs(t *testing.T) {
	o := delivered(1, 0, 100, "home")
	req := Request{Return: request(1, o, 5, 100, false), Order: o}
	p := DefaultPolicy()
	p.DenyAt = -1
	d := Evaluate(req, History{}, p, nil)
	assert.Equal(t, Review, d.Outcome)
	require.Len(t, d.Reasons, 1)
	assert.Equal(t, RulePolicy, d.Reasons[0].Rule)
	assert.Contains(t, d.Reasons[0].Text, "deny_at")

	// A population read back incomplete is ignored, not trusted.
	d = Evaluate(req, History{Orders: []order.Order{o}}, nil, &Population{})
	assert.False(t, d.Has(RuleAnomaly))
	// An empty request and history decide without panicking.
	d = Evaluate(Request{}, History{}, nil, nil)
	assert.False(t, math.IsNaN(d.Score))
}
