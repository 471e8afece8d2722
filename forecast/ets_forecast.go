package forecast

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// etsSimPaths is the number of sample paths for simulated intervals.
const etsSimPaths = 5000

// Forecast returns point forecasts for horizons 1..h and prediction
// intervals at the given levels (DefaultLevels when none are given; pass
// an explicit empty slice via ForecastMean for none). Intervals are analytic
// where Hyndman et al. (2008, ch. 6) give the forecast variance — class 1
// (additive error, no multiplicative component), class 2 (multiplicative
// error, additive or no trend and season) and class 3 (multiplicative error
// and season, no multiplicative trend), where the class-3 mean also carries
// the variance correction — and from 5000 simulated paths otherwise (a fixed
// seed makes them reproducible).
func (e *ETS) Forecast(h int, levels ...float64) (*Forecast, error) {
	if len(levels) == 0 {
		levels = DefaultLevels
	}
	if err := checkForecastArgs(h, levels); err != nil {
		return nil, err
	}
	fc := &Forecast{Method: e.Spec.String()}
	s := e.Spec
	switch {
	case s.Trend != Multiplicative && s.Season != Multiplicative:
		mu, c := e.linearMeans(h)
		v := make([]float64, h)
		if s.Error == Additive {
			acc := 1.0
			for i := range v {
				v[i] = e.Sigma2 * acc
				acc += c[i] * c[i]
			}
		} else {
			theta := make([]float64, h)
			for j := range theta {
				theta[j] = mu[j] * mu[j]
				for i := 0; i < j; i++ {
					theta[j] += e.Sigma2 * c[i] * c[i] * theta[j-1-i]
				}
				v[j] = (1+e.Sigma2)*theta[j] - mu[j]*mu[j]
			}
		}
		fc.Mean = mu
		fc.Intervals = normalIntervals(mu, v, levels)
	case s.Error == Multiplicative && s.Season == Multiplicative && s.Trend != Multiplicative:
		mu, v := e.class3(h)
		fc.Mean = mu
		fc.Intervals = normalIntervals(mu, v, levels)
	default:
		fc.Mean = e.pointForecast(h)
		fc.Intervals = sampleIntervals(e.simulate(h, etsSimPaths, 1), levels)
	}
	if err := fc.finite(); err != nil {
		return nil, err
	}
	return fc, nil
}

// ForecastMean returns only the point forecasts of the recursion (no
// intervals): the cheap path for backtests.
func (e *ETS) ForecastMean(h int) []float64 {
	if e.Spec.Error == Multiplicative && e.Spec.Season == Multiplicative && e.Spec.Trend != Multiplicative {
		mu, _ := e.class3Mean(h, false)
		return mu
	}
	return e.pointForecast(h)
}

func (e *ETS) kernel() *etsKernel {
	k := &etsKernel{spec: e.Spec, m: e.Period, alpha: e.Alpha, beta: e.Beta, gamma: e.Gamma, phi: e.Phi,
		ring: make([]float64, e.Period)}
	k.setState(e.Final)
	return k
}

// pointForecast iterates the model's forecast function from the final state.
func (e *ETS) pointForecast(h int) []float64 {
	k := e.kernel()
	out := make([]float64, h)
	phistar := e.Phi
	for i := range out {
		var f float64
		switch e.Spec.Trend {
		case None:
			f = k.l
		case Additive:
			f = k.l + phistar*k.b
		default:
			f = k.l * math.Pow(k.b, phistar)
		}
		if e.Spec.Season != None {
			s := k.ring[(k.pos+i)%k.m]
			if e.Spec.Season == Additive {
				f += s
			} else {
				f *= s
			}
		}
		out[i] = f
		if math.Abs(e.Phi-1) < etsTol {
			phistar++
		} else {
			phistar += math.Pow(e.Phi, float64(i+2))
		}
	}
	return out
}

// linearMeans returns the point forecasts of a model without multiplicative
// components and the coefficients c_j = w'F^{j-1}g of its linear
// innovations form (for the forecast variance).
func (e *ETS) linearMeans(h int) (mu, c []float64) {
	mu = e.pointForecast(h)
	m := e.Period
	hasB := e.Spec.Trend != None
	hasS := e.Spec.Season != None
	// v = F^{j-1} g over the state (l, b, s_0..s_{m-1}).
	var vl, vb float64
	vs := make([]float64, m)
	vl = e.Alpha
	if hasB {
		vb = e.Beta
	}
	if hasS {
		vs[0] = e.Gamma
	}
	c = make([]float64, h)
	for j := range c {
		c[j] = vl
		if hasB {
			c[j] += e.Phi * vb
		}
		if hasS {
			c[j] += vs[m-1]
		}
		vl += e.Phi * vb
		vb *= e.Phi
		if hasS {
			last := vs[m-1]
			copy(vs[1:], vs[:m-1])
			vs[0] = last
		}
	}
	return mu, c
}

