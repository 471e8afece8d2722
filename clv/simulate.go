package clv

import (
	"encoding/binary"
	"math"
	"math/rand/v2"

	"github.com/google/uuid"
	"gonum.org/v1/gonum/stat/distuv"
)

// SimulateBGNBD draws n customers from a BG/NBD model with the given
// parameters, each observed for a period of length T after the first
// purchase, followed by a holdout of length holdout (0 for none). The
// result is reproducible from seed; customer IDs are 0, 1, 2, ... in the
// last bytes. It is meant for checking fits and for what-if studies.
func SimulateBGNBD(m BGNBD, n int, T, holdout float64, seed uint64) []Summary {
	rng := rand.New(rand.NewPCG(seed, 0xb9))
	lam := distuv.Gamma{Alpha: m.R, Beta: m.Alpha, Src: rng}
	drop := distuv.Beta{Alpha: m.A, Beta: m.B, Src: rng}
	out := make([]Summary, n)
	for i := range out {
		l, p := lam.Rand(), drop.Rand()
		s := Summary{CustomerID: seqID(i), T: T, HoldoutDuration: holdout}
		t := 0.0
		for {
			t += rng.ExpFloat64() / l
			if t > T+holdout || math.IsInf(t, 0) {
				break
			}
			if t <= T {
				s.Frequency++
				s.Recency = t
			} else {
				s.HoldoutFrequency++
			}
			if rng.Float64() < p {
				break
			}
		}
		out[i] = s
	}
	return out
}

// SimulateParetoNBD draws n customers from a Pareto/NBD model: purchase
// rate λ ~ Gamma(r, α), lifetime ~ Exponential(μ) with μ ~ Gamma(s, β).
// See SimulateBGNBD for the other arguments.
func SimulateParetoNBD(m ParetoNBD, n int, T, holdout float64, seed uint64) []Summary {
	rng := rand.New(rand.NewPCG(seed, 0x9a))
	lam := distuv.Gamma{Alpha: m.R, Beta: m.Alpha, Src: rng}
	mu := distuv.Gamma{Alpha: m.S, Beta: m.Beta, Src: rng}
	out := make([]Summary, n)
	for i := range out {
		l := lam.Rand()
		life := rng.ExpFloat64() / mu.Rand()
		s := Summary{CustomerID: seqID(i), T: T, HoldoutDuration: holdout}
		end := math.Min(life, T+holdout)
		for t := rng.ExpFloat64() / l; t <= end; t += rng.ExpFloat64() / l {
			if t <= T {
				s.Frequency++
				s.Recency = t
			} else {
				s.HoldoutFrequency++
			}
		}
		out[i] = s
	}
	return out
}

// SimulateSpend fills MonetaryValue for every summary with repeat
// purchases by the Gamma-Gamma model: each customer's mean spend ν ~
// Gamma(q, v) (rate v), each purchase's value ~ Gamma(p, ν).
func SimulateSpend(m GammaGamma, ss []Summary, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x66))
	nu := distuv.Gamma{Alpha: m.Q, Beta: m.V, Src: rng}
	for i := range ss {
		if ss[i].Frequency == 0 {
			ss[i].MonetaryValue = 0
			continue
		}
		z := distuv.Gamma{Alpha: m.P, Beta: nu.Rand(), Src: rng}
		sum := 0.0
		for range int(ss[i].Frequency) {
			sum += z.Rand()
		}
		ss[i].MonetaryValue = sum / ss[i].Frequency
	}
}

func seqID(i int) uuid.UUID {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[8:], uint64(i))
	return u
}
