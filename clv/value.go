package clv

import (
	"cmp"
	"math"
	"slices"

	"github.com/google/uuid"
)

// PurchaseModel is a fitted model of how many purchases customers make:
// *BGNBD and *ParetoNBD implement it.
type PurchaseModel interface {
	// ExpectedPurchases is E[X(t)] for a new customer.
	ExpectedPurchases(t float64) (float64, error)
	// ConditionalExpectedPurchases is E[Y(t)] for a customer with history s.
	ConditionalExpectedPurchases(t float64, s Summary) (float64, error)
	// ProbabilityAlive is the probability that the customer is still active.
	ProbabilityAlive(s Summary) (float64, error)
}

var (
	_ PurchaseModel = (*BGNBD)(nil)
	_ PurchaseModel = (*ParetoNBD)(nil)
)

// ValueOptions configures Values. Horizon is required.
type ValueOptions struct {
	// Horizon is the prediction period, in the summaries' unit (e.g. 52
	// for a year when the unit is a week).
	Horizon float64
	// Periods splits the horizon into equal steps for discounting; zero
	// means 1 (no discounting within the horizon).
	Periods int
	// DiscountRate is the rate per period: value in period i is divided by
	// (1+DiscountRate)^i.
	DiscountRate float64
	// Margin multiplies expected spend to give profit; zero means 1.
	Margin float64
}

// Value is one customer's prediction.
type Value struct {
	CustomerID        uuid.UUID `json:"customer_id"`
	PAlive            float64   `json:"p_alive"`
	ExpectedPurchases float64   `json:"expected_purchases"` // over the horizon, undiscounted
	ExpectedAOV       float64   `json:"expected_aov"`       // expected average order value
	CLV               float64   `json:"clv"`                // discounted, times margin
}

// Values predicts each customer's purchases, average order value and
// lifetime value over the horizon: the sum over periods i = 1..Periods of
// (E[Y(tᵢ)] − E[Y(tᵢ₋₁)]) · E[M] · Margin / (1+DiscountRate)^i, with
// tᵢ = i·Horizon/Periods. Results keep the input order (see TopValues).
func Values(pm PurchaseModel, spend *GammaGamma, ss []Summary, opt ValueOptions) ([]Value, error) {
	if !(opt.Horizon > 0) || math.IsInf(opt.Horizon, 0) {
		return nil, invalid("options.horizon", opt.Horizon, "must be positive and finite")
	}
	if opt.Periods < 0 {
		return nil, invalid("options.periods", opt.Periods, "must not be negative")
	}
	if !(opt.DiscountRate > -1) || math.IsInf(opt.DiscountRate, 0) {
		return nil, invalid("options.discount_rate", opt.DiscountRate, "must be finite and above -1")
	}
	if math.IsNaN(opt.Margin) || math.IsInf(opt.Margin, 0) {
		return nil, invalid("options.margin", opt.Margin, "must be finite")
	}
	periods := max(opt.Periods, 1)
	margin := opt.Margin
	if margin == 0 {
		margin = 1
	}
	if spend == nil {
		return nil, invalid("spend", "nil", "a fitted spend model is required")
	}
	if err := check(ss); err != nil {
		return nil, err
	}
	out := make([]Value, len(ss))
	for i, s := range ss {
		pa, err := pm.ProbabilityAlive(s)
		if err != nil {
			return nil, err
		}
		aov, err := spend.ExpectedAverageValue(s)
		if err != nil {
			return nil, err
		}
		v := Value{CustomerID: s.CustomerID, PAlive: pa, ExpectedAOV: aov}
		prev := 0.0
		for k := 1; k <= periods; k++ {
			cum, err := pm.ConditionalExpectedPurchases(opt.Horizon*float64(k)/float64(periods), s)
			if err != nil {
				return nil, err
			}
			v.CLV += (cum - prev) * aov * margin / math.Pow(1+opt.DiscountRate, float64(k))
			prev = cum
		}
		v.ExpectedPurchases = prev
		out[i] = v
	}
	return out, nil
}

// TopValues returns the n customers with the highest CLV, highest first
// (ties by customer ID).
func TopValues(vs []Value, n int) []Value {
	top := slices.Clone(vs)
	slices.SortFunc(top, func(a, b Value) int {
		if c := cmp.Compare(b.CLV, a.CLV); c != 0 {
			return c
		}
		return compareUUID(a.CustomerID, b.CustomerID)
	})
	return top[:min(max(n, 0), len(top))]
}
