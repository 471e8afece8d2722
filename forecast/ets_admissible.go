package forecast

import "math"

// etsUsual reports whether the smoothing parameters lie in the "usual"
// region of forecast::ets: each in its [lower, upper] box, beta ≤ alpha and
// gamma ≤ 1-alpha.
func etsUsual(spec ETSSpec, alpha, beta, gamma, phi float64) bool {
	if alpha < etsLower[0] || alpha > etsUpper[0] {
		return false
	}
	if spec.Trend != None && (beta < etsLower[1] || beta > alpha || beta > etsUpper[1]) {
		return false
	}
	if spec.Damped && (phi < etsLower[3] || phi > etsUpper[3]) {
		return false
	}
	if spec.Season != None && (gamma < etsLower[2] || gamma > 1-alpha || gamma > etsUpper[2]) {
		return false
	}
	return true
}

// etsAdmissible reports whether the parameters give a forecastable
// (stable) linear model (Hyndman et al. 2008, ch. 10): closed-form interval
// conditions, and for seasonal models all roots of the characteristic
// polynomial
//
//	z^(m+1) + (α+β-φ) z^m + (α+β-αφ)(z^(m-1)+…+z^2) + (α+β-αφ+γ-1) z + φ(1-α-γ)
//
// inside the unit circle (with the tolerance 1e-10 forecast::ets uses).
// buf must hold m+2 floats.
func etsAdmissible(spec ETSSpec, m int, alpha, beta, gamma, phi float64, buf []float64) bool {
	if phi < 0 || phi > 1+1e-8 {
		return false
	}
	if spec.Trend == None {
		beta = 0
	}
	if spec.Season == None {
		if alpha < 1-1/phi || alpha > 1+1/phi {
			return false
		}
		if spec.Trend != None && (beta < alpha*(phi-1) || beta > (1+phi)*(2-alpha)) {
			return false
		}
		return true
	}
	fm := float64(m)
	if gamma < math.Max(1-1/phi-alpha, 0) || gamma > 1+1/phi-alpha {
		return false
	}
	if alpha < 1-1/phi-gamma*(1-fm+phi+phi*fm)/(2*phi*fm) {
		return false
	}
	if beta < -(1-phi)*(gamma/fm+alpha) {
		return false
	}
	// Characteristic polynomial, highest power first.
	c := buf[:m+2]
	c[0] = 1
	c[1] = alpha + beta - phi
	for i := 2; i < m; i++ {
		c[i] = alpha + beta - alpha*phi
	}
	c[m] = alpha + beta - alpha*phi + gamma - 1
	c[m+1] = phi * (1 - alpha - gamma)
	if spec.Trend == None {
		// beta = 0, phi = 1: z = 1 is always a root; divide it out.
		for i := 1; i < len(c); i++ {
			c[i] += c[i-1]
		}
		c = c[:len(c)-1]
	}
	return rootsInUnitDisc(c, 1e-10)
}

// rootsInUnitDisc reports whether every root of the monic polynomial with
// coefficients c (highest power first, c[0] = 1) has modulus below 1+tol,
// by the Schur-Cohn (Levinson step-down) recursion: the roots lie inside the
// disc exactly when every reflection coefficient has modulus below one. It
// overwrites c.
func rootsInUnitDisc(c []float64, tol float64) bool {
	d := len(c) - 1
	s := 1 / (1 + tol)
	f := 1.0
	for i := 1; i <= d; i++ {
		f *= s
		c[i] *= f
	}
	for k := d; k >= 1; k-- {
		r := c[k] / c[0]
		if !(math.Abs(r) < 1) {
			return false
		}
		den := 1 - r*r
		// In place: pairs (i, k-i) update together.
		for i, j := 0, k; i <= j; i, j = i+1, j-1 {
			ci, cj := c[i], c[j]
			c[i] = (ci - r*cj) / den
			if i != j {
				c[j] = (cj - r*ci) / den
			}
		}
	}
	return true
}
