package insight_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/insight"
	"github.com/crmkit/crmkit/store/memory"
)

var demoReport = sync.OnceValues(func() (*insight.Report, error) {
	ctx := context.Background()
	shop, err := demo.Generate(nil)
	if err != nil {
		return nil, err
	}
	st := memory.New()
	if _, err := shop.Load(ctx, st, nil); err != nil {
		return nil, err
	}
	return insight.Build(ctx, st, insight.Options{Title: "Demo shop"})
})

func demoShopReport(t *testing.T) *insight.Report {
	t.Helper()
	if testing.Short() {
		t.Skip("demo shop report in -short mode")
	}
	r, err := demoReport()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDemoShopReport checks the report of the demo shop against what the
// generator planted: every part present, no notes, views ≫ carts >
// purchases, review sentiment rising with the rating, size-and-breakage
// complaints, at-risk customers and lifetime value, and a quarter's
// forecast close to the last quarter's revenue.
func TestDemoShopReport(t *testing.T) {
	r := demoShopReport(t)
	// The demo shop's two years are 104 full weeks, one short of a yearly
	// cycle's two; that is the only note.
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "no yearly seasonality") {
		t.Errorf("notes: %q", r.Notes)
	}
	f := r.Funnel.Sessions
	if !(f[0].Count > 2*f[1].Count && f[1].Count > f[2].Count && f[2].Count > 0) {
		t.Errorf("session funnel %+v", f)
	}
	s := r.Satisfaction
	for i := 1; i < 5; i++ {
		if s.SentimentByRating[i] < s.SentimentByRating[i-1]-0.05 {
			t.Errorf("sentiment by rating not rising: %v", s.SentimentByRating)
		}
	}
	if s.SentimentByRating[0] > -0.3 || s.SentimentByRating[4] < 0.6 {
		t.Errorf("sentiment of 1 and 5 stars: %v", s.SentimentByRating)
	}
	terms := map[string]bool{}
	for _, c := range s.Complaints {
		terms[c.Term] = true
	}
	if !terms["small"] && !terms["broken"] {
		t.Errorf("complaints %+v lack the planted causes", s.Complaints)
	}
	if r.Trend.Revenue == nil || r.Trend.Orders == nil {
		t.Fatal("no forecast")
	}
	var last float64
	for _, k := range r.KPIs {
		if k.Key == "revenue" {
			last = k.Current
		}
	}
	if next := r.Trend.Revenue.NextTotal; next < 0.7*last || next > 1.6*last {
		t.Errorf("next quarter %.0f against last %.0f", next, last)
	}
	if len(r.Value.AtRisk) == 0 || r.Value.TotalCLV <= 0 || len(r.Value.Clusters) < 2 {
		t.Errorf("value %+v", r.Value)
	}
	if r.WhatIf == nil || len(r.WhatIf.Scenarios) != 3 {
		t.Fatalf("what-if %+v", r.WhatIf)
	}
	for _, o := range r.WhatIf.Scenarios {
		if o.Targeted == 0 || o.Assumptions == "" {
			t.Errorf("scenario %s: %d targeted, assumptions %q", o.Scenario.Name, o.Targeted, o.Assumptions)
		}
	}
}
