package forecast

import (
	"fmt"
	"sort"
)

// CombineOptions configure Combination.
type CombineOptions struct {
	// Members are the combined methods. By default they depend on the
	// series: for seasonal data (period ≥ 2) ETSMethod(nil), ThetaMethod(),
	// HoltWintersMethod() and BenchmarkMethod() (seasonal naive); otherwise
	// ETSMethod(nil), ThetaMethod() and BenchmarkMethod() (drift). These
	// sets were chosen on the tourism competition data, where their median
	// beat every member on every frequency except drift's MASE on yearly
	// data (see BENCHMARKS.md); ETS, Theta and damped ETS correlate too
	// strongly to gain as much.
	Members []Method
	// Mean combines by the mean instead of the median.
	Mean bool
}

// Combination returns a Method whose forecast is the median (or mean) of
// its members' forecasts at each horizon; interval bounds are combined the
// same way, a simple and commonly used approximation. Members that fail on
// a series are left out; it fails only when all do.
func Combination(opts *CombineOptions) Method {
	var o CombineOptions
	if opts != nil {
		o = *opts
	}
	seasonal := []Method{ETSMethod(nil), ThetaMethod(), HoltWintersMethod(), BenchmarkMethod()}
	plain := []Method{ETSMethod(nil), ThetaMethod(), BenchmarkMethod()}
	name := "comb"
	if o.Mean {
		name = "comb-mean"
	}
	return Method{Name: name, Forecast: func(y []float64, period, h int, levels []float64) (*Forecast, error) {
		var fcs []*Forecast
		var lastErr error
		members := o.Members
		if members == nil {
			members = plain
			if period >= 2 {
				members = seasonal
			}
		}
		for _, m := range members {
			fc, err := m.Forecast(y, period, h, levels)
			if err == nil && (len(fc.Mean) != h || len(fc.Intervals) < len(levels)) {
				err = fmt.Errorf("%w: member %s returned %d forecasts and %d intervals", ErrInvalid, m.Name, len(fc.Mean), len(fc.Intervals))
			}
			if err != nil {
				lastErr = err
				continue
			}
			fcs = append(fcs, fc)
		}
		if len(fcs) == 0 {
			return nil, fmt.Errorf("%w: every member failed: %w", ErrNoModel, lastErr)
		}
		agg := func(get func(*Forecast) []float64) []float64 {
			out := make([]float64, h)
			vals := make([]float64, len(fcs))
			for i := range out {
				for k, fc := range fcs {
					vals[k] = get(fc)[i]
				}
				out[i] = combineValues(vals[:len(fcs)], !o.Mean)
			}
			return out
		}
		fc := &Forecast{Method: name, Mean: agg(func(f *Forecast) []float64 { return f.Mean })}
		for li, l := range levels {
			fc.Intervals = append(fc.Intervals, Interval{Level: l,
				Lower: agg(func(f *Forecast) []float64 { return f.Intervals[li].Lower }),
				Upper: agg(func(f *Forecast) []float64 { return f.Intervals[li].Upper })})
		}
		return fc, fc.finite()
	}}
}

func combineValues(v []float64, median bool) float64 {
	if !median {
		s := 0.0
		for _, x := range v {
			s += x
		}
		return s / float64(len(v))
	}
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}
