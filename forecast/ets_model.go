package forecast

import (
	"fmt"
	"math"
	"strings"
)

// Component is the form of one ETS component: none, additive or multiplicative.
type Component uint8

// Component forms. The zero value is None.
const (
	None Component = iota
	Additive
	Multiplicative
)

func (c Component) letter() string {
	switch c {
	case Additive:
		return "A"
	case Multiplicative:
		return "M"
	}
	return "N"
}

// ETSSpec names one member of the ETS family (Hyndman et al. 2008): the error,
// trend and seasonal forms and whether the trend is damped. Error must be
// Additive or Multiplicative.
type ETSSpec struct {
	Error  Component
	Trend  Component
	Damped bool
	Season Component
}

// String gives the usual ETS(E,T,S) notation, e.g. "ETS(M,Ad,M)".
func (s ETSSpec) String() string {
	t := s.Trend.letter()
	if s.Damped && s.Trend != None {
		t += "d"
	}
	return fmt.Sprintf("ETS(%s,%s,%s)", s.Error.letter(), t, s.Season.letter())
}

// ParseETSSpec reads the notation of ETSSpec.String ("ETS(A,Ad,N)") or the
// short form "AAdN".
func ParseETSSpec(text string) (ETSSpec, error) {
	var e, t, s string
	if inner, ok := strings.CutPrefix(text, "ETS("); ok {
		parts := strings.Split(strings.TrimSuffix(inner, ")"), ",")
		if len(parts) != 3 {
			return ETSSpec{}, invalid("spec", text, "want ETS(E,T,S)")
		}
		e, t, s = parts[0], parts[1], parts[2]
	} else {
		if len(text) < 3 {
			return ETSSpec{}, invalid("spec", text, "want ETS(E,T,S) or ETS letters like AAdN")
		}
		e, t, s = text[:1], text[1:len(text)-1], text[len(text)-1:]
	}
	comp := func(l string) (Component, bool) {
		switch l {
		case "N":
			return None, true
		case "A":
			return Additive, true
		case "M":
			return Multiplicative, true
		}
		return 0, false
	}
	var spec ETSSpec
	var ok1, ok2, ok3 bool
	spec.Error, ok1 = comp(e)
	if len(t) == 2 && t[1] == 'd' {
		spec.Damped = true
		t = t[:1]
	}
	spec.Trend, ok2 = comp(t)
	spec.Season, ok3 = comp(s)
	if !ok1 || !ok2 || !ok3 || spec.Error == None || (spec.Damped && spec.Trend == None) {
		return ETSSpec{}, invalid("spec", text, "want ETS(E,T,S) with E in {A,M}, T in {N,A,Ad,M,Md}, S in {N,A,M}")
	}
	return spec, nil
}

// Numerical guards of the ETS recursions (the values forecast::ets uses).
const (
	etsTol  = 1e-10
	etsHuge = 1e10
)

// etsKernel runs the ETS recursions over a series without allocating. The
// seasonal states live in a ring: ring[(pos+k)%m] is s_{m-1-k}, so ring[pos]
// is the oldest state, the one applied to the next observation.
type etsKernel struct {
	spec                    ETSSpec
	m                       int
	alpha, beta, gamma, phi float64
	l, b                    float64
	ring                    []float64
	pos                     int
}

// setState loads the state vector x = (l, [b], s_0..s_{m-1}) with s_0 the
// most recent seasonal state.
func (k *etsKernel) setState(x []float64) {
	k.l = x[0]
	i := 1
	if k.spec.Trend != None {
		k.b = x[1]
		i = 2
	}
	if k.spec.Season != None {
		for j := 0; j < k.m; j++ {
			k.ring[j] = x[i+k.m-1-j]
		}
		k.pos = 0
	}
}

// state writes the current state vector in the layout of setState.
func (k *etsKernel) state(x []float64) []float64 {
	x = append(x[:0], k.l)
	if k.spec.Trend != None {
		x = append(x, k.b)
	}
	if k.spec.Season != None {
		for j := 0; j < k.m; j++ {
			x = append(x, k.ring[(k.pos+k.m-1-j)%k.m])
		}
	}
	return x
}

// oneStep is the one-step-ahead point forecast from the current state; ok is
// false when a multiplicative trend has gone negative.
func (k *etsKernel) oneStep() (f float64, ok bool) {
	switch k.spec.Trend {
	case None:
		f = k.l
	case Additive:
		f = k.l + k.phi*k.b
	default:
		if k.b < 0 {
			return 0, false
		}
		f = k.l * math.Pow(k.b, k.phi)
	}
	switch k.spec.Season {
	case Additive:
		f += k.ring[k.pos]
	case Multiplicative:
		f *= k.ring[k.pos]
	}
	return f, true
}

// update moves the state on by observation y.
func (k *etsKernel) update(y float64) {
	var q, phib float64
	oldl := k.l
	switch k.spec.Trend {
	case None:
		q = oldl
	case Additive:
		phib = k.phi * k.b
		q = oldl + phib
	default:
		if math.Abs(k.phi-1) < etsTol {
			phib = k.b
		} else {
			phib = math.Pow(k.b, k.phi)
		}
		q = oldl * phib
	}
	var p, olds float64
	switch k.spec.Season {
	case None:
		p = y
	case Additive:
		olds = k.ring[k.pos]
		p = y - olds
	default:
		olds = k.ring[k.pos]
		if math.Abs(olds) < etsTol {
			p = etsHuge
		} else {
			p = y / olds
		}
	}
	k.l = q + k.alpha*(p-q)
	if k.spec.Trend != None {
		var r float64
		if k.spec.Trend == Additive {
			r = k.l - oldl
		} else if math.Abs(oldl) < etsTol {
			r = etsHuge
		} else {
			r = k.l / oldl
		}
		k.b = phib + (k.beta/k.alpha)*(r-phib)
	}
	if k.spec.Season != None {
		var t float64
		if k.spec.Season == Additive {
			t = y - q
		} else if math.Abs(q) < etsTol {
			t = etsHuge
		} else {
			t = y / q
		}
		k.ring[k.pos] = olds + k.gamma*(t-olds)
		k.pos++
		if k.pos == k.m {
			k.pos = 0
		}
	}
}

// run filters y from the loaded state and returns the likelihood criterion
// of forecast::ets, n·log(Σe²) + 2·Σlog|ŷ| (the last term for multiplicative
// errors only), which is -2·loglik up to constants, and the sum of squared
// one-step errors y-ŷ. resid, when not nil, receives the model residuals e_t
// (y-ŷ for additive, (y-ŷ)/ŷ for multiplicative error). ok is false when
// the recursion breaks down.
func (k *etsKernel) run(y []float64, resid []float64) (lik, sse float64, ok bool) {
	var sum float64
	// Σlog|ŷ| as the log of a running product, renormalised now and then:
	// one logarithm per series instead of one per observation.
	prod, exp2 := 1.0, 0
	mult := k.spec.Error == Multiplicative
	for i, v := range y {
		f, good := k.oneStep()
		if !good {
			return math.Inf(1), math.Inf(1), false
		}
		d := v - f
		e := d
		if mult {
			e = d / f
			prod *= math.Abs(f)
			if prod > 1e150 || prod < 1e-150 {
				var ex int
				prod, ex = math.Frexp(prod)
				exp2 += ex
			}
		}
		if resid != nil {
			resid[i] = e
		}
		sum += e * e
		sse += d * d
		k.update(v)
	}
	lik = float64(len(y)) * math.Log(sum)
	if mult {
		lik += 2 * (math.Log(prod) + float64(exp2)*math.Ln2)
	}
	return lik, sse, true
}
