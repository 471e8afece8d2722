package forecast

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// maxRootModulus finds the largest root modulus of the monic polynomial c
// (highest power first) from the eigenvalues of its companion matrix.
func maxRootModulus(c []float64) float64 {
	d := len(c) - 1
	comp := mat.NewDense(d, d, nil)
	for j := 0; j < d; j++ {
		comp.Set(0, j, -c[j+1])
	}
	for i := 1; i < d; i++ {
		comp.Set(i, i-1, 1)
	}
	var eig mat.Eigen
	if !eig.Factorize(comp, mat.EigenNone) {
		panic("eigen decomposition failed")
	}
	m := 0.0
	for _, v := range eig.Values(nil) {
		m = math.Max(m, cmplx.Abs(v))
	}
	return m
}

// The Schur-Cohn test agrees with explicit roots on random polynomials.
func TestRootsInUnitDiscAgreesWithEigenvalues(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := 0; trial < 2000; trial++ {
		d := 1 + rng.IntN(13)
		c := make([]float64, d+1)
		c[0] = 1
		for i := 1; i <= d; i++ {
			c[i] = (rng.Float64()*2 - 1) * 1.2
		}
		r := maxRootModulus(c)
		if math.Abs(r-1) < 1e-6 {
			continue // too close to the boundary to compare numerically
		}
		got := rootsInUnitDisc(append([]float64(nil), c...), 1e-10)
		if got != (r < 1) {
			t.Fatalf("polynomial %v: Schur-Cohn says %v, max |root| = %v", c, got, r)
		}
	}
}

// The admissibility test agrees with the eigenvalues of the ETS discount
// matrix on random seasonal parameters.
func TestETSAdmissibleAgreesWithRoots(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	buf := make([]float64, 14)
	for trial := 0; trial < 3000; trial++ {
		m := []int{4, 7, 12}[rng.IntN(3)]
		spec := ETSSpec{Error: Additive, Season: Additive}
		alpha := rng.Float64() * 1.5
		gamma := rng.Float64() * 1.2
		beta, phi := 0.0, 1.0
		if rng.IntN(2) == 0 {
			spec.Trend, spec.Damped = Additive, true
			beta = rng.Float64() * alpha
			phi = 0.8 + 0.2*rng.Float64()
		}
		c := make([]float64, m+2)
		c[0] = 1
		c[1] = alpha + beta - phi
		for i := 2; i < m; i++ {
			c[i] = alpha + beta - alpha*phi
		}
		c[m] = alpha + beta - alpha*phi + gamma - 1
		c[m+1] = phi * (1 - alpha - gamma)
		r := maxRootModulus(c)
		if spec.Trend == None {
			// Drop the structural unit root before comparing.
			q := make([]float64, m+1)
			q[0] = 1
			for i := 1; i <= m; i++ {
				q[i] = c[i] + q[i-1]
			}
			r = maxRootModulus(q)
		}
		if math.Abs(r-1) < 1e-6 {
			continue
		}
		got := etsAdmissible(spec, m, alpha, beta, gamma, phi, buf)
		if got && r > 1 {
			t.Fatalf("%s m=%d α=%.3f β=%.3f γ=%.3f φ=%.3f admitted with root modulus %.4f", spec, m, alpha, beta, gamma, phi, r)
		}
	}
}

// Maximum likelihood recovers the parameters of simulated ETS series.
func TestETSParameterRecovery(t *testing.T) {
	cases := []struct {
		spec  ETSSpec
		m     int
		truth []float64 // alpha, beta, gamma
		state []float64
		s2    float64
	}{
		{ETSSpec{Error: Additive, Trend: Additive}, 1, []float64{0.3, 0.05, 0}, []float64{100, 1}, 4},
		{ETSSpec{Error: Multiplicative, Season: Multiplicative}, 4, []float64{0.2, 0, 0.1}, []float64{100, 1.2, 0.9, 0.8, 1.1}, 0.0004},
	}
	for _, c := range cases {
		gen := &ETS{Spec: c.spec, Period: c.m, Alpha: c.truth[0], Beta: c.truth[1], Gamma: c.truth[2], Phi: 1, Final: c.state, Sigma2: c.s2}
		if c.spec.Season == None {
			gen.Period = 1
		}
		paths := gen.simulate(1500, 1, 99)
		y := make([]float64, len(paths))
		for i := range paths {
			y[i] = paths[i][0]
		}
		fit, err := FitETS(y, c.m, c.spec)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(fit.Alpha-c.truth[0]) > 0.06 {
			t.Errorf("%s: alpha %.3f, true %.3f", c.spec, fit.Alpha, c.truth[0])
		}
		if c.spec.Trend != None && math.Abs(fit.Beta-c.truth[1]) > 0.04 {
			t.Errorf("%s: beta %.3f, true %.3f", c.spec, fit.Beta, c.truth[1])
		}
		if c.spec.Season != None && math.Abs(fit.Gamma-c.truth[2]) > 0.06 {
			t.Errorf("%s: gamma %.3f, true %.3f", c.spec, fit.Gamma, c.truth[2])
		}
		if relErr(fit.Sigma2, c.s2) > 0.15 {
			t.Errorf("%s: sigma² %.5g, true %.5g", c.spec, fit.Sigma2, c.s2)
		}
		t.Logf("%s: alpha %.3f beta %.3f gamma %.3f sigma2 %.4g", c.spec, fit.Alpha, fit.Beta, fit.Gamma, fit.Sigma2)
	}
}
