package forecast

import "math"

// classicalSeasonal returns the seasonal component of a classical
// decomposition (Kendall & Stuart; R's decompose): a centred moving average of
// order m (2×m for even m) as trend, the detrended values averaged by position
// in the cycle, and the m figures normalised to sum to 0 (additive) or to m
// (multiplicative). The result has len(y) entries, entry i belonging to
// position i mod m. It needs len(y) ≥ 2m.
func classicalSeasonal(y []float64, m int, multiplicative bool) []float64 {
	n := len(y)
	figure := classicalFigure(y, m, multiplicative)
	out := make([]float64, n)
	for i := range out {
		out[i] = figure[i%m]
	}
	return out
}

// classicalFigure returns the m normalised seasonal figures of classicalSeasonal.
func classicalFigure(y []float64, m int, multiplicative bool) []float64 {
	n := len(y)
	trend := centredMA(y, m)
	sum := make([]float64, m)
	cnt := make([]int, m)
	for i := 0; i < n; i++ {
		if math.IsNaN(trend[i]) {
			continue
		}
		v := y[i] - trend[i]
		if multiplicative {
			v = y[i] / trend[i]
		}
		sum[i%m] += v
		cnt[i%m]++
	}
	figure := make([]float64, m)
	mean := 0.0
	for j := range figure {
		if cnt[j] > 0 {
			figure[j] = sum[j] / float64(cnt[j])
		} else if multiplicative {
			figure[j] = 1
		}
		mean += figure[j]
	}
	mean /= float64(m)
	for j := range figure {
		if multiplicative {
			figure[j] /= mean
		} else {
			figure[j] -= mean
		}
	}
	return figure
}

// centredMA is the centred moving average of order m used as the trend of a
// classical decomposition; the ends it cannot cover are NaN.
func centredMA(y []float64, m int) []float64 {
	n := len(y)
	out := make([]float64, n)
	for i := range out {
		out[i] = math.NaN()
	}
	if m%2 == 1 {
		h := m / 2
		for i := h; i < n-h; i++ {
			s := 0.0
			for j := i - h; j <= i+h; j++ {
				s += y[j]
			}
			out[i] = s / float64(m)
		}
		return out
	}
	h := m / 2
	for i := h; i < n-h; i++ {
		s := 0.5*y[i-h] + 0.5*y[i+h]
		for j := i - h + 1; j < i+h; j++ {
			s += y[j]
		}
		out[i] = s / float64(m)
	}
	return out
}
