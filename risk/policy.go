package risk

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/shopspring/decimal"
)

// Policy is a shop's refund and return policy as data: the rules' limits and
// weights and the score thresholds that turn a score into an outcome. It
// marshals to and from JSON, so a shop can keep it in a file; Validate checks
// one read from outside. Money amounts are in the shop's currency.
//
// Every rule adds its Weight (points) to the score when it fires; the
// anomaly rule adds up to its Weight in proportion to how unusual the
// customer is. A weight of 0 switches a rule off. A negative score is not
// possible: weights are non-negative.
type Policy struct {
	Window      WindowRule      `json:"window"`
	ReturnRate  ReturnRateRule  `json:"return_rate"`
	RefundShare RefundShareRule `json:"refund_share"`
	Velocity    VelocityRule    `json:"velocity"`
	HighValue   HighValueRule   `json:"high_value"`
	FirstOrder  FirstOrderRule  `json:"first_order"`
	RefundOnly  RefundOnlyRule  `json:"refund_only"`
	RatedWell   RatedWellRule   `json:"rated_well"`
	Anomaly     AnomalyRule     `json:"anomaly"`
	// ReviewAt is the score from which a request goes to a person.
	ReviewAt float64 `json:"review_at"`
	// DenyAt is the score from which a request is denied; it is at least ReviewAt.
	DenyAt float64 `json:"deny_at"`
}

// WindowRule limits how long after delivery goods may be sent back. The
// window of a request is the longest window among the categories of its
// items (a customer returning a shirt and a cable together gets the
// shirt's window for both; the stricter reading would deny legitimate
// mixed returns).
type WindowRule struct {
	// DefaultDays is the window of categories not in Categories.
	DefaultDays int `json:"default_days"`
	// Categories maps a category (order.Line.Category) to its window in days.
	Categories map[string]int `json:"categories,omitempty"`
	Weight     float64        `json:"weight"`
}

// Days returns the window of a category.
func (w *WindowRule) Days(category string) int {
	if d, ok := w.Categories[category]; ok {
		return d
	}
	return w.DefaultDays
}

// ReturnRateRule limits the share of the customer's last orders that had a
// return request, this request's order included.
type ReturnRateRule struct {
	// LastOrders is how many of the latest delivered orders are looked at.
	LastOrders int `json:"last_orders"`
	// MinOrders is the fewest delivered orders for the rule to judge.
	MinOrders int `json:"min_orders"`
	// Max is the share of returned orders above which the rule fires.
	Max    float64 `json:"max"`
	Weight float64 `json:"weight"`
}

// RefundShareRule limits the money asked back relative to the money spent
// over a look-back period, this request included.
type RefundShareRule struct {
	Days int `json:"days"`
	// MinOrders is the fewest orders in the period for the rule to judge.
	MinOrders int `json:"min_orders"`
	// Max is the share of spend above which the rule fires.
	Max    float64 `json:"max"`
	Weight float64 `json:"weight"`
}

// VelocityRule limits how many requests a customer makes in a span of days,
// this one included.
type VelocityRule struct {
	Days int `json:"days"`
	// MaxRequests is the most requests allowed in Days; one more fires the rule.
	MaxRequests int     `json:"max_requests"`
	Weight      float64 `json:"weight"`
}

// HighValueRule marks requests asking for a large amount.
type HighValueRule struct {
	// Amount is the smallest amount that counts as high value.
	Amount decimal.Decimal `json:"amount"`
	Weight float64         `json:"weight"`
}

// FirstOrderRule marks requests on a customer's first order or from a young
// account, where there is no history to vouch for the customer.
type FirstOrderRule struct {
	// NewAccountDays: an account younger than this at the request also fires
	// the rule (0 checks the first order only).
	NewAccountDays int     `json:"new_account_days"`
	Weight         float64 `json:"weight"`
}

// RefundOnlyRule marks refunds without goods coming back, and customers who
// make such claims repeatedly.
type RefundOnlyRule struct {
	// Weight is added for any refund-only request.
	Weight float64 `json:"weight"`
	// RepeatCount earlier refund-only requests within RepeatDays add
	// RepeatWeight as well.
	RepeatCount  int     `json:"repeat_count"`
	RepeatDays   int     `json:"repeat_days"`
	RepeatWeight float64 `json:"repeat_weight"`
}

