package forecast

import (
	"context"
	"fmt"
)

// Method is a named forecasting method that fits a series and forecasts
// it, the unit compared by backtests and combined by Combination. Forecast
// must be safe for concurrent use; levels may be empty, in which case a
// method may skip computing intervals.
type Method struct {
	Name     string
	Forecast func(y []float64, period, h int, levels []float64) (*Forecast, error)
}

// NaiveMethod is Naive as a Method.
func NaiveMethod() Method {
	return Method{Name: "naive", Forecast: func(y []float64, _ int, h int, levels []float64) (*Forecast, error) {
		return Naive(y, h, levels...)
	}}
}

// SeasonalNaiveMethod is SeasonalNaive as a Method (Naive for period 1).
func SeasonalNaiveMethod() Method {
	return Method{Name: "snaive", Forecast: func(y []float64, period, h int, levels []float64) (*Forecast, error) {
		return SeasonalNaive(y, max(period, 1), h, levels...)
	}}
}

// DriftMethod is Drift as a Method.
func DriftMethod() Method {
	return Method{Name: "drift", Forecast: func(y []float64, _ int, h int, levels []float64) (*Forecast, error) {
		return Drift(y, h, levels...)
	}}
}

// ThetaMethod is Theta as a Method.
func ThetaMethod() Method {
	return Method{Name: "theta", Forecast: func(y []float64, period, h int, levels []float64) (*Forecast, error) {
		return Theta(y, period, h, levels...)
	}}
}

// ETSMethod is AutoETS as a Method (nil opts: forecast::ets defaults).
func ETSMethod(opts *ETSOptions) Method {
	return Method{Name: "ets", Forecast: func(y []float64, period, h int, levels []float64) (*Forecast, error) {
		fit, err := AutoETS(context.Background(), y, period, opts)
		if err != nil {
			return nil, err
		}
		if len(levels) == 0 {
			fc := &Forecast{Method: fit.Spec.String(), Mean: fit.ForecastMean(h)}
			return fc, fc.finite()
		}
		return fit.Forecast(h, levels...)
	}}
}

// DampedMethod is the damped-trend benchmark of the M4 competition: the
// series is seasonally adjusted as in Theta, ETS(A,Ad,N) is fitted by
// maximum likelihood and its forecasts are reseasonalised.
func DampedMethod() Method {
	return Method{Name: "damped", Forecast: func(y []float64, period, h int, levels []float64) (*Forecast, error) {
		return Damped(y, period, h, levels...)
	}}
}

// Damped forecasts with ETS(A,Ad,N) on the seasonally adjusted series (see
// DampedMethod). Series too short for a damped trend fall back to simple
// exponential smoothing.
func Damped(y []float64, period, h int, levels ...float64) (*Forecast, error) {
	if err := checkSeries(y, 3); err != nil {
		return nil, err
	}
	if err := checkForecastArgs(h, levels); err != nil {
		return nil, err
	}
	x, future := seasonalAdjust(y, period)
	var fit *ETS
	var err error
	if isConstant(x) {
		fit = constantETS(x)
	} else {
		fit, err = FitETS(x, 1, ETSSpec{Error: Additive, Trend: Additive, Damped: true})
		if err != nil {
			fit, err = FitETS(x, 1, ETSSpec{Error: Additive})
		}
		if err != nil {
			return nil, fmt.Errorf("damped: %w", err)
		}
	}
	var fc *Forecast
	if len(levels) == 0 {
		fc = &Forecast{Mean: fit.ForecastMean(h)}
	} else if fc, err = fit.Forecast(h, levels...); err != nil {
		return nil, err
	}
	fc.Method = "damped"
	if future != nil {
		scale := func(v []float64) {
			for i := range v {
				v[i] *= future[i%period]
			}
		}
		scale(fc.Mean)
		for _, iv := range fc.Intervals {
			scale(iv.Lower)
			scale(iv.Upper)
		}
	}
	return fc, fc.finite()
}

// BenchmarkMethod is the simple benchmark that suits the series: seasonal
// naive for seasonal data (period ≥ 2 and more than one cycle observed),
// drift otherwise.
func BenchmarkMethod() Method {
	return Method{Name: "benchmark", Forecast: func(y []float64, period, h int, levels []float64) (*Forecast, error) {
		if period >= 2 && len(y) > period {
			return SeasonalNaive(y, period, h, levels...)
		}
		return Drift(y, h, levels...)
	}}
}

// MSTLMethod is MSTLForecast as a Method. With no periods given it uses
// the task's period, plus the yearly cycle (365) for daily data (period 7).
func MSTLMethod(periods ...int) Method {
	return Method{Name: "mstl", Forecast: func(y []float64, period, h int, levels []float64) (*Forecast, error) {
		ps := periods
		if len(ps) == 0 {
			ps = []int{period}
			if period == 7 {
				ps = append(ps, 365)
			}
		}
		if len(levels) == 0 {
			levels = DefaultLevels
		}
		return MSTLForecast(context.Background(), y, ps, h, levels...)
	}}
}

// AutoMethod is Auto as a Method on a series without a calendar: the task's
// period is the main seasonal period (daily data, period 7, also get the
// yearly cycle 365 and, as in Auto, calibrated intervals).
func AutoMethod() Method {
	return Method{Name: "auto", Forecast: func(y []float64, period, h int, levels []float64) (*Forecast, error) {
		ps := []int{max(period, 1)}
		if period == 7 {
			ps = append(ps, 365)
		}
		if len(levels) == 0 {
			levels = DefaultLevels
		}
		s := Series{Values: y}
		if period == 7 {
			s.Frequency = Daily
		}
		return Auto(context.Background(), s, &AutoOptions{Horizon: h, Levels: levels, Periods: ps})
	}}
}

// HoltWintersMethod is classic Holt-Winters as a Method: additive seasonal
// when the period is at least 2 and two full cycles are observed, Holt's
// linear method otherwise.
func HoltWintersMethod() Method {
	return Method{Name: "hw", Forecast: func(y []float64, period, h int, levels []float64) (*Forecast, error) {
		opts := &HWOptions{Seasonal: HWNonSeasonal}
		if period >= 2 && len(y) > 2*period {
			opts.Seasonal = HWAdditive
		}
		m, err := HoltWinters(y, period, opts)
		if err != nil {
			return nil, err
		}
		return m.Forecast(h, levels...)
	}}
}
