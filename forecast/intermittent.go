package forecast

import (
	"fmt"
	"math"
)

// IntermittentOptions configure Croston, SBA and TSB. Zero values mean the
// defaults noted on each field.
type IntermittentOptions struct {
	// Alpha smooths the demand sizes (default 0.1, as R's croston).
	Alpha float64
	// Beta smooths the demand probability in TSB (default 0.1).
	Beta float64
}

func (o *IntermittentOptions) params() (alpha, beta float64, err error) {
	alpha, beta = 0.1, 0.1
	if o != nil {
		if o.Alpha != 0 {
			alpha = o.Alpha
		}
		if o.Beta != 0 {
			beta = o.Beta
		}
	}
	if !(alpha > 0 && alpha <= 1) {
		return 0, 0, invalid("Alpha", alpha, "must be in (0, 1]")
	}
	if !(beta > 0 && beta <= 1) {
		return 0, 0, invalid("Beta", beta, "must be in (0, 1]")
	}
	return alpha, beta, nil
}

// Croston forecasts intermittent demand by Croston's method (1972): demand
// sizes and the intervals between demands are smoothed separately by simple
// exponential smoothing started at their first values (R's croston), and
// the forecast per period is size/interval, flat over the horizon.
// Intervals are approximate: normal with the variance of the in-sample
// one-step errors at every horizon (demand per period taken as independent
// around the flat forecast), truncated at zero (demand cannot be negative).
func Croston(y []float64, h int, opts *IntermittentOptions, levels ...float64) (*Forecast, error) {
	return crostonFamily(y, h, opts, levels, false)
}

// SBA forecasts intermittent demand with the Syntetos-Boylan approximation
// (2005): Croston's estimate times (1 - α/2), which removes its bias.
func SBA(y []float64, h int, opts *IntermittentOptions, levels ...float64) (*Forecast, error) {
	return crostonFamily(y, h, opts, levels, true)
}

func checkDemand(y []float64, h int, levels []float64) error {
	if err := checkForecastArgs(h, levels); err != nil {
		return err
	}
	if err := checkSeries(y, 1); err != nil {
		return err
	}
	for i, v := range y {
		if v < 0 {
			return fmt.Errorf("%w: negative demand %v at index %d", ErrInvalid, v, i)
		}
	}
	return nil
}

func crostonFamily(y []float64, h int, opts *IntermittentOptions, levels []float64, sba bool) (*Forecast, error) {
	if len(levels) == 0 {
		levels = DefaultLevels
	}
	if err := checkDemand(y, h, levels); err != nil {
		return nil, err
	}
	alpha, _, err := opts.params()
	if err != nil {
		return nil, err
	}
	factor := 1.0
	name := "croston"
	if sba {
		factor = 1 - alpha/2
		name = "sba"
	}
	// One pass gives both the final estimate and the in-sample one-step errors.
	var z, p float64 // smoothed size and interval
	started := false
	sinceLast := 0
	var sse float64
	var nErr int
	for _, v := range y {
		sinceLast++
		if started {
			e := v - factor*z/p
			sse += e * e
			nErr++
		}
		if v > 0 {
			if !started {
				z, p = v, float64(sinceLast)
				started = true
			} else {
				z += alpha * (v - z)
				p += alpha * (float64(sinceLast) - p)
			}
			sinceLast = 0
		}
	}
	f := 0.0
	if started {
		f = factor * z / p
	}
	return intermittentForecast(name, f, sse, nErr, h, levels)
}

// TSB forecasts intermittent demand by the method of Teunter, Syntetos &
// Babai (2011): the demand size is smoothed when demand occurs (Alpha) and
// the probability of demand every period (Beta), so the forecast decays
// towards zero for items that stop selling. It starts from the first
// non-zero size and the observed demand frequency.
func TSB(y []float64, h int, opts *IntermittentOptions, levels ...float64) (*Forecast, error) {
	if len(levels) == 0 {
		levels = DefaultLevels
	}
	if err := checkDemand(y, h, levels); err != nil {
		return nil, err
	}
	alpha, beta, err := opts.params()
	if err != nil {
		return nil, err
	}
	nz := 0
	z := 0.0
	for _, v := range y {
		if v > 0 {
			if nz == 0 {
				z = v
			}
			nz++
		}
	}
	p := float64(nz) / float64(len(y))
	var sse float64
	for _, v := range y {
		e := v - p*z
		sse += e * e
		if v > 0 {
			p += beta * (1 - p)
			z += alpha * (v - z)
		} else {
			p -= beta * p
		}
	}
	return intermittentForecast("tsb", p*z, sse, len(y), h, levels)
}

func intermittentForecast(name string, f, sse float64, nErr, h int, levels []float64) (*Forecast, error) {
	mean := make([]float64, h)
	v := make([]float64, h)
	s2 := 0.0
	if nErr > 0 {
		s2 = sse / float64(nErr)
	}
	for i := range mean {
		mean[i] = f
		v[i] = s2
	}
	fc := &Forecast{Method: name, Mean: mean, Intervals: normalIntervals(mean, v, levels)}
	for _, iv := range fc.Intervals {
		for i := range iv.Lower {
			iv.Lower[i] = math.Max(iv.Lower[i], 0)
		}
	}
	return fc, fc.finite()
}
