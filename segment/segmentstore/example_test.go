package segmentstore_test

import (
	"context"
	"fmt"

	"github.com/crmkit/crmkit/clv"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/segment/segmentstore"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
)

// Example prints the RFM segment sizes of the demo shop and its most
// valuable customers by predicted lifetime value.
func Example() {
	ctx := context.Background()
	shop, _ := demo.Generate(&demo.Options{Seed: 1, NoEvents: true})
	st := memory.New()
	defer st.Close()
	if _, err := shop.Load(ctx, st, nil); err != nil {
		panic(err)
	}
	now := shop.End

	recs, _ := segmentstore.Records(ctx, st, store.SummaryFilter{})
	rfm, _ := segment.RFM(recs, segment.RFMOptions{AsOf: now})
	sizes := rfm.SegmentSizes()
	for _, r := range segment.DefaultRules() {
		fmt.Printf("%-19s %4d\n", r.Name, sizes[r.Name])
	}

	var orders []order.Order
	for o, err := range st.Orders(ctx, store.OrderFilter{}) {
		if err != nil {
			panic(err)
		}
		orders = append(orders, o)
	}
	ss, _ := clv.Summaries(orders, &clv.SummaryOptions{ObservationEnd: now}) // weeks
	bg, _ := clv.FitBGNBD(ctx, ss, nil)
	gg, _ := clv.FitGammaGamma(ctx, ss, nil)
	vals, _ := clv.Values(bg, gg, ss, clv.ValueOptions{Horizon: 52, Periods: 12, DiscountRate: 0.01})
	for _, v := range clv.TopValues(vals, 3) {
		c, _ := st.GetCustomer(ctx, v.CustomerID)
		fmt.Printf("%s: CLV %.0f (%.1f orders × %.0f, P(alive) %.2f)\n", c.ExternalID, v.CLV, v.ExpectedPurchases, v.ExpectedAOV, v.PAlive)
	}
	// Output:
	// champions            198
	// loyal                155
	// new                   91
	// promising             81
	// potential_loyalist    72
	// cant_lose             24
	// at_risk              134
	// need_attention        19
	// about_to_sleep        78
	// hibernating           33
	// lost                 110
	// C000244: CLV 3346 (17.1 orders × 208, P(alive) 0.98)
	// C000642: CLV 2974 (20.2 orders × 156, P(alive) 0.95)
	// C000639: CLV 2909 (20.6 orders × 150, P(alive) 0.98)
}
