// Package clv predicts what customers are worth: how many purchases each
// will make (BG/NBD, Pareto/NBD), how much each purchase will bring
// (Gamma-Gamma), whether they are still active, and their discounted
// lifetime value over a horizon.
//
// Models are fitted by maximum likelihood on log-parameters with
// gonum/optimize and evaluated in log space; a fit reports its
// log-likelihood and convergence, and a failed fit is an error, never NaN
// parameters. Inputs are plain Summary values; Summaries and
// FromTransactions build them from orders or any transaction log, with an
// optional calibration/holdout split.
//
//	ss, err := clv.Summaries(orders, &clv.SummaryOptions{Unit: 7 * 24 * time.Hour})
//	bg, err := clv.FitBGNBD(ctx, ss, nil)
//	gg, err := clv.FitGammaGamma(ctx, ss, nil)
//	vals, err := clv.Values(bg, gg, ss, clv.ValueOptions{Horizon: 52, Periods: 12, DiscountRate: 0.01})
//	top := clv.TopValues(vals, 10)
package clv
