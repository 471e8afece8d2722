package risk

import (
	"cmp"
	"slices"
)

// Outcome is what a decision says to do with a request.
type Outcome string

// The outcomes, from the mildest.
const (
	Approve Outcome = "approve" // refund without a person looking
	Review  Outcome = "review"  // a person decides, with the reasons at hand
	Deny    Outcome = "deny"    // refuse, citing the reasons
)

// RuleID names a rule; the IDs are stable and safe to store or match on.
type RuleID string

// The rules' IDs.
const (
	RuleWindow      RuleID = "window"
	RuleReturnRate  RuleID = "return_rate"
	RuleRefundShare RuleID = "refund_share"
	RuleVelocity    RuleID = "velocity"
	RuleHighValue   RuleID = "high_value"
	RuleFirstOrder  RuleID = "first_order"
	RuleRefundOnly  RuleID = "refund_only"
	RuleRepeatClaim RuleID = "repeat_refund_only"
	RuleRatedWell   RuleID = "rated_well"
	RuleAnomaly     RuleID = "anomaly"
	// RulePolicy sends a request to review when the policy is invalid.
	RulePolicy RuleID = "policy"
)

// Decision is the verdict on one request: the outcome, the score it came
// from and the reasons that made up the score.
type Decision struct {
	Outcome Outcome `json:"outcome"`
	// Score is the sum of the reasons' points.
	Score float64 `json:"score"`
	// Reasons are the rules that fired, the heaviest first (ties by rule ID).
	Reasons []Reason `json:"reasons"`
}

// Reason is one rule that fired: what it found and how much it weighed.
type Reason struct {
	Rule RuleID `json:"rule"`
	// Text states the finding with its evidence, for a person to read.
	Text string `json:"text"`
	// Points is what the rule added to the score.
	Points float64 `json:"points"`
	// Evidence holds the numbers behind Text by name, e.g. "returned": 3,
	// "orders": 5, "max_share": 0.5.
	Evidence map[string]float64 `json:"evidence"`
}

// Has reports whether the decision carries a reason from the rule.
func (d *Decision) Has(rule RuleID) bool {
	return slices.ContainsFunc(d.Reasons, func(r Reason) bool { return r.Rule == rule })
}

// decide sums the reasons, orders them and picks the outcome.
func decide(reasons []Reason, p *Policy) Decision {
	slices.SortFunc(reasons, func(a, b Reason) int {
		return cmp.Or(cmp.Compare(b.Points, a.Points), cmp.Compare(a.Rule, b.Rule))
	})
	d := Decision{Outcome: Approve, Reasons: reasons}
	for _, r := range reasons {
		d.Score += r.Points
	}
	// Rounding keeps scores that are sums of fractions stable in output.
	d.Score = roundTo(d.Score, 1e-9)
	switch {
	case d.Score >= p.DenyAt:
		d.Outcome = Deny
	case d.Score >= p.ReviewAt:
		d.Outcome = Review
	}
	if d.Reasons == nil {
		d.Reasons = []Reason{}
	}
	return d
}
