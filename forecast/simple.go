package forecast

import (
	"fmt"
	"math"
)

// Naive forecasts every horizon with the last observation (a random walk).
// Intervals follow R's forecast::naive: σ² is the mean squared first
// difference and the variance grows linearly with the horizon.
func Naive(y []float64, h int, levels ...float64) (*Forecast, error) {
	fc, err := lagWalk(y, 1, h, false, levels)
	if fc != nil {
		fc.Method = "naive"
	}
	return fc, err
}

// SeasonalNaive forecasts each horizon with the observation one season
// earlier. Intervals follow R's forecast::snaive (σ² the mean squared
// seasonal difference, variance growing with the number of whole seasons
// ahead).
func SeasonalNaive(y []float64, period, h int, levels ...float64) (*Forecast, error) {
	if period < 1 {
		return nil, invalid("period", period, "must be at least 1")
	}
	fc, err := lagWalk(y, period, h, false, levels)
	if fc != nil {
		fc.Method = "snaive"
	}
	return fc, err
}

// Drift extends the line from the first to the last observation (a random
// walk with drift, R's rwf(drift = TRUE)), with intervals that include the
// uncertainty of the estimated drift.
func Drift(y []float64, h int, levels ...float64) (*Forecast, error) {
	fc, err := lagWalk(y, 1, h, true, levels)
	if fc != nil {
		fc.Method = "drift"
	}
	return fc, err
}

// lagWalk implements the random-walk family: forecasts repeat the last lag
// observations, plus a drift when asked.
func lagWalk(y []float64, lag, h int, drift bool, levels []float64) (*Forecast, error) {
	if len(levels) == 0 {
		levels = DefaultLevels
	}
	if err := checkForecastArgs(h, levels); err != nil {
		return nil, err
	}
	minLen := lag + 1
	if drift {
		minLen = lag + 2
	}
	if err := checkSeries(y, minLen); err != nil {
		return nil, err
	}
	n := len(y)
	d := make([]float64, n-lag)
	for i := range d {
		d[i] = y[i+lag] - y[i]
	}
	var b, bse, sigma float64
	if drift {
		for _, v := range d {
			b += v
		}
		b /= float64(len(d))
		ss := 0.0
		for _, v := range d {
			ss += (v - b) * (v - b)
		}
		sigma = math.Sqrt(ss / float64(len(d)-1))
		bse = sigma / math.Sqrt(float64(len(d)))
	} else {
		ss := 0.0
		for _, v := range d {
			ss += v * v
		}
		sigma = math.Sqrt(ss / float64(len(d)))
	}
	mean := make([]float64, h)
	v := make([]float64, h)
	for i := range mean {
		steps := float64(i/lag + 1)
		mean[i] = y[n-lag+i%lag] + steps*b
		v[i] = sigma*sigma*steps + (steps*bse)*(steps*bse)
	}
	fc := &Forecast{Mean: mean, Intervals: normalIntervals(mean, v, levels)}
	if err := fc.finite(); err != nil {
		return nil, fmt.Errorf("random walk: %w", err)
	}
	return fc, nil
}
