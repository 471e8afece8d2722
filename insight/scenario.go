package insight

import (
	"fmt"
	"math"
	"strings"
)

// ScenarioKind says what a scenario changes.
type ScenarioKind string

// The scenario kinds.
const (
	// Discount gives Segment's customers Discount off every order, which
	// raises their purchase rate by Uplift and costs CostPerCustomer each.
	Discount ScenarioKind = "discount"
	// ReduceChurn removes ChurnReduction of the chance that Segment's
	// customers leave after each purchase from now on, at CostPerCustomer
	// each. Customers who have already left (1 − P(alive)) stay gone: a
	// programme starting today cannot undo past churn.
	ReduceChurn ScenarioKind = "reduce_churn"
	// RaisePrices raises prices by PriceIncrease for Segment's customers (all
	// when empty, new customers included); purchase rates change by the
	// factor (1 + PriceIncrease)^Elasticity.
	RaisePrices ScenarioKind = "raise_prices"
)

// Scenario is one what-if question. Every number is an assumption the
// caller states; the report repeats them next to the outcome.
type Scenario struct {
	Name string       `json:"name"`
	Kind ScenarioKind `json:"kind"`
	// Segment is the RFM segment targeted (e.g. "at_risk"); empty means
	// every current customer.
	Segment string `json:"segment,omitempty"`
	// Discount is the share off the price (0.10 for 10 %).
	Discount float64 `json:"discount,omitempty"`
	// Uplift is the relative rise in the targeted customers' purchase rate
	// (0.25 for a quarter more purchases).
	Uplift float64 `json:"uplift,omitempty"`
	// CostPerCustomer is the campaign's cost per targeted customer.
	CostPerCustomer float64 `json:"cost_per_customer,omitempty"`
	// ChurnReduction is the share of churn removed (0.2 for a fifth less).
	ChurnReduction float64 `json:"churn_reduction,omitempty"`
	// PriceIncrease is the relative price rise (0.05 for 5 %); Elasticity is
	// the price elasticity of the purchase rate (e.g. −1.5).
	PriceIncrease float64 `json:"price_increase,omitempty"`
	Elasticity    float64 `json:"elasticity,omitempty"`
}

// DefaultScenarios are the three questions a report answers when the caller
// asks none: win back the at-risk customers with a discount, keep more of the
// loyal ones, and raise prices a little.
func DefaultScenarios() []Scenario {
	return []Scenario{
		{Name: "15% win-back offer to at-risk customers", Kind: Discount, Segment: "at_risk", Discount: 0.15, Uplift: 0.30, CostPerCustomer: 2},
		{Name: "Loyalty programme: 20% less churn among loyal customers", Kind: ReduceChurn, Segment: "loyal", ChurnReduction: 0.20, CostPerCustomer: 5},
		{Name: "Raise prices 5% (elasticity -1.2)", Kind: RaisePrices, PriceIncrease: 0.05, Elasticity: -1.2},
	}
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func (s Scenario) validate() error {
	bad := func(field string, v float64, reason string) error {
		return &OptionsError{Field: "Scenario." + field, Value: fmt.Sprint(v), Reason: reason}
	}
	if !finite(s.Discount, s.Uplift, s.CostPerCustomer, s.ChurnReduction, s.PriceIncrease, s.Elasticity) {
		return &OptionsError{Field: "Scenario", Value: s.Name, Reason: "numbers must be finite"}
	}
	switch s.Kind {
	case Discount:
		if s.Discount < 0 || s.Discount >= 1 {
			return bad("Discount", s.Discount, "must be in [0, 1)")
		}
		if s.Uplift < -1 {
			return bad("Uplift", s.Uplift, "must be at least -1")
		}
	case ReduceChurn:
		if s.ChurnReduction < 0 || s.ChurnReduction > 1 {
			return bad("ChurnReduction", s.ChurnReduction, "must be in [0, 1]")
		}
	case RaisePrices:
		if s.PriceIncrease <= -1 {
			return bad("PriceIncrease", s.PriceIncrease, "must be above -1")
		}
	default:
		return &OptionsError{Field: "Scenario.Kind", Value: string(s.Kind), Reason: "unknown kind"}
	}
	if s.CostPerCustomer < 0 {
		return bad("CostPerCustomer", s.CostPerCustomer, "must not be negative")
	}
	return nil
}

// Assumptions states the scenario's inputs in words.
func (s Scenario) Assumptions() string {
	who := "all current customers"
	if s.Segment != "" {
		who = "customers in RFM segment " + s.Segment
	}
	var b strings.Builder
	switch s.Kind {
	case Discount:
		fmt.Fprintf(&b, "%.0f%% discount to %s; their purchase rate rises by %.0f%%", 100*s.Discount, who, 100*s.Uplift)
	case ReduceChurn:
		fmt.Fprintf(&b, "the chance that %s leave after a purchase falls by %.0f%%", who, 100*s.ChurnReduction)
	case RaisePrices:
		if s.Segment == "" {
			who += " and new customers"
		}
		fmt.Fprintf(&b, "prices rise by %.1f%% for %s; purchase rate changes by the factor (1%+.3f)^%.2f = %.3f",
			100*s.PriceIncrease, who, s.PriceIncrease, s.Elasticity, math.Pow(1+s.PriceIncrease, s.Elasticity))
	}
	if s.CostPerCustomer > 0 {
		fmt.Fprintf(&b, "; costs %.2f per targeted customer", s.CostPerCustomer)
	}
	return b.String()
}