// class3Mean returns the class-3 forecast means and, when withVar, the
// matrices needed for the variance; see class3.
func (e *ETS) class3Mean(h int, withVar bool) ([]float64, []float64) {
	m := e.Period
	k := 1
	if e.Spec.Trend != None {
		k = 2
	}
	s2 := e.Sigma2
	F1 := mat.NewDense(k, k, nil)
	G1 := mat.NewDense(k, k, nil)
	F1.Set(0, 0, 1)
	G1.Set(0, 0, e.Alpha)
	if k == 2 {
		F1.Set(0, 1, 1)
		F1.Set(1, 1, e.Phi)
		G1.Set(0, 1, e.Alpha)
		G1.Set(1, 0, e.Beta)
		G1.Set(1, 1, e.Beta)
	}
	F2 := mat.NewDense(m, m, nil)
	F2.Set(0, m-1, 1)
	for i := 1; i < m; i++ {
		F2.Set(i, i-1, 1)
	}
	G2 := mat.NewDense(m, m, nil)
	G2.Set(0, m-1, e.Gamma)
	H1 := mat.NewDense(1, k, nil)
	H1.Set(0, 0, 1)
	if k == 2 {
		H1.Set(0, 1, 1)
	}
	H2 := mat.NewDense(1, m, nil)
	H2.Set(0, m-1, 1)
	x := mat.NewDense(k, 1, e.Final[:k:k])
	sv := mat.NewDense(1, m, append([]float64(nil), e.Final[k:]...))
	Mh := mat.NewDense(k, m, nil)
	Mh.Mul(x, sv)
	mu := make([]float64, h)
	var variance []float64
	km := k * m
	var Vh, F21, G21, K, H21 *mat.Dense
	if withVar {
		variance = make([]float64, h)
		Vh = mat.NewDense(km, km, nil)
		F21, G21, K, H21 = &mat.Dense{}, &mat.Dense{}, &mat.Dense{}, &mat.Dense{}
		F21.Kronecker(F2, F1)
		G21.Kronecker(G2, G1)
		var a, b mat.Dense
		a.Kronecker(G2, F1)
		b.Kronecker(F2, G1)
		K.Add(&a, &b)
		H21.Kronecker(H2, H1)
	}
	var t1, t2 mat.Dense
	vec := mat.NewDense(km, 1, nil)
	for i := 0; i < h; i++ {
		t1.Mul(H1, Mh)
		t2.Mul(&t1, H2.T())
		mu[i] = t2.At(0, 0)
		if withVar {
			var q mat.Dense
			q.Product(H21, Vh, H21.T())
			variance[i] = (1+s2)*q.At(0, 0) + s2*mu[i]*mu[i]
			for c := 0; c < m; c++ {
				for r := 0; r < k; r++ {
					vec.Set(c*k+r, 0, Mh.At(r, c))
				}
			}
			var mm, next, p1, p2, p3, p4, inner mat.Dense
			mm.Mul(vec, vec.T())
			next.Product(F21, Vh, F21.T())
			p1.Product(F21, Vh, G21.T())
			p2.Product(G21, Vh, F21.T())
			inner.Add(Vh, &mm)
			p3.Product(K, &inner, K.T())
			inner.Scale(3, Vh)
			mm.Scale(2, &mm)
			inner.Add(&inner, &mm)
			p4.Product(G21, &inner, G21.T())
			p4.Scale(s2, &p4)
			p1.Add(&p1, &p2)
			p1.Add(&p1, &p3)
			p1.Add(&p1, &p4)
			p1.Scale(s2, &p1)
			next.Add(&next, &p1)
			Vh = &next
		}
		var a, b mat.Dense
		a.Product(F1, Mh, F2.T())
		b.Product(G1, Mh, G2.T())
		b.Scale(s2, &b)
		a.Add(&a, &b)
		Mh = &a
	}
	return mu, variance
}

// class3 returns forecast means and variances of a class-3 model
// (multiplicative error and season, no multiplicative trend) by the matrix
// recursions of Hyndman et al. (2008, §6.4) on M_h = E[x_h s_h'] and the
// covariance of vec(M_h). For damped trends it uses the level-trend
// transition [[1 1] [0 φ]] with w = (1, 1), as forecast 8.20 does, so means
// and intervals agree with R's.
func (e *ETS) class3(h int) (mu, variance []float64) {
	return e.class3Mean(h, true)
}

// simulate draws paths future sample paths from the final state with
// Gaussian innovations of variance Sigma2; out[i] holds the draws at
// horizon i+1.
func (e *ETS) simulate(h, paths int, seed uint64) [][]float64 {
	out := make([][]float64, h)
	for i := range out {
		out[i] = make([]float64, paths)
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	sd := math.Sqrt(e.Sigma2)
	k := e.kernel()
	for p := 0; p < paths; p++ {
		k.setState(e.Final)
		for i := 0; i < h; i++ {
			f, ok := k.oneStep()
			if !ok {
				f = 0
			}
			eps := rng.NormFloat64() * sd
			y := f + eps
			if e.Spec.Error == Multiplicative {
				y = f * (1 + eps)
			}
			out[i][p] = y
			k.update(y)
		}
	}
	return out
}
