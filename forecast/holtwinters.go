package forecast

import (
	"fmt"
	"math"
)

// HWSeasonal selects the seasonal form of classic Holt-Winters.
type HWSeasonal uint8

// Holt-Winters forms.
const (
	HWAdditive HWSeasonal = iota
	HWMultiplicative
	HWNonSeasonal // Holt's linear trend method
	HWLevelOnly   // simple exponential smoothing
)

// HWOptions configure HoltWinters. Nil parameters are estimated by
// minimising the sum of squared one-step errors; set them to fix them.
type HWOptions struct {
	Seasonal           HWSeasonal
	Alpha, Beta, Gamma *float64
}

// HoltWintersModel is a fitted classic Holt-Winters model, initialised and
// estimated as R's stats::HoltWinters does. It is safe for concurrent use.
type HoltWintersModel struct {
	Seasonal           HWSeasonal
	Period             int
	Alpha, Beta, Gamma float64
	SSE                float64
	Level, Trend       float64   // final level a and trend b
	Season             []float64 // final seasonal figures s_1..s_m for the next m periods
	Fitted             []float64 // one-step forecasts, NaN-free, for observations Start..n-1
	Start              int       // index of the first fitted observation
	residVar           float64
}

// hwSetup holds the start values and data of one Holt-Winters filter.
type hwSetup struct {
	y          []float64
	m          int
	kind       HWSeasonal
	start      int // index of the first observation forecast
	l0, b0     float64
	s0         []float64
	season     []float64 // work buffer, m + n
	dotrend    bool
	doseasonal bool
}

// run filters the series and returns the SSE; when keep is true it also
// returns the final state.
func (h *hwSetup) run(alpha, beta, gamma float64, fitted []float64) (sse, level, trend float64) {
	clamp := func(v float64) float64 { return math.Max(math.Min(v, 1), 0) }
	alpha, beta, gamma = clamp(alpha), clamp(beta), clamp(gamma)
	level = h.l0
	if h.dotrend {
		trend = h.b0
	}
	copy(h.season, h.s0)
	additive := h.kind != HWMultiplicative
	for i := h.start; i < len(h.y); i++ {
		i0 := i - h.start + 1
		s0 := i0 + h.m - 1
		xhat := level + trend
		stmp := 0.0
		if h.doseasonal {
			stmp = h.season[s0-h.m]
		} else if !additive {
			stmp = 1
		}
		if additive {
			xhat += stmp
		} else {
			xhat *= stmp
		}
		if fitted != nil {
			fitted[i-h.start] = xhat
		}
		res := h.y[i] - xhat
		sse += res * res
		var nl float64
		if additive {
			nl = alpha*(h.y[i]-stmp) + (1-alpha)*(level+trend)
		} else {
			nl = alpha*(h.y[i]/stmp) + (1-alpha)*(level+trend)
		}
		if h.dotrend {
			trend = beta*(nl-level) + (1-beta)*trend
		}
		level = nl
		if h.doseasonal {
			if additive {
				h.season[s0] = gamma*(h.y[i]-level) + (1-gamma)*stmp
			} else {
				h.season[s0] = gamma*(h.y[i]/level) + (1-gamma)*stmp
			}
		}
	}
	return sse, level, trend
}

// HoltWinters fits classic Holt-Winters exponential smoothing the way R's
// stats::HoltWinters does: seasonal models start after one cycle from a
// classical decomposition of the first two cycles (level and trend from a
// regression on its trend, seasonal figures as start values); Holt's method
// starts from the first two observations; parameters in [0, 1] minimise the
// one-step SSE. period is the seasonal period (ignored for the
// non-seasonal forms).
func HoltWinters(y []float64, period int, opts *HWOptions) (*HoltWintersModel, error) {
	if opts == nil {
		opts = &HWOptions{}
	}
	h := &hwSetup{y: y, kind: opts.Seasonal, m: 1}
	switch opts.Seasonal {
	case HWAdditive, HWMultiplicative:
		if period < 2 {
			return nil, invalid("period", period, "seasonal Holt-Winters needs a period of at least 2")
		}
		if err := checkSeries(y, 2*period+1); err != nil {
			return nil, err
		}
		if opts.Seasonal == HWMultiplicative {
			for _, v := range y {
				if v <= 0 {
					return nil, fmt.Errorf("%w: multiplicative Holt-Winters needs positive data", ErrNoModel)
				}
			}
		}
		h.m = period
		h.start = period
		h.dotrend, h.doseasonal = true, true
		first := y[:2*period]
		trend := centredMA(first, period)
		var dat []float64
		for _, v := range trend {
			if !math.IsNaN(v) {
				dat = append(dat, v)
			}
		}
		h.l0, h.b0 = lineFit(dat)
		h.s0 = classicalFigure(first, period, opts.Seasonal == HWMultiplicative)
	case HWNonSeasonal:
		if err := checkSeries(y, 3); err != nil {
			return nil, err
		}
		h.start = 2
		h.l0, h.b0 = y[1], y[1]-y[0]
		h.dotrend = true
		h.s0 = []float64{0}
	case HWLevelOnly:
		if err := checkSeries(y, 2); err != nil {
			return nil, err
		}
		h.start = 1
		h.l0 = y[0]
		h.s0 = []float64{0}
	default:
		return nil, invalid("Seasonal", opts.Seasonal, "unknown Holt-Winters form")
	}
	h.season = make([]float64, h.m+len(y))
	alpha, beta, gamma := 0.3, 0.1, 0.1
	var free []*float64
	if opts.Alpha != nil {
		alpha = *opts.Alpha
	} else {
		free = append(free, &alpha)
	}
	if opts.Beta != nil {
		beta = *opts.Beta
	} else if h.dotrend {
		free = append(free, &beta)
	}
	if opts.Gamma != nil {
		gamma = *opts.Gamma
	} else if h.doseasonal {
		free = append(free, &gamma)
	}
	if !h.dotrend {
		beta = 0
	}
	if !h.doseasonal {
		gamma = 0
	}
	if len(free) > 0 {
		hwOptimise(h, free, &alpha, &beta, &gamma)
	}
	mod := &HoltWintersModel{Seasonal: opts.Seasonal, Period: h.m, Start: h.start,
		Alpha: alpha, Beta: beta, Gamma: gamma, Fitted: make([]float64, len(y)-h.start)}
	mod.SSE, mod.Level, mod.Trend = h.run(alpha, beta, gamma, mod.Fitted)
	n := len(y)
	if h.doseasonal {
		mod.Season = append([]float64(nil), h.season[n-h.start:n-h.start+h.m]...)
	}
	// Residual variance as R's var(): mean removed, n-1 denominator.
	res := make([]float64, len(mod.Fitted))
	mean := 0.0
	for i, f := range mod.Fitted {
		res[i] = y[h.start+i] - f
		mean += res[i]
	}
	mean /= float64(len(res))
	for _, r := range res {
		mod.residVar += (r - mean) * (r - mean)
	}
	if len(res) > 1 {
		mod.residVar /= float64(len(res) - 1)
	}
	return mod, nil
}

