package forecast_test

import (
	"context"
	"fmt"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/forecast"
)

// The demo shop's next 90 days of daily revenue with 80% and 95% bands, and
// reorder advice for its five best sellers (7-day lead time, weekly review,
// three units on the shelf each).
func Example_demoShop() {
	ctx := context.Background()
	shop, err := demo.Generate(nil)
	if err != nil {
		panic(err)
	}
	revenue := forecast.SalesSeries(shop.Orders, forecast.Daily)
	fc, err := forecast.Auto(ctx, revenue, &forecast.AutoOptions{Horizon: 90})
	if err != nil {
		panic(err)
	}
	b80, _ := fc.Interval(80)
	b95, _ := fc.Interval(95)
	fmt.Println(fc.Method)
	for _, i := range []int{0, 1, 89} {
		fmt.Printf("%s %6.0f  80%% %6.0f-%6.0f  95%% %6.0f-%6.0f\n", fc.Time(i).Format("2006-01-02"),
			fc.Mean[i], b80.Lower[i], b80.Upper[i], b95.Lower[i], b95.Upper[i])
	}
	stock := map[string]forecast.Stock{}
	for _, p := range shop.Products {
		stock[p.ID] = forecast.Stock{OnHand: 3}
	}
	plans, err := forecast.PlanTopProducts(ctx, shop.Orders, &forecast.ProductPlanOptions{
		Top:       5,
		Inventory: forecast.InventoryOptions{LeadTime: 7, ReviewPeriod: 7, ServiceLevel: 0.95},
		Stock:     stock,
	})
	if err != nil {
		panic(err)
	}
	for _, p := range plans {
		fmt.Printf("%s %-8s demand/lead time %5.1f  reorder point %5.1f  order %3.0f\n",
			p.ProductID, p.Forecast.Method, p.Plan.LeadTimeDemand, p.Plan.ReorderPoint, p.Plan.SuggestedQuantity)
	}
	// Output:
	// MSTL[7]+ETS(A,N,N)
	// 2026-11-01   1914  80%   1016-  2812  95%    480-  3348
	// 2026-11-02   1362  80%    462-  2262  95%      0-  2799
	// 2027-01-29   1236  80%    180-  2291  95%      0-  2921
	// P00002 tsb      demand/lead time   2.9  reorder point   5.7  order   7
	// P00087 tsb      demand/lead time   1.0  reorder point   4.3  order   4
	// P00096 tsb      demand/lead time   0.2  reorder point   1.3  order   0
	// P00088 tsb      demand/lead time   2.6  reorder point   4.9  order   6
	// P00099 tsb      demand/lead time   0.1  reorder point   0.8  order   0
}
