package clv_test

import (
	"context"
	"fmt"

	"github.com/crmkit/crmkit/clv"
)

func ExampleFitBGNBD() {
	// 20,000 customers simulated from known parameters, observed a year.
	truth := clv.BGNBD{R: 0.24, Alpha: 4.4, A: 0.79, B: 2.4}
	ss := clv.SimulateBGNBD(truth, 20_000, 52, 0, 1)
	m, err := clv.FitBGNBD(context.Background(), ss, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("r=%.2f alpha=%.1f a=%.1f b=%.1f converged=%v\n", m.R, m.Alpha, m.A, m.B, m.Fit.Converged)
	// Output:
	// r=0.24 alpha=4.5 a=0.8 b=2.2 converged=true
}

func ExampleBGNBD_ConditionalExpectedPurchases() {
	// The CDNOW estimates of Fader, Hardie & Lee (2005), in weeks.
	m := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	s := clv.Summary{Frequency: 2, Recency: 30.43, T: 38.86}
	next, _ := m.ConditionalExpectedPurchases(39, s)
	alive, _ := m.ProbabilityAlive(s)
	fmt.Printf("next 39 weeks: %.3f purchases, P(alive) %.3f\n", next, alive)
	// Output:
	// next 39 weeks: 1.226 purchases, P(alive) 0.727
}

func ExampleValues() {
	bg := &clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	gg := &clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	ss := []clv.Summary{
		{Frequency: 10, Recency: 36, T: 38, MonetaryValue: 60},
		{Frequency: 2, Recency: 30.43, T: 38.86, MonetaryValue: 25},
		{Frequency: 0, T: 38},
	}
	vals, err := clv.Values(bg, gg, ss, clv.ValueOptions{Horizon: 52, Periods: 12, DiscountRate: 0.01})
	if err != nil {
		panic(err)
	}
	for _, v := range vals {
		fmt.Printf("%.2f purchases × %.2f = CLV %.2f\n", v.ExpectedPurchases, v.ExpectedAOV, v.CLV)
	}
	// Output:
	// 8.33 purchases × 58.96 = CLV 463.28
	// 1.56 purchases × 26.84 = CLV 39.40
	// 0.26 purchases × 35.22 = CLV 8.50
}
