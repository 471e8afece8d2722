package forecast

import "math"

// runLinearTrend is run specialised to models without a multiplicative
// trend (every model the automatic search fits by default): one fused loop
// over locals with the model form hoisted out, which the optimiser calls
// thousands of times per fit. Results equal run's.
func (k *etsKernel) runLinearTrend(y []float64) (lik float64, ok bool) {
	l, b := k.l, k.b
	alpha, beta, gamma, phi := k.alpha, k.beta, k.gamma, k.phi
	betaOverAlpha := beta / alpha
	hasTrend := k.spec.Trend == Additive
	season := k.spec.Season
	mult := k.spec.Error == Multiplicative
	ring, pos, m := k.ring, k.pos, k.m
	var sum float64
	prod, exp2 := 1.0, 0
	for _, v := range y {
		// One-step forecast.
		q := l
		phib := 0.0
		if hasTrend {
			phib = phi * b
			q = l + phib
		}
		f := q
		var olds float64
		switch season {
		case Additive:
			olds = ring[pos]
			f = q + olds
		case Multiplicative:
			olds = ring[pos]
			f = q * olds
		}
		d := v - f
		if mult {
			e := d / f
			sum += e * e
			prod *= math.Abs(f)
			if prod > 1e150 || prod < 1e-150 {
				var ex int
				prod, ex = math.Frexp(prod)
				exp2 += ex
			}
		} else {
			sum += d * d
		}
		// State update.
		var p float64
		switch season {
		case None:
			p = v
		case Additive:
			p = v - olds
		default:
			if math.Abs(olds) < etsTol {
				p = etsHuge
			} else {
				p = v / olds
			}
		}
		nl := q + alpha*(p-q)
		if hasTrend {
			b = phib + betaOverAlpha*(nl-l-phib)
		}
		l = nl
		if season != None {
			var t float64
			if season == Additive {
				t = v - q
			} else if math.Abs(q) < etsTol {
				t = etsHuge
			} else {
				t = v / q
			}
			ring[pos] = olds + gamma*(t-olds)
			pos++
			if pos == m {
				pos = 0
			}
		}
	}
	k.l, k.b, k.pos = l, b, pos
	lik = float64(len(y)) * math.Log(sum)
	if mult {
		lik += 2 * (math.Log(prod) + float64(exp2)*math.Ln2)
	}
	return lik, true
}
