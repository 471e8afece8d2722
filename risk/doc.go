// Package risk decides refund and return requests — approve, send to a
// person for review, or deny — from the customer's history, and explains
// every decision with the rules that fired and the evidence behind them
// ("3 of the last 5 delivered orders returned", "request 45 days after
// delivery; window is 30").
//
//	chk, err := risk.NewChecker(nil, pop)              // DefaultPolicy; pop may be nil
//	dec, err := chk.Check(ctx, st, ret)                // ret is an order.Return
//	fmt.Println(dec.Outcome, dec.Score)                // review 60
//	for _, r := range dec.Reasons { fmt.Println(r.Rule, r.Text) }
//
// The core is pure: Evaluate(req, history, policy, population) takes plain
// data and sees the history as it stood at the request's time, so old
// requests replay without look-ahead (Backtest). Policies are data
// (Policy, JSON-serialisable, Validate returns a *PolicyError naming the
// field): return windows per category, limits on the return rate and on
// refunds relative to spend, request velocity, high-value and first-order
// rules, refund-only claims, and the score thresholds. Each rule that fires
// adds its weight to the score; DefaultPolicy documents its numbers.
//
// Beyond fixed rules, a Population (FitPopulation, FitPopulationFromStore)
// models how customers who return goods behave: per feature — return
// rate, refunds over spend, share of refund-only claims, days from delivery
// to request — the median and a robust scale (1.4826 × MAD, the modified
// z-score of Iglewicz and Hoaglin). A customer's largest robust z-score in
// the anomalous direction is one more reason among the others.
package risk
