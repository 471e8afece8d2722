package forecast

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// etsBounds are the "usual" parameter bounds of forecast::ets: alpha, beta
// and gamma in [1e-4, 0.9999], phi in [0.8, 0.98].
var (
	etsLower = [4]float64{1e-4, 1e-4, 1e-4, 0.8}
	etsUpper = [4]float64{0.9999, 0.9999, 0.9999, 0.98}
)

// etsStartParams returns the starting smoothing parameters (alpha, beta,
// gamma, phi) of forecast::ets's initparam: alpha a fifth of the way into its
// range divided by m, beta and gamma near their lower bounds under the
// constraints beta < alpha and gamma < 1-alpha, phi near its upper bound.
func etsStartParams(spec ETSSpec, m int) (alpha, beta, gamma, phi float64) {
	lo, up := etsLower, etsUpper
	mm := 1
	if spec.Season != None {
		mm = m
	}
	alpha = lo[0] + 0.2*(up[0]-lo[0])/float64(mm)
	if alpha > 1 || alpha < 0 {
		alpha = lo[0] + 2e-3
	}
	if spec.Trend != None {
		u := math.Min(up[1], alpha)
		beta = lo[1] + 0.1*(u-lo[1])
		if beta < 0 || beta > alpha {
			beta = alpha - 1e-3
		}
	}
	if spec.Season != None {
		u := math.Min(up[2], 1-alpha)
		gamma = lo[2] + 0.05*(u-lo[2])
		if gamma < 0 || gamma > 1-alpha {
			gamma = 1 - alpha - 1e-3
		}
	}
	phi = 1
	if spec.Damped {
		phi = lo[3] + 0.99*(up[3]-lo[3])
		if phi < 0 || phi > 1 {
			phi = up[3] - 1e-3
		}
	}
	return
}

// etsStartState returns the heuristic initial states of forecast::ets
// (Hyndman et al. 2008, §2.6.1): seasonal states from a classical
// decomposition (or, with fewer than three cycles, from a regression on a
// trend and one Fourier pair), then level and trend from a regression on the
// first max(10, 2m) seasonally adjusted values. The result is
// (l, [b], s_0..s_{m-2}); the oldest seasonal state follows from
// normalisation and is not a free parameter.
func etsStartState(y []float64, spec ETSSpec, m int) []float64 {
	n := len(y)
	ysa := y
	var seas []float64
	if spec.Season != None {
		var comp []float64
		mult := spec.Season == Multiplicative
		if n < 3*m {
			a, b := fourierTrend(y, m)
			comp = make([]float64, n)
			for i := range comp {
				t := a + b*float64(i+1)
				if mult {
					comp[i] = y[i] / t
				} else {
					comp[i] = y[i] - t
				}
			}
		} else {
			comp = classicalSeasonal(y, m, mult)
		}
		seas = make([]float64, m-1)
		for j := 0; j < m-1; j++ {
			seas[j] = comp[m-1-j] // s_0 is the component of observation m
		}
		ysa = make([]float64, n)
		if mult {
			sum := 0.0
			for j := range seas {
				seas[j] = math.Max(seas[j], 1e-2)
				sum += seas[j]
			}
			if sum > float64(m) {
				tot := sum + 1e-2*float64(len(seas))
				for j := range seas {
					seas[j] /= tot
				}
			}
			for i := range ysa {
				ysa[i] = y[i] / math.Max(comp[i], 1e-2)
			}
		} else {
			for i := range ysa {
				ysa[i] = y[i] - comp[i]
			}
		}
	}
	mm := 1
	if spec.Season != None {
		mm = m
	}
	maxn := min(max(10, 2*mm), n)
	out := make([]float64, 0, 2+len(seas))
	if spec.Trend == None {
		s := 0.0
		for _, v := range ysa[:maxn] {
			s += v
		}
		out = append(out, s/float64(maxn))
	} else {
		a, b := lineFit(ysa[:maxn])
		if spec.Trend == Additive {
			l0, b0 := a, b
			if math.Abs(l0+b0) < 1e-8 {
				l0 *= 1 + 1e-3
				b0 *= 1 + 1e-3
			}
			out = append(out, l0, b0)
		} else {
			l0 := a + b
			if math.Abs(l0) < 1e-8 {
				l0 = 1e-7
			}
			b0 := (a + 2*b) / l0
			l0 /= b0
			if math.Abs(b0) > 1e10 {
				b0 = math.Copysign(1e10, b0)
			}
			if l0 < 1e-8 || b0 < 1e-8 {
				l0 = math.Max(ysa[0], 1e-3)
				b0 = math.Max(ysa[1]/ysa[0], 1e-3)
			}
			out = append(out, l0, b0)
		}
	}
	return append(out, seas...)
}

// lineFit is the least-squares line through (1, y_0), (2, y_1), ...; it
// returns intercept and slope.
func lineFit(y []float64) (a, b float64) {
	n := float64(len(y))
	var st, sy, stt, sty float64
	for i, v := range y {
		t := float64(i + 1)
		st += t
		sy += v
		stt += t * t
		sty += t * v
	}
	den := n*stt - st*st
	if den == 0 {
		return sy / n, 0
	}
	b = (n*sty - st*sy) / den
	a = (sy - b*st) / n
	return a, b
}

// fourierTrend regresses y on an intercept, a linear trend t = 1..n and one
// Fourier pair of period m, returning intercept and trend coefficients.
func fourierTrend(y []float64, m int) (a, b float64) {
	n := len(y)
	cols := 4
	if m == 2 { // the sine term vanishes at period 2
		cols = 3
	}
	X := mat.NewDense(n, cols, nil)
	for i := 0; i < n; i++ {
		t := float64(i + 1)
		X.Set(i, 0, 1)
		X.Set(i, 1, t)
		w := 2 * math.Pi * t / float64(m)
		if cols == 4 {
			X.Set(i, 2, math.Sin(w))
			X.Set(i, 3, math.Cos(w))
		} else {
			X.Set(i, 2, math.Cos(w))
		}
	}
	var beta mat.Dense
	if err := beta.Solve(X, mat.NewDense(n, 1, append([]float64(nil), y...))); err != nil {
		return lineFit(y)
	}
	return beta.At(0, 0), beta.At(1, 0)
}
