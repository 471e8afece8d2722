package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/crmkit/crmkit/forecast"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
)

// printForecast forecasts the next 90 days of daily revenue with 80 % and
// 95 % bands, and suggests reorders for the five best-selling products.
func printForecast(ctx context.Context, st store.Store, asOf time.Time, w io.Writer) error {
	orders, _, err := store.Collect(st.Orders(ctx, store.OrderFilter{Until: asOf}), 0, store.OrderCursor)
	if err != nil {
		return err
	}
	fc, err := forecast.Auto(ctx, forecast.SalesSeries(orders, forecast.Daily), &forecast.AutoOptions{Horizon: 90})
	if err != nil {
		return err
	}
	b80, ok80 := fc.Interval(80)
	b95, ok95 := fc.Interval(95)
	if !ok80 || !ok95 {
		return fmt.Errorf("forecast %s has no 80%%/95%% bands", fc.Method)
	}
	total := 0.0
	for _, m := range fc.Mean {
		total += m
	}
	fmt.Fprintf(w, "== Forecast: daily revenue for the next 90 days (%s)\n", fc.Method)
	fmt.Fprintf(w, "Expected over the 90 days: %.0f. The first two weeks, day by day:\n", total)
	fmt.Fprintf(w, "  %-14s %8s %19s %19s\n", "day", "mean", "80% band", "95% band")
	for i := 0; i < 14; i++ {
		fmt.Fprintf(w, "  %s %8.0f %8.0f – %-8.0f %8.0f – %-8.0f\n", fc.Time(i).Format("2006-01-02 Mon"),
			fc.Mean[i], b80.Lower[i], b80.Upper[i], b95.Lower[i], b95.Upper[i])
	}
	fmt.Fprint(w, "Weekly totals of the mean:")
	for i := 0; i+7 <= len(fc.Mean); i += 7 {
		week := 0.0
		for _, m := range fc.Mean[i : i+7] {
			week += m
		}
		fmt.Fprintf(w, " %.0f", week)
	}
	fmt.Fprintln(w)

	products := map[string]order.Product{}
	stock := map[string]forecast.Stock{}
	for p, err := range st.Products(ctx, store.ProductFilter{}) {
		if err != nil {
			return err
		}
		products[p.ID] = p
		stock[p.ID] = forecast.Stock{OnHand: 3}
	}
	inv := forecast.InventoryOptions{LeadTime: 7, ReviewPeriod: 7, ServiceLevel: 0.95}
	plans, err := forecast.PlanTopProducts(ctx, orders, &forecast.ProductPlanOptions{Top: 5, Inventory: inv, Stock: stock})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Reorder advice for the top sellers (7-day lead time, weekly review, 95%% service level, 3 units on hand):\n")
	for _, p := range plans {
		action := "enough stock"
		if p.Plan.Reorder {
			action = fmt.Sprintf("order %.0f", p.Plan.SuggestedQuantity)
		}
		fmt.Fprintf(w, "  %-30s demand over lead time %4.1f, safety stock %4.1f, reorder point %4.1f → %s\n",
			products[p.ProductID].Name, p.Plan.LeadTimeDemand, p.Plan.SafetyStock, p.Plan.ReorderPoint, action)
	}
	fmt.Fprintln(w)
	return nil
}
