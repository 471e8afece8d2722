package clv

import (
	"math"

	"gonum.org/v1/gonum/integrate/quad"
)

// glNodes and glWeights are 16-point Gauss–Legendre nodes on [−1, 1].
var glNodes, glWeights = func() ([]float64, []float64) {
	x, w := make([]float64, 16), make([]float64, 16)
	quad.Legendre{}.FixedLocations(x, w, -1, 1)
	return x, w
}()

// logDeathIntegral returns ln ∫ from tₓ to T of (α+τ)^−(r+x) (β+τ)^−(s+1) dτ,
// the Pareto/NBD likelihood of a customer dying between the last purchase
// and T (before multiplying by s). It is the quadrature counterpart of the
// hypergeometric form, used where that series converges slowly.
//
// With w = ln(β+τ) (so dτ = (β+τ)dw) the log-integrand
// φ(w) = −(r+x) ln(α−β+e^w) − s·w is
// smooth and strictly decreasing with slope at most k = (r+x)·max(1,
// (β+tₓ)/(α+tₓ)) + s, so composite Gauss–Legendre on panels of width 6/k
// is accurate to rounding; panels stop once the rest cannot matter.
func logDeathIntegral(r, alpha, s, beta, x, tx, T float64) float64 {
	w0, w1 := math.Log(beta+tx), math.Log(beta+T)
	if !(w1 > w0) {
		return math.Inf(-1)
	}
	rx := r + x
	d := alpha - beta
	phi := func(w float64) float64 { return -rx*math.Log(d+math.Exp(w)) - s*w }
	k := rx*math.Max(1, (beta+tx)/(alpha+tx)) + s
	width := math.Min(6/k, w1-w0)
	ref := phi(w0)
	sum := 0.0
	for lo, panels := w0, 0; lo < w1 && panels < 100_000; lo, panels = lo+width, panels+1 {
		hi := math.Min(lo+width, w1)
		half, mid := (hi-lo)/2, (hi+lo)/2
		part := 0.0
		for i, node := range glNodes {
			w := mid + half*node
			part += glWeights[i] * math.Exp(phi(w)-ref)
		}
		part *= half
		sum += part
		// The integrand decreases, so every later panel adds at most
		// this one's share: stop when all of them together cannot count.
		if rest := math.Ceil((w1 - hi) / width); part*rest <= 1e-17*sum {
			break
		}
	}
	if !(sum > 0) {
		return math.Inf(-1)
	}
	return ref + math.Log(sum)
}
