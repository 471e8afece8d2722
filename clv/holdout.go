package clv

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
)

// HoldoutReport compares predicted with actual holdout purchases per
// customer, next to a naive baseline that carries each customer's
// calibration repeat-purchase rate (Frequency / T) forward.
type HoldoutReport struct {
	Customers int `json:"customers"`
	// Actual and Predicted are total holdout purchases.
	Actual    float64 `json:"actual"`
	Predicted float64 `json:"predicted"`
	Naive     float64 `json:"naive"`
	// MAE is the mean absolute error per customer; Correlation is Pearson's
	// between predicted and actual.
	MAE              float64 `json:"mae"`
	Correlation      float64 `json:"correlation"`
	NaiveMAE         float64 `json:"naive_mae"`
	NaiveCorrelation float64 `json:"naive_correlation"`
}

// Holdout predicts each customer's purchases over their HoldoutDuration
// with pm and scores the predictions against HoldoutFrequency.
func Holdout(pm PurchaseModel, ss []Summary) (*HoldoutReport, error) {
	if err := check(ss); err != nil {
		return nil, err
	}
	n := len(ss)
	pred, naive, act := make([]float64, n), make([]float64, n), make([]float64, n)
	r := &HoldoutReport{Customers: n}
	for i, s := range ss {
		if !(s.HoldoutDuration > 0) {
			return nil, invalid(fmt.Sprintf("summaries[%d].holdout_duration", i), s.HoldoutDuration, "must be positive")
		}
		p, err := pm.ConditionalExpectedPurchases(s.HoldoutDuration, s)
		if err != nil {
			return nil, err
		}
		pred[i], naive[i], act[i] = p, s.Frequency/s.T*s.HoldoutDuration, s.HoldoutFrequency
		r.Actual += act[i]
		r.Predicted += p
		r.Naive += naive[i]
		r.MAE += math.Abs(p - act[i])
		r.NaiveMAE += math.Abs(naive[i] - act[i])
	}
	r.MAE /= float64(n)
	r.NaiveMAE /= float64(n)
	r.Correlation = correlation(pred, act)
	r.NaiveCorrelation = correlation(naive, act)
	return r, nil
}

// correlation is Pearson's r, or 0 when either side is constant.
func correlation(a, b []float64) float64 {
	c := stat.Correlation(a, b, nil)
	if math.IsNaN(c) {
		return 0
	}
	return c
}
