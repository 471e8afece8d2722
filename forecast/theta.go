package forecast

import (
	"fmt"
	"math"
)

// seasonalityTest reports whether y shows significant seasonality at lag m:
// the autocorrelation at lag m exceeds the 90% one-sided limit
// 1.645·sqrt((1 + 2·Σ_{k<m} r_k²)/n) (the test of Assimakopoulos &
// Nikolopoulos's M3 entry and R's thetaf). It needs n > 2m.
func seasonalityTest(y []float64, m int) bool {
	n := len(y)
	if m < 2 || n <= 2*m || isConstant(y) {
		return false
	}
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(n)
	den := 0.0
	for _, v := range y {
		den += (v - mean) * (v - mean)
	}
	acf := func(k int) float64 {
		s := 0.0
		for t := 0; t+k < n; t++ {
			s += (y[t] - mean) * (y[t+k] - mean)
		}
		return s / den
	}
	sum := 0.0
	for k := 1; k < m; k++ {
		r := acf(k)
		sum += r * r
	}
	stat := math.Sqrt((1 + 2*sum) / float64(n))
	return math.Abs(acf(m))/stat > normalQuantile(0.95)
}

// seasonalAdjust divides y by its classical multiplicative seasonal
// component when the seasonality test is significant; it returns the
// adjusted series and the m seasonal indices for the periods after the end
// of y (nil when no adjustment was made).
func seasonalAdjust(y []float64, m int) (adj []float64, future []float64) {
	if !seasonalityTest(y, m) {
		return y, nil
	}
	seas := classicalSeasonal(y, m, true)
	for _, s := range seas {
		// Zero or undefined indices (a zero trend) make the adjustment
		// meaningless: forecast the series as it is.
		if math.Abs(s) < 1e-4 || math.IsNaN(s) || math.IsInf(s, 0) {
			return y, nil
		}
	}
	adj = make([]float64, len(y))
	for i := range y {
		adj[i] = y[i] / seas[i]
	}
	n := len(y)
	future = make([]float64, m)
	for j := range future {
		future[j] = seas[(n+j)%m]
	}
	return adj, future
}

// Theta forecasts with the Theta method of Assimakopoulos & Nikolopoulos
// (2000) in the form of Hyndman & Billah (2003) and R's thetaf: when the
// series is significantly seasonal (seasonalityTest) it is divided by a
// classical multiplicative seasonal component; simple exponential smoothing
// (fitted by maximum likelihood) is then given half the slope of the linear
// trend as drift, and the forecasts are reseasonalised. Intervals are
// those of the SES model, widened by (1 + (h-1)α²).
func Theta(y []float64, period, h int, levels ...float64) (*Forecast, error) {
	if len(levels) == 0 {
		levels = DefaultLevels
	}
	if err := checkForecastArgs(h, levels); err != nil {
		return nil, err
	}
	if err := checkSeries(y, 4); err != nil {
		return nil, err
	}
	x, future := seasonalAdjust(y, period)
	n := len(x)
	var ses *ETS
	var err error
	if isConstant(x) {
		ses = constantETS(x)
	} else if ses, err = FitETS(x, 1, ETSSpec{Error: Additive}); err != nil {
		return nil, fmt.Errorf("theta: %w", err)
	}
	level := ses.Final[0]
	// Slope of the regression on t = 0..n-1 is that on 1..n.
	_, slope := lineFit(x)
	b := slope / 2
	alpha := math.Max(1e-10, ses.Alpha)
	mean := make([]float64, h)
	v := make([]float64, h)
	shift := (1 - math.Pow(1-alpha, float64(n))) / alpha
	for i := range mean {
		mean[i] = level + b*(float64(i)+shift)
		if future != nil {
			mean[i] *= future[i%period]
		}
		v[i] = ses.Sigma2 * (float64(i)*alpha*alpha + 1)
	}
	fc := &Forecast{Method: "theta", Mean: mean, Intervals: normalIntervals(mean, v, levels)}
	return fc, fc.finite()
}
