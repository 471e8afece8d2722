package risk_test

import (
	"context"
	"testing"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/risk"
)

func demoDataset(b *testing.B) (*risk.Dataset, []risk.History) {
	b.Helper()
	shop, err := demo.Generate(nil)
	if err != nil {
		b.Fatal(err)
	}
	d := &risk.Dataset{Customers: shop.Customers, Orders: shop.Orders, Returns: shop.Returns, Events: shop.Events}
	return d, d.Histories()
}

// BenchmarkBacktestDemo replays the default demo shop's ~700 requests with
// monthly population refits.
func BenchmarkBacktestDemo(b *testing.B) {
	d, _ := demoDataset(b)
	for b.Loop() {
		if _, err := risk.Backtest(context.Background(), d, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFitPopulation fits the population on the default demo shop's 1,000 customers.
func BenchmarkFitPopulation(b *testing.B) {
	_, hs := demoDataset(b)
	for b.Loop() {
		if _, err := risk.FitPopulation(context.Background(), hs, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate decides one request of the customer with the most orders.
func BenchmarkEvaluate(b *testing.B) {
	d, hs := demoDataset(b)
	pop, err := risk.FitPopulation(context.Background(), hs, nil)
	if err != nil {
		b.Fatal(err)
	}
	byID := map[[16]byte]*risk.History{}
	for i := range hs {
		byID[hs[i].CustomerID] = &hs[i]
	}
	best := d.Returns[0]
	for _, r := range d.Returns {
		if len(byID[r.CustomerID].Orders) > len(byID[best.CustomerID].Orders) {
			best = r
		}
	}
	h := byID[best.CustomerID]
	var req risk.Request
	for _, o := range h.Orders {
		if o.ID == best.OrderID {
			req = risk.Request{Return: best, Order: o}
		}
	}
	for b.Loop() {
		risk.Evaluate(req, *h, nil, pop)
	}
	b.ReportMetric(float64(len(h.Orders)), "orders")
}
