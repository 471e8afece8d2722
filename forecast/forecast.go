package forecast

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Forecast holds point forecasts for horizons 1..len(Mean) and prediction
// intervals at the requested levels.
type Forecast struct {
	Method    string     // the method or model that produced it, e.g. "ETS(M,Ad,M)"
	Key       string     // the series forecast (Series.Key), when known
	Frequency Frequency  // calendar of Start, zero for plain slices
	Start     time.Time  // start of the first forecast period, when known
	Mean      []float64  // point forecasts (mean of the forecast distribution)
	Intervals []Interval // one per requested level, in the order requested
}

// Interval is a central prediction interval: the true value is expected to
// fall inside [Lower[i], Upper[i]] with probability Level/100.
type Interval struct {
	Level        float64 // e.g. 80 or 95
	Lower, Upper []float64
}

// Time returns the start of forecast period i (0-based) when the forecast
// carries a calendar, the zero time otherwise.
func (f *Forecast) Time(i int) time.Time {
	if f.Frequency == 0 {
		return time.Time{}
	}
	return f.Frequency.Add(f.Start, i)
}

// Interval returns the interval at the given level, if it was computed.
func (f *Forecast) Interval(level float64) (Interval, bool) {
	for _, iv := range f.Intervals {
		if iv.Level == level {
			return iv, true
		}
	}
	return Interval{}, false
}

// DefaultLevels are the prediction interval levels used when none are given.
var DefaultLevels = []float64{80, 95}

// checkForecastArgs validates a horizon and interval levels.
func checkForecastArgs(h int, levels []float64) error {
	if h < 1 {
		return invalid("h", h, "horizon must be at least 1")
	}
	for _, l := range levels {
		if !(l > 0 && l < 100) {
			return invalid("levels", l, "levels are percentages strictly between 0 and 100")
		}
	}
	return nil
}

// normalIntervals builds intervals mean ± z·sd for each level.
func normalIntervals(mean, variance []float64, levels []float64) []Interval {
	out := make([]Interval, len(levels))
	for k, l := range levels {
		z := normalQuantile(0.5 + l/200)
		iv := Interval{Level: l, Lower: make([]float64, len(mean)), Upper: make([]float64, len(mean))}
		for i, mu := range mean {
			sd := math.Sqrt(math.Max(variance[i], 0))
			iv.Lower[i] = mu - z*sd
			iv.Upper[i] = mu + z*sd
		}
		out[k] = iv
	}
	return out
}

// normalQuantile is the standard normal quantile function.
func normalQuantile(p float64) float64 {
	return -math.Sqrt2 * math.Erfcinv(2*p)
}

// quantile7 is the sample quantile of sorted x by linear interpolation
// between order statistics (Hyndman & Fan type 7, R's default).
func quantile7(sorted []float64, p float64) float64 {
	n := len(sorted)
	h := float64(n-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i >= n-1 {
		return sorted[n-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}

// sampleIntervals builds intervals from simulated paths: paths[i] holds the
// draws for horizon i+1 (sorted in place).
func sampleIntervals(paths [][]float64, levels []float64) []Interval {
	out := make([]Interval, len(levels))
	for k, l := range levels {
		out[k] = Interval{Level: l, Lower: make([]float64, len(paths)), Upper: make([]float64, len(paths))}
	}
	for i, p := range paths {
		sort.Float64s(p)
		for k, l := range levels {
			out[k].Lower[i] = quantile7(p, 0.5-l/200)
			out[k].Upper[i] = quantile7(p, 0.5+l/200)
		}
	}
	return out
}

// finite reports an error when any forecast value is NaN or infinite, so no
// method hands back unusable numbers.
func (f *Forecast) finite() error {
	check := func(v []float64) error {
		for i, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("%w: %s forecast at horizon %d is %v", ErrNoModel, f.Method, i+1, x)
			}
		}
		return nil
	}
	if err := check(f.Mean); err != nil {
		return err
	}
	for _, iv := range f.Intervals {
		if err := check(iv.Lower); err != nil {
			return err
		}
		if err := check(iv.Upper); err != nil {
			return err
		}
	}
	return nil
}