// RatedWellRule marks requests for a product the customer rated highly
// before asking for the money back.
type RatedWellRule struct {
	MinRating int     `json:"min_rating"`
	Weight    float64 `json:"weight"`
}

// AnomalyRule turns the population model's anomaly index (see Population)
// into points: nothing up to From, the full Weight from To, linear between.
type AnomalyRule struct {
	From   float64 `json:"from"`
	To     float64 `json:"to"`
	Weight float64 `json:"weight"`
}

// DefaultPolicy returns the documented default policy. The numbers are
// chosen so that no single soft signal reaches review, two strong ones do,
// and an expired window alone denies.
func DefaultPolicy() *Policy {
	return &Policy{
		Window: WindowRule{
			// 30 days is a common shop policy and twice the 14-day EU
			// withdrawal period that is the legal minimum for distance sales;
			// apparel gets 60 because trying on and exchanging sizes takes longer.
			DefaultDays: 30,
			Categories:  map[string]int{"fashion": 60, "shoes": 60},
			// Outside the window the request is not eligible: the weight equals DenyAt.
			Weight: 80,
		},
		ReturnRate: ReturnRateRule{
			// Ten orders are enough to tell a habit from bad luck; below four
			// a single return already reads as 25 %+ and says nothing.
			LastOrders: 10, MinOrders: 4,
			// Typical shops see 10–30 % of orders with a return (fashion-heavy
			// customers at the top); more than half is rare without abuse.
			Max: 0.5, Weight: 30,
		},
		RefundShare: RefundShareRule{
			// A year covers seasonal buying. Keeping less than 60 % of what
			// one paid is far beyond honest return rates.
			Days: 365, MinOrders: 3, Max: 0.4, Weight: 30,
		},
		Velocity: VelocityRule{
			// More than three requests in a month is a burst worth a look
			// even from a customer who buys a lot.
			Days: 30, MaxRequests: 3, Weight: 30,
		},
		HighValue: HighValueRule{
			// About the price of an upper-range electronics item: large
			// refunds are where abuse costs most, so they add a little weight.
			Amount: decimal.NewFromInt(250), Weight: 15,
		},
		FirstOrder: FirstOrderRule{
			// No record to vouch for the customer; a week-old account is as new.
			NewAccountDays: 7, Weight: 15,
		},
		RefundOnly: RefundOnlyRule{
			// A refund without goods back cannot be inspected; honest claims
			// (lost parcels) are a few percent of requests, so one is a mild
			// signal and a third within a year a strong one.
			Weight: 15, RepeatCount: 2, RepeatDays: 365, RepeatWeight: 35,
		},
		RatedWell: RatedWellRule{
			// Four or five stars before asking for the money back suggests
			// the item was fine.
			MinRating: 4, Weight: 15,
		},
		Anomaly: AnomalyRule{
			// 3.5 is the outlier cut-off for modified z-scores recommended
			// by Iglewicz and Hoaglin (1993); at twice that the customer is
			// an outlier beyond doubt.
			From: 3.5, To: 7, Weight: 45,
		},
		ReviewAt: 40,
		DenyAt:   80,
	}
}

// ErrInvalidPolicy is matched by every *PolicyError.
var ErrInvalidPolicy = errors.New("risk: invalid policy")

// PolicyError reports a policy field with a value it may not have.
type PolicyError struct {
	Field  string // JSON path of the field, e.g. "window.categories[shoes]"
	Value  string
	Reason string
}

// Error describes the fault.
func (e *PolicyError) Error() string {
	return fmt.Sprintf("risk: policy field %s = %s: %s", e.Field, e.Value, e.Reason)
}

// Is makes errors.Is(err, ErrInvalidPolicy) true.
func (e *PolicyError) Is(target error) bool { return target == ErrInvalidPolicy }

