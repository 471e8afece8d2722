package forecast_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/crmkit/crmkit/forecast"
)

// Calibrating the intervals of a method on a series' own history: theta's
// analytical 80% band, on a year of daily sales whose weekday pattern
// drifts, is rescaled so that its past out-of-sample errors fall inside at
// the nominal rate. The point forecast does not move.
func ExampleCalibrate() {
	rng := rand.New(rand.NewPCG(3, 4))
	pattern := []float64{30, 10, 0, -5, -15, 20, -40}
	y := make([]float64, 364)
	for t := range y {
		pattern[t%7] += 4 * rng.NormFloat64()
		y[t] = 200 + pattern[t%7] + 12*rng.NormFloat64()
	}
	theta := func(train []float64, h int) (*forecast.Forecast, error) {
		return forecast.Theta(train, 7, h, 80)
	}
	fc, err := theta(y, 14)
	if err != nil {
		panic(err)
	}
	cal, err := forecast.Calibrate(context.Background(), y, fc, theta, &forecast.CalibrationOptions{Period: 7})
	if err != nil {
		panic(err)
	}
	for _, f := range []*forecast.Forecast{fc, cal} {
		b := f.Intervals[0]
		fmt.Printf("day 1: %.1f in %.1f..%.1f; day 14: %.1f in %.1f..%.1f\n",
			f.Mean[0], b.Lower[0], b.Upper[0], f.Mean[13], b.Lower[13], b.Upper[13])
	}
	// Output:
	// day 1: 246.7 in 225.2..268.2; day 14: 165.0 in 143.5..186.6
	// day 1: 246.7 in 215.4..278.0; day 14: 165.0 in 133.6..196.4
}