// hwOptimise minimises the SSE over the free parameters in [0,1] by a
// coarse grid followed by Nelder-Mead refinements (parameters outside the
// box are clamped by the filter, so the search may step over the bounds).
func hwOptimise(h *hwSetup, free []*float64, alpha, beta, gamma *float64) {
	k := len(free)
	obj := func(p []float64) float64 {
		for i, f := range free {
			*f = p[i]
		}
		for _, v := range p {
			if v < 0 || v > 1 {
				return math.Inf(1)
			}
		}
		sse, _, _ := h.run(*alpha, *beta, *gamma, nil)
		return sse
	}
	start := make([]float64, k)
	for i, f := range free {
		start[i] = *f
	}
	best := append([]float64(nil), start...)
	bestVal := obj(start)
	// A coarse grid guards against the poor local optima of the SSE surface.
	grid := []float64{0.05, 0.2, 0.4, 0.6, 0.8, 0.95}
	p := make([]float64, k)
	var walk func(d int)
	walk = func(d int) {
		if d == k {
			if v := obj(p); v < bestVal {
				bestVal = v
				copy(best, p)
			}
			return
		}
		for _, g := range grid {
			p[d] = g
			walk(d + 1)
		}
	}
	walk(0)
	ws := make([]float64, nmWorkspace(k))
	x := make([]float64, k)
	for round := 0; round < 4; round++ {
		v, _ := nelderMead(obj, best, x, 1e-12, 4000, ws)
		if v < bestVal {
			bestVal = v
			copy(best, x)
		} else if round > 0 {
			break
		}
	}
	// Polish parameters pinned near a bound onto it.
	for i := range best {
		for _, b := range []float64{0, 1} {
			old := best[i]
			best[i] = b
			if v := obj(best); v <= bestVal {
				bestVal = v
			} else {
				best[i] = old
			}
		}
	}
	obj(best)
}

// Forecast returns point forecasts a + h·b (+ or ×) s and prediction
// intervals from the forecast variance formulas of R's predict.HoltWinters
// (additive: the residual variance times 1 + Σ_{j<h} ψ_j², ψ_j = α(1+jβ) +
// [j ≡ 0 mod m]·γ(1-α); multiplicative: ψ_j scaled by seasonal ratios).
func (hw *HoltWintersModel) Forecast(h int, levels ...float64) (*Forecast, error) {
	if len(levels) == 0 {
		levels = DefaultLevels
	}
	if err := checkForecastArgs(h, levels); err != nil {
		return nil, err
	}
	mean := make([]float64, h)
	v := make([]float64, h)
	for i := range mean {
		step := float64(i + 1)
		f := hw.Level + step*hw.Trend
		if hw.Season != nil {
			s := hw.Season[i%hw.Period]
			if hw.Seasonal == HWMultiplicative {
				f *= s
			} else {
				f += s
			}
		}
		mean[i] = f
	}
	psi := func(j int) float64 {
		p := hw.Alpha * (1 + float64(j)*hw.Beta)
		if hw.Season != nil && j%hw.Period == 0 {
			p += hw.Gamma * (1 - hw.Alpha)
		}
		return p
	}
	if hw.Seasonal == HWMultiplicative {
		// R's formula for the multiplicative case scales ψ_j by ratios of
		// the coefficient vector (a, b, s_1..s_m) indexed by the position in
		// the cycle; kept as R has it so intervals agree.
		coef := append([]float64{hw.Level, hw.Trend}, hw.Season...)
		f := hw.Period
		for i := range v {
			rel := 1 + i%f
			sum := 0.0
			for j := 0; j <= i; j++ {
				q := psi(j) * coef[1+rel] / coef[1+((rel-j)%f+f)%f]
				sum += q * q
			}
			v[i] = hw.residVar * sum
		}
	} else {
		acc := 1.0
		for i := range v {
			if i > 0 {
				acc += psi(i) * psi(i)
			}
			v[i] = hw.residVar * acc
		}
	}
	fc := &Forecast{Method: "HoltWinters", Mean: mean, Intervals: normalIntervals(mean, v, levels)}
	return fc, fc.finite()
}
