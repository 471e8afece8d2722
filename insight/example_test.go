package insight_test

import (
	"context"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/clv"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/insight"
	"github.com/crmkit/crmkit/store/memory"
)

// Build reports on the demo shop's last quarter.
func ExampleBuild() {
	ctx := context.Background()
	shop, _ := demo.Generate(nil)
	st := memory.New()
	if _, err := shop.Load(ctx, st, nil); err != nil {
		panic(err)
	}
	r, err := insight.Build(ctx, st, insight.Options{
		Period:    insight.Period{From: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		Scenarios: []insight.Scenario{}, // no what-if in this example
	})
	if err != nil {
		panic(err)
	}
	for _, k := range r.KPIs[:3] {
		fmt.Printf("%s: %.2f (previous %.2f)\n", k.Label, k.Current, k.Previous)
	}
	fmt.Println("funnel:", r.Funnel.Sessions[0].Count, "sessions with a view,", r.Funnel.Sessions[2].Count, "with a purchase")
	fmt.Printf("average rating %.2f from %d reviews\n", r.Satisfaction.AverageRating, r.Satisfaction.Reviews)
	// Output:
	// Revenue: 123956.95 (previous 108528.29)
	// Orders: 960.00 (previous 845.00)
	// Average order value: 129.12 (previous 128.44)
	// funnel: 6054 sessions with a view, 1001 with a purchase
	// average rating 3.70 from 199 reviews
}

// Sentiment reads negation and intensifiers.
func ExampleSentiment() {
	for _, text := range []string{"Good product.", "Very good!", "Not good.", "Not bad, not great.", "Arrived broken. Terrible."} {
		fmt.Printf("%-28q %+.2f\n", text, insight.Sentiment(text))
	}
	// Output:
	// "Good product."              +0.46
	// "Very good!"                 +0.61
	// "Not good."                  -0.36
	// "Not bad, not great."        -0.19
	// "Arrived broken. Terrible."  -0.82
}

// Simulate compares a discount campaign with the baseline over a quarter.
func ExampleSimulate() {
	bg := clv.BGNBD{R: 0.8, Alpha: 6, A: 0.6, B: 3}
	ss := clv.SimulateBGNBD(bg, 500, 52, 0, 1) // 500 customers, a year of history
	gg := clv.GammaGamma{P: 4, Q: 3, V: 120}
	clv.SimulateSpend(gg, ss, 2)
	m := &insight.SimModel{BGNBD: bg, GammaGamma: gg}
	for _, s := range ss {
		m.Customers = append(m.Customers, insight.SimCustomer{Summary: s, Segment: "loyal"})
	}
	offer := insight.Scenario{Name: "10% off", Kind: insight.Discount, Segment: "loyal", Discount: 0.10, Uplift: 0.25, CostPerCustomer: 1}
	w, err := insight.Simulate(context.Background(), m, []insight.Scenario{offer}, insight.SimOptions{Runs: 500, Seed: 7, Weeks: 13})
	if err != nil {
		panic(err)
	}
	o := w.Scenarios[0]
	fmt.Printf("baseline revenue %.0f (P5 %.0f, P95 %.0f)\n", w.Baseline.Revenue.Mean, w.Baseline.Revenue.P5, w.Baseline.Revenue.P95)
	fmt.Printf("%s: revenue %.0f, margin gain %.0f, beats baseline in %.0f%% of futures\n", o.Scenario.Name, o.Revenue.Mean, o.MarginGain.Mean, 100*o.PBeatsBaseline)
	fmt.Println(o.Assumptions)
	// Output:
	// baseline revenue 80520 (P5 67535, P95 92642)
	// 10% off: revenue 89685, margin gain -2813, beats baseline in 1% of futures
	// 10% discount to customers in RFM segment loyal; their purchase rate rises by 25%; costs 1.00 per targeted customer
}
