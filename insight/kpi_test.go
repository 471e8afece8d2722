package insight_test

import (
	"math"
	"testing"

	"github.com/crmkit/crmkit/insight"
)

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// TestKPIsByHand checks every KPI of the fixture against the values worked
// out in the comments.
func TestKPIsByHand(t *testing.T) {
	r := fixtureReport(t)
	want := map[string][2]float64{
		// March: A 50, B 80 − 30 refunded, C 40. Previous: B 200, E 70.
		"revenue": {140, 270},
		"orders":  {3, 2},
		"aov":     {46.67, 135}, // 140/3 rounded to cents
		"units":   {4, 2},
		// March: A, B, C, of whom C is new; previous: B and E, both new.
		"customers":           {3, 2},
		"new_customers":       {1, 2},
		"returning_customers": {2, 0},
		// Customers of the period with two or more orders by its end:
		// March A and B of 3; previous none of 2.
		"repeat_purchase_rate": {2.0 / 3, 0},
		// Ordered in the 30 days before 1 April: A, B, C; before 1 March: B, E.
		"active_customers": {3, 2},
		// Active on 1 March (B, E), E no longer on 1 April: 1/2. Active on
		// 29 January (A), not on 1 March: 1/1.
		"churn_rate":    {0.5, 1},
		"refund_rate":   {1.0 / 3, 0},
		"refund_amount": {30, 0},
	}
	if len(r.KPIs) != len(want) {
		t.Fatalf("%d KPIs, want %d", len(r.KPIs), len(want))
	}
	for _, k := range r.KPIs {
		w, ok := want[k.Key]
		if !ok {
			t.Errorf("unexpected KPI %q", k.Key)
			continue
		}
		near(t, k.Key+" current", k.Current, w[0])
		near(t, k.Key+" previous", k.Previous, w[1])
		near(t, k.Key+" change", k.Change, w[0]-w[1])
		if w[1] == 0 {
			if k.ChangeRatio != nil {
				t.Errorf("%s: change ratio %v with a zero previous value", k.Key, *k.ChangeRatio)
			}
		} else {
			near(t, k.Key+" change ratio", *k.ChangeRatio, (w[0]-w[1])/w[1])
		}
	}
	if r.Period != fixturePeriod || r.Previous.From != fixturePeriod.From.AddDate(0, 0, -31) {
		t.Errorf("periods %v / %v", r.Period, r.Previous)
	}
}

func TestBreakdownsByHand(t *testing.T) {
	r := fixtureReport(t)
	// Goods sales by category: books 50 + 40, toys 80 (before the refund).
	want := []insight.Breakdown{
		{Name: "books", Revenue: 90, Previous: 70, Share: 90.0 / 170},
		{Name: "toys", Revenue: 80, Previous: 200, Share: 80.0 / 170},
	}
	if len(r.Categories) != len(want) {
		t.Fatalf("categories %+v", r.Categories)
	}
	for i, w := range want {
		g := r.Categories[i]
		if g.Name != w.Name {
			t.Errorf("category %d = %s, want %s", i, g.Name, w.Name)
		}
		near(t, w.Name+" revenue", g.Revenue, w.Revenue)
		near(t, w.Name+" previous", g.Previous, w.Previous)
		near(t, w.Name+" share", g.Share, w.Share)
	}
	top := []insight.ProductSale{
		{ProductID: "toy-1", Units: 1, Revenue: 80, Orders: 1},
		{ProductID: "book-1", Units: 2, Revenue: 50, Orders: 1},
		{ProductID: "book-2", Units: 1, Revenue: 40, Orders: 1},
	}
	if len(r.TopProducts) != len(top) {
		t.Fatalf("top products %+v", r.TopProducts)
	}
	for i, w := range top {
		g := r.TopProducts[i]
		if g.ProductID != w.ProductID || g.Units != w.Units || g.Revenue != w.Revenue || g.Orders != w.Orders {
			t.Errorf("top product %d = %+v, want %+v", i, g, w)
		}
	}
	// Revenue by segment adds up to the period's revenue, and every
	// customer with a sale is in one segment.
	sum, customers := 0.0, 0
	for _, s := range r.Segments {
		sum += s.Revenue
		customers += s.Customers
	}
	near(t, "segment revenue", sum, 140)
	if customers != 5 {
		t.Errorf("segments hold %d customers, want 5", customers)
	}
}

