package forecast_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/crmkit/crmkit/forecast"
)

// airPassengers is Box & Jenkins' series G, monthly airline passengers
// (thousands), 1949-1960.
var airPassengers = []float64{
	112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118,
	115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140,
	145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166,
	171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194,
	196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201,
	204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229,
	242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278,
	284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306,
	315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336,
	340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337,
	360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405,
	417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432,
}

func ExampleAutoETS() {
	fit, err := forecast.AutoETS(context.Background(), airPassengers, 12, nil)
	if err != nil {
		panic(err)
	}
	fc, err := fit.Forecast(3, 95)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s AICc %.2f\n", fit, fit.AICc)
	band, _ := fc.Interval(95)
	for i, m := range fc.Mean {
		fmt.Printf("h=%d %.1f [%.1f, %.1f]\n", i+1, m, band.Lower[i], band.Upper[i])
	}
	// Output:
	// ETS(M,Ad,M) AICc 1400.64
	// h=1 441.8 [407.9, 475.7]
	// h=2 434.1 [392.9, 475.3]
	// h=3 496.6 [441.6, 551.7]
}

func ExampleTheta() {
	fc, err := forecast.Theta(airPassengers, 12, 3)
	if err != nil {
		panic(err)
	}
	for _, m := range fc.Mean {
		fmt.Printf("%.1f\n", m)
	}
	// Output:
	// 440.1
	// 428.4
	// 489.7
}

func ExampleAuto() {
	// Two years of daily revenue with a weekly rhythm, a yearly swing and noise.
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	values := make([]float64, 2*365+30)
	for i := range values {
		weekend := 0.0
		if wd := start.AddDate(0, 0, i).Weekday(); wd == time.Saturday || wd == time.Sunday {
			weekend = 300
		}
		values[i] = 1000 + weekend + 200*math.Sin(2*math.Pi*float64(i)/365) + 40*rng.NormFloat64()
	}
	s := forecast.Series{Key: "total", Frequency: forecast.Daily, Start: start, Values: values}
	fc, err := forecast.Auto(context.Background(), s, &forecast.AutoOptions{Horizon: 3})
	if err != nil {
		panic(err)
	}
	band, _ := fc.Interval(80)
	for i, m := range fc.Mean {
		fmt.Printf("%s %s %.0f (80%%: %.0f-%.0f)\n", fc.Time(i).Format("2006-01-02"), fc.Time(i).Weekday(), m, band.Lower[i], band.Upper[i])
	}
	// Output:
	// 2026-01-30 Friday 1054 (80%: 996-1111)
	// 2026-01-31 Saturday 1439 (80%: 1381-1496)
	// 2026-02-01 Sunday 1437 (80%: 1380-1494)
}

func ExamplePlanReorder() {
	// A SKU selling about 4 units a day.
	demand := []float64{3, 5, 4, 6, 2, 4, 5, 3, 4, 4, 6, 3, 5, 4, 2, 5, 4, 3, 6, 4, 4, 5, 3, 4, 5, 4, 3, 5}
	fc, err := forecast.Auto(context.Background(), forecast.Series{Key: "SKU-1", Values: demand}, &forecast.AutoOptions{Horizon: 14})
	if err != nil {
		panic(err)
	}
	plan, err := forecast.PlanReorder(fc, forecast.InventoryOptions{LeadTime: 7, ReviewPeriod: 7, OnHand: 20, PackSize: 12})
	if err != nil {
		panic(err)
	}
	fmt.Printf("lead-time demand %.1f ± %.1f, reorder point %.1f\n", plan.LeadTimeDemand, plan.LeadTimeSD, plan.ReorderPoint)
	fmt.Printf("reorder: %v, quantity %.0f\n", plan.Reorder, plan.SuggestedQuantity)
	// Output:
	// lead-time demand 29.3 ± 3.0, reorder point 34.1
	// reorder: true, quantity 48
}
