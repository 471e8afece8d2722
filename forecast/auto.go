package forecast

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// AutoOptions configure Auto. The zero value (or nil) picks everything.
type AutoOptions struct {
	// Horizon is the number of periods to forecast (default: 28 days,
	// 13 weeks, 12 months or 8 quarters).
	Horizon int
	// Levels of the prediction intervals (default 80 and 95).
	Levels []float64
	// Periods are the seasonal periods (default: 7 and 365 for daily data,
	// 52 for weekly, 12 for monthly, 4 for quarterly, none otherwise). The first is the main
	// period for methods that take one.
	Periods []int
	// IntermittentShare is the share of zero periods from which a series
	// counts as intermittent demand and is forecast by TSB (default 0.5).
	IntermittentShare float64
	// Intervals chooses model or calibrated prediction intervals. The
	// default calibrates daily series: MSTL's intervals there leave out the
	// uncertainty of the weekly and yearly patterns and covered only about
	// 0.63–0.77 of actual daily revenue at the 80% level.
	Intervals IntervalMode
	// Calibration configures the calibrated intervals (nil: defaults).
	Calibration *CalibrationOptions
}

// Auto forecasts a calendar series with the method that suits it:
//
//   - intermittent demand (at least IntermittentShare zero periods): TSB;
//   - daily or weekly data: MSTLForecast over the weekly and yearly cycles
//     the data cover (two full cycles needed), ETS alone otherwise;
//   - other data: the default Combination (ETS, Theta, Holt-Winters and
//     seasonal naive for seasonal data; ETS, Theta and drift otherwise) at
//     the main period;
//   - fewer than 4 observations: the naive forecast (documented fallback).
//
// Daily data keep closed days: a weekday with no sales in each of the last
// eight weeks is forecast as zero with a zero-width interval.
//
// With calibrated intervals (the default for daily data, see
// AutoOptions.Intervals) the same choice of method is refitted at 12 earlier
// origins of the series and the intervals are rescaled so that its past
// out-of-sample errors fall inside them at the nominal rate (Calibrate);
// the point forecasts do not change. That costs up to 12 extra fits, run on all
// cores.
//
// Sales cannot be negative, so for series without negative values the
// forecasts and interval bounds are truncated at zero. The forecast carries
// the series' key and calendar (Forecast.Time). Auto honours ctx.
func Auto(ctx context.Context, s Series, opts *AutoOptions) (*Forecast, error) {
	var o AutoOptions
	if opts != nil {
		o = *opts
	}
	if o.Horizon == 0 {
		switch s.Frequency {
		case Daily:
			o.Horizon = 28
		case Weekly:
			o.Horizon = 13
		case Quarterly:
			o.Horizon = 8
		default:
			o.Horizon = 12
		}
	}
	if o.Levels == nil {
		o.Levels = DefaultLevels
	}
	if o.IntermittentShare == 0 {
		o.IntermittentShare = 0.5
	}
	if err := checkForecastArgs(o.Horizon, o.Levels); err != nil {
		return nil, err
	}
	if o.Intervals < IntervalsDefault || o.Intervals > IntervalsCalibrated {
		return nil, invalid("Intervals", o.Intervals, "unknown interval mode")
	}
	y := s.Values
	if err := checkSeries(y, 1); err != nil {
		return nil, fmt.Errorf("series %q: %w", s.Key, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	periods := o.Periods
	if periods == nil {
		switch s.Frequency {
		case Daily:
			periods = []int{7, 365}
		case Weekly:
			periods = []int{52}
		case Monthly:
			periods = []int{12}
		case Quarterly:
			periods = []int{4}
		}
	}
	mainPeriod := 1
	if len(periods) > 0 {
		mainPeriod = periods[0]
	}
	negative := slices.ContainsFunc(y, func(v float64) bool { return v < 0 })
	method := func(y []float64, h int) (*Forecast, error) {
		return autoRaw(ctx, y, s.Frequency, periods, mainPeriod, h, o)
	}
	fc, err := method(y, o.Horizon)
	if err != nil {
		return nil, fmt.Errorf("series %q: %w", s.Key, err)
	}
	if o.Intervals == IntervalsCalibrated || o.Intervals == IntervalsDefault && s.Frequency == Daily && seasonalPath(y, s.Frequency, mainPeriod, o) {
		co := CalibrationOptions{Period: mainPeriod}
		if o.Calibration != nil {
			co = *o.Calibration
			if co.Period == 0 {
				co.Period = mainPeriod
			}
		}
		fc, err = Calibrate(ctx, y, fc, method, &co)
		if err != nil {
			return nil, fmt.Errorf("series %q: %w", s.Key, err)
		}
	}
	if !negative {
		clamp := func(v []float64) {
			for i := range v {
				v[i] = math.Max(v[i], 0)
			}
		}
		clamp(fc.Mean)
		for _, iv := range fc.Intervals {
			clamp(iv.Lower)
			clamp(iv.Upper)
		}
	}
	fc.Key = s.Key
	if s.Frequency != 0 && !s.Start.IsZero() {
		fc.Frequency = s.Frequency
		fc.Start = s.Frequency.Add(s.Start, len(y))
	}
	return fc, nil
}

// seasonalPath reports whether Auto forecasts y by MSTLForecast (rather
// than the naive fallback, TSB or the Combination): the case whose model
// intervals leave out the seasonal uncertainty. Intermittent demand keeps
// TSB's intervals, whose shape inventory planning relies on.
func seasonalPath(y []float64, freq Frequency, mainPeriod int, o AutoOptions) bool {
	if len(y) < 4 || intermittent(y, o) {
		return false
	}
	return freq == Daily || freq == Weekly || mainPeriod > 24
}

// intermittent reports whether y, without negative values, has at least
// the IntermittentShare of zero periods.
func intermittent(y []float64, o AutoOptions) bool {
	zeros := 0
	for _, v := range y {
		if v < 0 {
			return false
		}
		if v == 0 {
			zeros++
		}
	}
	return float64(zeros) >= o.IntermittentShare*float64(len(y))
}

// autoRaw is Auto's choice of method on plain values, with closed days
// zeroed but before truncation at zero: the forecaster Calibrate refits.
func autoRaw(ctx context.Context, y []float64, freq Frequency, periods []int, mainPeriod, h int, o AutoOptions) (*Forecast, error) {
	var fc *Forecast
	var err error
	switch {
	case len(y) < 4:
		fc, err = Naive(y, h, o.Levels...)
	case seasonalPath(y, freq, mainPeriod, o):
		fc, err = MSTLForecast(ctx, y, periods, h, o.Levels...)
	case intermittent(y, o):
		fc, err = TSB(y, h, nil, o.Levels...)
	default:
		fc, err = Combination(nil).Forecast(y, mainPeriod, h, o.Levels)
	}
	if err != nil {
		return nil, err
	}
	if mainPeriod == 7 {
		closeDays(y, fc)
	}
	return fc, nil
}

// closedWeeks is how many recent weeks without sales mark a weekday closed.
const closedWeeks = 8

// closeDays zeroes the forecasts of weekdays (positions in a 7-day cycle)
// that had no sales in each of the last closedWeeks weeks.
func closeDays(y []float64, fc *Forecast) {
	n := len(y)
	if n < 7*closedWeeks {
		return
	}
	var closed [7]bool
	for pos := 0; pos < 7; pos++ {
		closed[pos] = true
		for w := 1; w <= closedWeeks; w++ {
			if y[n-7*w+pos] != 0 {
				closed[pos] = false
				break
			}
		}
	}
	for i := range fc.Mean {
		// Forecast i falls at series index n+i, position (n+i-n)%7 relative
		// to the cycle that starts at n-7.
		if closed[i%7] {
			fc.Mean[i] = 0
			for _, iv := range fc.Intervals {
				iv.Lower[i], iv.Upper[i] = 0, 0
			}
		}
	}
}