func TestCohortsByHand(t *testing.T) {
	r := fixtureReport(t)
	c := r.Cohorts
	// D joined in December, A in January, B and E in February, C in March.
	wantMonths := []string{"2025-12", "2026-01", "2026-02", "2026-03"}
	wantSizes := []int{1, 1, 2, 1}
	wantRet := [][]float64{
		{1, 0, 0, 0}, // D never came back
		{1, 0, 1},    // A came back in March
		{1, 0.5},     // B came back in March, E did not
		{1},
	}
	for i := range wantMonths {
		if c.Months[i] != wantMonths[i] || c.Sizes[i] != wantSizes[i] {
			t.Errorf("cohort %d = %s (%d), want %s (%d)", i, c.Months[i], c.Sizes[i], wantMonths[i], wantSizes[i])
		}
		if len(c.Retention[i]) != len(wantRet[i]) {
			t.Errorf("cohort %s retention %v, want %v", c.Months[i], c.Retention[i], wantRet[i])
			continue
		}
		for k := range wantRet[i] {
			near(t, c.Months[i]+" retention", c.Retention[i][k], wantRet[i][k])
		}
	}
}

func TestFunnelByHand(t *testing.T) {
	r := fixtureReport(t)
	// Sessions: s1 view+cart+purchase, s2 view, s3 view+cart, s4 cart+purchase
	// without a view (reaches no stage), s5 view+cart; s6 is outside the period.
	check := func(name string, got []insight.FunnelStage, counts []int, conv, drop []float64) {
		t.Helper()
		if len(got) != 3 {
			t.Fatalf("%s funnel %+v", name, got)
		}
		for i, st := range []string{"view", "cart", "purchase"} {
			if got[i].Stage != st || got[i].Count != counts[i] {
				t.Errorf("%s %s = %+v, want count %d", name, st, got[i], counts[i])
			}
			near(t, name+" "+st+" conversion", got[i].Conversion, conv[i])
			near(t, name+" "+st+" drop-off", got[i].DropOff, drop[i])
		}
	}
	check("sessions", r.Funnel.Sessions, []int{4, 3, 1}, []float64{1, 0.75, 0.25}, []float64{0, 0.25, 2.0 / 3})
	// Customers: A all three, B view and cart, C cart and purchase (no view).
	check("customers", r.Funnel.Customers, []int{2, 2, 1}, []float64{1, 1, 0.5}, []float64{0, 0, 0.5})
}

func TestSatisfactionByHand(t *testing.T) {
	s := fixtureReport(t).Satisfaction
	if s.Reviews != 4 || s.Distribution != [5]int{1, 1, 0, 1, 1} {
		t.Errorf("reviews %d, distribution %v", s.Reviews, s.Distribution)
	}
	near(t, "average rating", s.AverageRating, 3)     // (5+4+2+1)/4
	near(t, "previous average", s.PreviousAverage, 4) // (3+5)/2
	// Surveys 10, 9, 7, 3: two promoters, one passive, one detractor.
	if s.Surveys != 4 || s.Promoters != 2 || s.Passives != 1 || s.Detractors != 1 {
		t.Errorf("surveys %+v", s)
	}
	near(t, "NPS", s.NPS, 25)
	// Trend: February 3 and 5, March 5, 4, 2, 1.
	if len(s.Trend) != 12 || s.Trend[11].Month != "2026-03" || s.Trend[10].Month != "2026-02" {
		t.Fatalf("trend %+v", s.Trend)
	}
	near(t, "March average", s.Trend[11].Average, 3)
	near(t, "February average", s.Trend[10].Average, 4)
	if s.Trend[11].Reviews != 4 || s.Trend[10].Reviews != 2 || s.Trend[9].Reviews != 0 {
		t.Errorf("trend counts %+v", s.Trend)
	}
	// Complaint terms of the 1- and 2-star reviews: "arrived" and "broken"
	// twice, "delivery" and "late" once; opinion words, negations and stop
	// words are left out.
	want := []insight.Term{{"arrived", 2}, {"broken", 2}, {"delivery", 1}, {"late", 1}}
	if len(s.Complaints) != len(want) {
		t.Fatalf("complaints %+v, want %+v", s.Complaints, want)
	}
	for i := range want {
		if s.Complaints[i] != want[i] {
			t.Errorf("complaint %d = %+v, want %+v", i, s.Complaints[i], want[i])
		}
	}
	// Sentiment follows the ratings: positive for 4–5 stars, negative for 1–2.
	if s.SentimentByRating[4] <= 0 || s.SentimentByRating[3] <= 0 || s.SentimentByRating[1] >= 0 || s.SentimentByRating[0] >= 0 {
		t.Errorf("sentiment by rating %v", s.SentimentByRating)
	}
	near(t, "positive share", s.PositiveShare, 0.5)
	near(t, "negative share", s.NegativeShare, 0.5)
}