// Validate checks the policy and returns the first fault as a *PolicyError.
func (p *Policy) Validate() error {
	if p == nil {
		return &PolicyError{Field: "policy", Value: "nil", Reason: "required"}
	}
	weights := []struct {
		field string
		v     float64
	}{
		{"window.weight", p.Window.Weight},
		{"return_rate.weight", p.ReturnRate.Weight},
		{"refund_share.weight", p.RefundShare.Weight},
		{"velocity.weight", p.Velocity.Weight},
		{"high_value.weight", p.HighValue.Weight},
		{"first_order.weight", p.FirstOrder.Weight},
		{"refund_only.weight", p.RefundOnly.Weight},
		{"refund_only.repeat_weight", p.RefundOnly.RepeatWeight},
		{"rated_well.weight", p.RatedWell.Weight},
		{"anomaly.weight", p.Anomaly.Weight},
		{"anomaly.from", p.Anomaly.From},
		{"anomaly.to", p.Anomaly.To},
		{"review_at", p.ReviewAt},
		{"deny_at", p.DenyAt},
	}
	for _, w := range weights {
		if math.IsNaN(w.v) || math.IsInf(w.v, 0) || w.v < 0 {
			return bad(w.field, fmt.Sprint(w.v), "must be a finite number ≥ 0")
		}
	}
	if p.Window.DefaultDays <= 0 {
		return bad("window.default_days", fmt.Sprint(p.Window.DefaultDays), "must be positive")
	}
	cats := make([]string, 0, len(p.Window.Categories))
	for c := range p.Window.Categories {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		if d := p.Window.Categories[c]; d <= 0 {
			return bad("window.categories["+c+"]", fmt.Sprint(d), "must be positive")
		}
	}
	ints := []struct {
		field string
		v     int
	}{
		{"return_rate.last_orders", p.ReturnRate.LastOrders},
		{"return_rate.min_orders", p.ReturnRate.MinOrders},
		{"refund_share.days", p.RefundShare.Days},
		{"refund_share.min_orders", p.RefundShare.MinOrders},
		{"velocity.days", p.Velocity.Days},
		{"velocity.max_requests", p.Velocity.MaxRequests},
		{"refund_only.repeat_count", p.RefundOnly.RepeatCount},
		{"refund_only.repeat_days", p.RefundOnly.RepeatDays},
	}
	for _, f := range ints {
		if f.v < 1 {
			return bad(f.field, fmt.Sprint(f.v), "must be at least 1")
		}
	}
	switch {
	case p.ReturnRate.MinOrders > p.ReturnRate.LastOrders:
		return bad("return_rate.min_orders", fmt.Sprint(p.ReturnRate.MinOrders), fmt.Sprintf("exceeds last_orders (%d)", p.ReturnRate.LastOrders))
	case p.ReturnRate.Max >= 1:
		return bad("return_rate.max", fmt.Sprint(p.ReturnRate.Max), "must be below 1")
	case !(p.ReturnRate.Max >= 0):
		return bad("return_rate.max", fmt.Sprint(p.ReturnRate.Max), "must be a share in [0, 1)")
	case !(p.RefundShare.Max > 0) || p.RefundShare.Max > 1 || math.IsInf(p.RefundShare.Max, 0):
		return bad("refund_share.max", fmt.Sprint(p.RefundShare.Max), "must be a share in (0, 1]")
	case p.FirstOrder.NewAccountDays < 0:
		return bad("first_order.new_account_days", fmt.Sprint(p.FirstOrder.NewAccountDays), "must not be negative")
	case p.HighValue.Amount.Sign() <= 0:
		return bad("high_value.amount", p.HighValue.Amount.String(), "must be positive")
	case p.RatedWell.MinRating < 1 || p.RatedWell.MinRating > 5:
		return bad("rated_well.min_rating", fmt.Sprint(p.RatedWell.MinRating), "must be a rating 1–5")
	case p.Anomaly.To <= p.Anomaly.From:
		return bad("anomaly.to", fmt.Sprint(p.Anomaly.To), fmt.Sprintf("must exceed anomaly.from (%v)", p.Anomaly.From))
	case p.ReviewAt <= 0:
		return bad("review_at", fmt.Sprint(p.ReviewAt), "must be positive")
	case p.DenyAt < p.ReviewAt:
		return bad("deny_at", fmt.Sprint(p.DenyAt), fmt.Sprintf("must be at least review_at (%v)", p.ReviewAt))
	}
	return nil
}

func bad(field, value, reason string) error {
	return &PolicyError{Field: field, Value: value, Reason: reason}
}
