package forecast_test

import (
	"context"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/forecast"
	"github.com/crmkit/crmkit/order"
	"github.com/shopspring/decimal"
)

func exampleOrder(day int, status order.Status, product string, qty int, price string) order.Order {
	o := order.Order{
		Number:   fmt.Sprint(1000 + day),
		Status:   status,
		Currency: "EUR",
		PlacedAt: time.Date(2026, 3, 1+day, 10, 0, 0, 0, time.UTC),
		Lines:    []order.Line{{ProductID: product, Quantity: qty, UnitPrice: decimal.RequireFromString(price)}},
	}
	o.Total = o.ComputeTotal()
	return o
}

func ExampleSalesSeries() {
	orders := []order.Order{
		exampleOrder(0, order.StatusPaid, "mug", 2, "9.50"),
		exampleOrder(1, order.StatusCancelled, "mug", 5, "9.50"), // not a sale
		exampleOrder(3, order.StatusDelivered, "tea", 1, "4.00"),
	}
	s := forecast.SalesSeries(orders, forecast.Daily)
	for i, v := range s.Values {
		fmt.Println(s.Time(i).Format("2006-01-02"), v)
	}
	// Output:
	// 2026-03-01 19
	// 2026-03-02 0
	// 2026-03-03 0
	// 2026-03-04 4
}

func ExampleBuildSeries() {
	orders := []order.Order{
		exampleOrder(0, order.StatusPaid, "mug", 2, "9.50"),
		exampleOrder(8, order.StatusShipped, "tea", 3, "4.00"),
		exampleOrder(9, order.StatusPaid, "mug", 1, "9.50"),
	}
	series, err := forecast.BuildSeries(orders, forecast.Weekly, &forecast.SeriesOptions{Measure: forecast.Units, Group: forecast.ByProduct})
	if err != nil {
		panic(err)
	}
	for _, s := range series {
		fmt.Println(s.Key, s.Start.Format("2006-01-02"), s.Values)
	}
	// Output:
	// mug 2026-02-23 [2 0 1]
	// tea 2026-02-23 [0 0 3]
}

func ExampleHoltWinters() {
	m, err := forecast.HoltWinters(airPassengers, 12, &forecast.HWOptions{Seasonal: forecast.HWMultiplicative})
	if err != nil {
		panic(err)
	}
	fc, _ := m.Forecast(2)
	fmt.Printf("alpha %.3f beta %.3f gamma %.3f\n", m.Alpha, m.Beta, m.Gamma)
	fmt.Printf("%.1f %.1f\n", fc.Mean[0], fc.Mean[1])
	// Output:
	// alpha 0.276 beta 0.033 gamma 0.871
	// 447.1 419.7
}

func ExampleEvaluate() {
	tasks := []forecast.Task{{ID: "air", Train: airPassengers[:120], Test: airPassengers[120:], Period: 12}}
	methods := []forecast.Method{forecast.SeasonalNaiveMethod(), forecast.ThetaMethod(), forecast.ETSMethod(nil)}
	res, err := forecast.Evaluate(context.Background(), tasks, methods, nil)
	if err != nil {
		panic(err)
	}
	for _, s := range forecast.Summarise(res, methods) {
		fmt.Printf("%-7s sMAPE %5.2f MASE %.3f\n", s.Method, s.SMAPE, s.MASE)
	}
	// Output:
	// snaive  sMAPE 17.01 MASE 2.494
	// theta   sMAPE 14.47 MASE 2.212
	// ets     sMAPE 14.48 MASE 2.212
}

func ExampleCroston() {
	demand := []float64{0, 3, 0, 0, 5, 0, 0, 0, 4, 0}
	for _, f := range []func([]float64, int, *forecast.IntermittentOptions, ...float64) (*forecast.Forecast, error){forecast.Croston, forecast.SBA, forecast.TSB} {
		fc, err := f(demand, 1, nil)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s %.3f\n", fc.Method, fc.Mean[0])
	}
	// Output:
	// croston 1.432
	// sba 1.361
	// tsb 0.973
}
