package clv

import "math"

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// lbeta is log B(a, b) for a, b > 0.
func lbeta(a, b float64) float64 { return lgamma(a) + lgamma(b) - lgamma(a+b) }

// logAddExp returns log(exp(a) + exp(b)) without overflow.
func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(b, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// log1mExp returns log(1 − exp(d)) for d ≤ 0, accurately near 0 (Mächler 2012).
func log1mExp(d float64) float64 {
	if d > -math.Ln2 {
		return math.Log(-math.Expm1(d))
	}
	return math.Log1p(-math.Exp(d))
}

// hyp2f1 evaluates the Gauss hypergeometric function ₂F₁(a, b; c; z) for
// 0 ≤ z < 1 by its power series, returning log|value| and the sign. The
// running sum is rescaled so that large intermediate terms cannot
// overflow. ok is false if the series has not converged after maxTerms.
func hyp2f1(a, b, c, z float64) (logv float64, sign float64, ok bool) {
	const maxTerms = 2_000_000
	if z == 0 {
		return 0, 1, true
	}
	if !(z > 0 && z < 1) || c <= 0 && c == math.Trunc(c) {
		return math.NaN(), 0, false
	}
	sum, term, scale := 1.0, 1.0, 0.0
	for n := 0; n < maxTerms; n++ {
		fn := float64(n)
		ratio := (a + fn) * (b + fn) / ((c + fn) * (fn + 1)) * z
		term *= ratio
		sum += term
		// Once the terms shrink geometrically, the tail is at most
		// term·ρ/(1−ρ); stop when that is negligible.
		if ar := math.Abs(ratio); ar < 1 && math.Abs(term)*ar/(1-ar) <= 1e-16*math.Abs(sum) {
			if sum == 0 {
				return math.Inf(-1), 0, true
			}
			return scale + math.Log(math.Abs(sum)), math.Copysign(1, sum), true
		}
		if math.Abs(sum) > 1e250 {
			sum /= 1e250
			term /= 1e250
			scale += 250 * math.Ln10
		}
		if math.IsNaN(sum) || math.IsInf(sum, 0) {
			return math.NaN(), 0, false
		}
	}
	return math.NaN(), 0, false
}
