package forecast

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// IntervalMode chooses how Auto builds its prediction intervals.
type IntervalMode int

const (
	// IntervalsDefault calibrates the intervals of daily series
	// (IntervalsCalibrated) and keeps the model's intervals otherwise.
	IntervalsDefault IntervalMode = iota
	// IntervalsModel keeps the intervals of the fitted model as they are.
	IntervalsModel
	// IntervalsCalibrated rescales the model's intervals by the size of its
	// own out-of-sample errors on the series' history (see Calibrate).
	IntervalsCalibrated
)

// CalibrationOptions configure Calibrate. The zero value (or nil) picks the
// defaults.
type CalibrationOptions struct {
	// Origins is the number of past forecast origins whose errors calibrate
	// the intervals (default 12: with Step about h/4 they reach three
	// horizons back, recent enough to follow a shop's changing error scale,
	// and give a few hundred scored errors for a daily 28-day horizon).
	Origins int
	// Step is the number of periods between origins (default: about a
	// quarter of the horizon, moved off multiples of Period so the origins
	// fall on different days of the cycle).
	Step int
	// Period is the main seasonal period of the series (1 or 0: none).
	Period int
	// MinTrain is the shortest history an origin may have (default: half
	// the series).
	MinTrain int
}

// minCalibrationScores is the fewest scored past errors from which Calibrate
// trusts their quantiles; with fewer it keeps the model's intervals.
const minCalibrationScores = 40

// Calibrate replaces the prediction intervals of fc, the forecast of y by
// method, with empirical intervals that have the coverage the method
// actually achieved on y's own history. It refits method at earlier
// forecast origins t (rolling origin, time-series cross-validation), scores
// each past h-step error against the scale the model itself claimed there,
// u = (y[t+j] − mean_j) / s_j with s_j the half-width of the model's first
// interval over its normal quantile, and takes the level-quantile q of |u|
// over all origins and horizons (the finite-sample conformal rank
// ⌈(m+1)·level⌉ of m scores). The new interval at horizon j is
// mean_j ± q·s_j: the model's shape of uncertainty across the horizon,
// scaled so that its past errors fall inside at the nominal rate.
//
// This is the empirical prediction interval of Williams & Goodman (1971,
// "A simple method for the construction of empirical confidence limits for
// economic forecasts", JASA 66:752–754), built on the rolling-origin errors
// of Hyndman & Athanasopoulos, Forecasting: Principles and Practice (3rd
// ed., §5.5 and §5.10), with the errors normalised by the model's own
// scale as in locally weighted split-conformal prediction (Lei, G'Sell,
// Rinaldo, Tibshirani & Wasserman 2018, "Distribution-free predictive
// inference for regression", JASA 113:1094–1111), so that a few dozen
// origins suffice for every horizon and level. It corrects what a model's
// analytical intervals leave out: parameter, model-selection and
// decomposition uncertainty (MSTL carries its seasonal estimates forward as
// if they were known).
//
// The point forecasts are unchanged. Horizons where the model's interval
// has zero width (closed days) stay at zero width and are not scored. When
// the history gives fewer than 40 scored errors (a short series) fc is
// returned unchanged (documented fallback). The refits run on
// runtime.GOMAXPROCS(0) goroutines; method must be safe for concurrent use
// and should not itself calibrate. Calibrate honours ctx.
func Calibrate(ctx context.Context, y []float64, fc *Forecast, method func(train []float64, h int) (*Forecast, error), opts *CalibrationOptions) (*Forecast, error) {
	var o CalibrationOptions
	if opts != nil {
		o = *opts
	}
	if o.Origins < 0 {
		return nil, invalid("Origins", o.Origins, "must not be negative")
	}
	if o.Step < 0 {
		return nil, invalid("Step", o.Step, "must not be negative")
	}
	if o.MinTrain < 0 {
		return nil, invalid("MinTrain", o.MinTrain, "must not be negative")
	}
	if fc == nil || len(fc.Mean) == 0 {
		return nil, invalid("fc", fc, "need a forecast with at least one horizon")
	}
	if method == nil {
		return nil, invalid("method", "nil", "need the forecasting method to refit")
	}
	if err := checkSeries(y, 1); err != nil {
		return nil, err
	}
	if len(fc.Intervals) == 0 {
		return fc, nil
	}
	h := len(fc.Mean)
	if o.Origins == 0 {
		o.Origins = 12
	}
	if o.Step == 0 {
		o.Step = max(1, (h+2)/4)
		if o.Period > 1 && o.Step%o.Period == 0 {
			o.Step++
		}
	}
	n := len(y)
	if o.MinTrain == 0 {
		o.MinTrain = n / 2
	}
	o.MinTrain = max(o.MinTrain, 4)
	var origins []int
	for t := n - h; t >= o.MinTrain && len(origins) < o.Origins; t -= o.Step {
		origins = append(origins, t)
	}
	ref := fc.Intervals[0]
	zRef := normalQuantile(0.5 + ref.Level/200)

	scores := make([][]float64, len(origins))
	errs := make([]error, len(origins))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(origins)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				scores[k], errs[k] = originScores(y, origins[k], h, method)
			}
		}()
	}
	for k := range origins {
		if ctx.Err() != nil {
			break
		}
		next <- k
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var all []float64
	for k := range scores {
		if errs[k] != nil {
			// An origin the method cannot forecast (too short, say)
			// simply gives no evidence.
			continue
		}
		all = append(all, scores[k]...)
	}
	if len(all) < minCalibrationScores {
		return fc, nil
	}
	slices.Sort(all)
	out := *fc
	out.Intervals = make([]Interval, len(fc.Intervals))
	for k, iv := range fc.Intervals {
		q := conformalQuantile(all, iv.Level/100)
		civ := Interval{Level: iv.Level, Lower: make([]float64, h), Upper: make([]float64, h)}
		for j := range h {
			s := (ref.Upper[j] - ref.Lower[j]) / (2 * zRef)
			civ.Lower[j] = fc.Mean[j] - q*s
			civ.Upper[j] = fc.Mean[j] + q*s
		}
		out.Intervals[k] = civ
	}
	return &out, out.finite()
}

// originScores forecasts y[:t] and returns the absolute normalised errors
// |y − mean| / s of the horizons inside the data with a non-zero scale.
func originScores(y []float64, t, h int, method func([]float64, int) (*Forecast, error)) ([]float64, error) {
	hh := min(h, len(y)-t)
	f, err := method(y[:t], hh)
	if err != nil {
		return nil, err
	}
	if len(f.Intervals) == 0 || len(f.Mean) < hh {
		return nil, fmt.Errorf("%w: calibration origin %d has no interval", ErrNoModel, t)
	}
	iv := f.Intervals[0]
	zRef := normalQuantile(0.5 + iv.Level/200)
	out := make([]float64, 0, hh)
	for j := range hh {
		s := (iv.Upper[j] - iv.Lower[j]) / (2 * zRef)
		if !(s > 0) || math.IsInf(s, 0) {
			continue
		}
		out = append(out, math.Abs(y[t+j]-f.Mean[j])/s)
	}
	return out, nil
}

// conformalQuantile is the ⌈(m+1)p⌉-th smallest of the m sorted scores
// (the largest when that rank exceeds m).
func conformalQuantile(sorted []float64, p float64) float64 {
	m := len(sorted)
	r := int(math.Ceil(float64(m+1) * p))
	return sorted[min(max(r, 1), m)-1]
}
