package insight_test

import (
	"context"
	"math"
	"testing"

	"github.com/crmkit/crmkit/clv"
	"github.com/crmkit/crmkit/insight"
)

// simModel is a shop of 400 simulated BG/NBD customers, half of them in
// segment "loyal".
func simModel(t *testing.T) *insight.SimModel {
	t.Helper()
	bg := clv.BGNBD{R: 0.8, Alpha: 6, A: 0.6, B: 3}
	ss := clv.SimulateBGNBD(bg, 400, 52, 0, 7)
	gg := clv.GammaGamma{P: 4, Q: 3, V: 120}
	clv.SimulateSpend(gg, ss, 11)
	m := &insight.SimModel{BGNBD: bg, GammaGamma: gg, NewRevenue: 2000, NewSD: 300}
	for i, s := range ss {
		seg := "occasional"
		if i%2 == 0 {
			seg = "loyal"
		}
		m.Customers = append(m.Customers, insight.SimCustomer{Summary: s, Segment: seg})
	}
	return m
}

func TestSimulateReproducible(t *testing.T) {
	m := simModel(t)
	sc := insight.DefaultScenarios()
	opt := insight.SimOptions{Runs: 200, Seed: 3, Workers: 1}
	a, err := insight.Simulate(context.Background(), m, sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Workers = 2
	b, err := insight.Simulate(context.Background(), m, sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	if a.Baseline.Revenue != b.Baseline.Revenue || a.Scenarios[1].Margin != b.Scenarios[1].Margin || a.Scenarios[2].PBeatsBaseline != b.Scenarios[2].PBeatsBaseline {
		t.Errorf("1 and 2 workers differ: %+v vs %+v", a.Baseline.Revenue, b.Baseline.Revenue)
	}
	opt.Seed = 4
	c, err := insight.Simulate(context.Background(), m, sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	if c.Baseline.Revenue == a.Baseline.Revenue {
		t.Error("another seed gave the same result")
	}
}

// TestSimulateBaselineMatchesModel compares the simulated mean revenue with
// the closed form: Σ E[Y(t) | history] × E[spend | history] from BG/NBD and
// Gamma-Gamma, plus the new customers' expected revenue.
func TestSimulateBaselineMatchesModel(t *testing.T) {
	m := simModel(t)
	const weeks = 13
	want := m.NewRevenue
	for _, c := range m.Customers {
		n, err := m.BGNBD.ConditionalExpectedPurchases(weeks, c.Summary)
		if err != nil {
			t.Fatal(err)
		}
		v, err := m.GammaGamma.ExpectedAverageValue(c.Summary)
		if err != nil {
			t.Fatal(err)
		}
		want += n * v
	}
	w, err := insight.Simulate(context.Background(), m, nil, insight.SimOptions{Runs: 2000, Seed: 1, Weeks: weeks})
	if err != nil {
		t.Fatal(err)
	}
	got := w.Baseline.Revenue
	// The spread P5..P95 covers about 3.3 standard deviations; the mean of
	// 2000 runs is within 4 standard errors.
	se := (got.P95 - got.P5) / 3.29 / math.Sqrt(2000)
	if math.Abs(got.Mean-want) > 4*se {
		t.Errorf("mean revenue %.1f, closed form %.1f (4 SE = %.1f)", got.Mean, want, 4*se)
	}
	if !(got.P5 < got.P50 && got.P50 < got.P95) {
		t.Errorf("percentiles out of order: %+v", got)
	}
}

// TestSimulateHandCases uses scenarios whose effect follows from the shared
// draws exactly.
func TestSimulateHandCases(t *testing.T) {
	m := simModel(t)
	const margin = 0.4
	scs := []insight.Scenario{
		{Name: "nothing", Kind: insight.Discount},                                // zero discount, zero uplift
		{Name: "free rise", Kind: insight.RaisePrices, PriceIncrease: 0.10},      // elasticity 0
		{Name: "plain discount", Kind: insight.Discount, Discount: 0.2},          // no uplift, no cost
		{Name: "no churn change", Kind: insight.ReduceChurn, CostPerCustomer: 1}, // pure cost
		{Name: "loyal only", Kind: insight.ReduceChurn, Segment: "loyal", ChurnReduction: 1, CostPerCustomer: 0.5},
	}
	w, err := insight.Simulate(context.Background(), m, scs, insight.SimOptions{Runs: 300, Seed: 9, Margin: margin})
	if err != nil {
		t.Fatal(err)
	}
	base := w.Baseline
	same := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	// Zero discount and uplift: the baseline, run by run.
	z := w.Scenarios[0]
	same("zero-effect revenue", z.Revenue.Mean, base.Revenue.Mean)
	same("zero-effect gain P95", z.MarginGain.P95, 0)
	same("zero-effect gain P5", z.MarginGain.P5, 0)
	if z.PBeatsBaseline != 0 || z.ROI != nil {
		t.Errorf("zero-effect scenario: P(beats) %v, ROI %v", z.PBeatsBaseline, z.ROI)
	}
	// 10% dearer with no loss of buyers: revenue × 1.1 in every run, the
	// gain is 10% of the baseline revenue.
	r := w.Scenarios[1]
	same("price revenue", r.Revenue.Mean, 1.1*base.Revenue.Mean)
	same("price revenue P95", r.Revenue.P95, 1.1*base.Revenue.P95)
	same("price gain", r.MarginGain.Mean, 0.1*base.Revenue.Mean)
	// 20% off for current customers (new ones pay full price) with no
	// uplift and no campaign cost: the discount given is the cost, it is
	// missing from revenue and all of it is lost, so ROI is −1.
	d := w.Scenarios[2]
	same("discount revenue", d.Revenue.Mean, base.Revenue.Mean-d.Cost.Mean)
	same("discount gain", d.MarginGain.Mean, -d.Cost.Mean)
	if d.ROI == nil {
		t.Fatal("discount scenario without ROI")
	}
	same("discount ROI P5", d.ROI.P5, -1)
	same("discount ROI P95", d.ROI.P95, -1)
	// A campaign that changes nothing costs 1 per customer.
	c := w.Scenarios[3]
	same("cost only", c.Cost.Mean, 400)
	same("cost only gain", c.MarginGain.P50, -400)
	same("cost only margin", c.Margin.Mean, base.Margin.Mean-400)
	// Keeping every loyal customer cannot lose revenue in any run.
	l := w.Scenarios[4]
	if l.Targeted != 200 || l.Revenue.P5 < base.Revenue.P5 || l.Revenue.Mean <= base.Revenue.Mean {
		t.Errorf("loyal-only churn removal: %d targeted, revenue %+v vs %+v", l.Targeted, l.Revenue, base.Revenue)
	}
	same("loyal-only cost", l.Cost.Mean, 100)
}

func TestSimulateBadInput(t *testing.T) {
	ctx := context.Background()
	m := simModel(t)
	for _, sc := range []insight.Scenario{
		{Kind: "bogus"},
		{Kind: insight.Discount, Discount: 1.5},
		{Kind: insight.ReduceChurn, ChurnReduction: -0.1},
		{Kind: insight.RaisePrices, PriceIncrease: math.NaN()},
		{Kind: insight.Discount, CostPerCustomer: -1},
	} {
		if _, err := insight.Simulate(ctx, m, []insight.Scenario{sc}, insight.SimOptions{Runs: 10}); err == nil {
			t.Errorf("scenario %+v accepted", sc)
		}
	}
	if _, err := insight.Simulate(ctx, &insight.SimModel{}, nil, insight.SimOptions{}); err == nil {
		t.Error("empty model accepted")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := insight.Simulate(cctx, m, nil, insight.SimOptions{Runs: 10}); err == nil {
		t.Error("cancelled context ignored")
	}
}
