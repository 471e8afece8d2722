package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// rng is the generator's source of randomness: a PCG stream derived from the
// shop's seed and a stream number, so that each customer can be simulated
// on its own goroutine and still give the same output for the same seed.
type rng struct{ *rand.Rand }

// The streams of randomness; a customer's own stream is streamCustomer+index.
const (
	streamCatalogue uint64 = 1
	streamProfiles  uint64 = 2
	streamCustomer  uint64 = 1 << 32 // + 2 × customer index (+1 for its events)
	streamAnonymous uint64 = 1 << 48 // + chunk index

)

func newRNG(seed, stream uint64) *rng {
	return &rng{rand.New(rand.NewPCG(splitmix(seed), splitmix(seed^splitmix(stream))))}
}

// splitmix is the SplitMix64 finaliser; it spreads nearby seeds apart.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (r *rng) bernoulli(p float64) bool { return r.Float64() < p }

// uniform returns a value in [lo, hi).
func (r *rng) uniform(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// between returns an integer in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// duration returns a duration uniformly in [lo, hi).
func (r *rng) duration(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(r.Int64N(int64(hi-lo)))
}

// gamma draws from Gamma(shape, scale) by Marsaglia and Tsang's method (2000),
// boosting shapes below one with U^(1/shape).
func (r *rng) gamma(shape, scale float64) float64 {
	if shape < 1 {
		return r.gamma(shape+1, scale) * math.Pow(r.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v * scale
		}
	}
}

// beta draws from Beta(a, b) as a ratio of gammas.
func (r *rng) beta(a, b float64) float64 {
	x := r.gamma(a, 1)
	return x / (x + r.gamma(b, 1))
}

// poisson draws a Poisson count: by multiplication of uniforms for small
// means, by a rounded normal approximation above 30.
func (r *rng) poisson(mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		n := int(math.Round(mean + math.Sqrt(mean)*r.NormFloat64()))
		return max(n, 0)
	}
	limit, prod, n := math.Exp(-mean), r.Float64(), 0
	for prod > limit {
		prod *= r.Float64()
		n++
	}
	return n
}

// pick returns an index drawn with probability proportional to weights.
func (r *rng) pick(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	u := r.Float64() * total
	for i, w := range weights {
		if u < w {
			return i
		}
		u -= w
	}
	return len(weights) - 1
}

// cumulative is a precomputed weight table for repeated draws by binary search.
type cumulative []float64

func newCumulative(weights []float64) cumulative {
	c := make(cumulative, len(weights))
	sum := 0.0
	for i, w := range weights {
		sum += w
		c[i] = sum
	}
	return c
}

func (c cumulative) draw(r *rng) int {
	u := r.Float64() * c[len(c)-1]
	lo, hi := 0, len(c)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if c[mid] > u {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// oneOf returns a random element of xs.
func oneOf[T any](r *rng, xs []T) T { return xs[r.IntN(len(xs))] }

// uuid returns a random (version 4 shaped) UUID from the stream, so that IDs
// are reproducible from the seed.
func (r *rng) uuid() uuid.UUID {
	var u uuid.UUID
	a, b := r.Uint64(), r.Uint64()
	for i := range 8 {
		u[i] = byte(a >> (8 * i))
		u[8+i] = byte(b >> (8 * i))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

// hexID returns a short random hexadecimal token, for session and visitor IDs.
func (r *rng) hexID(prefix string) string {
	const digits = "0123456789abcdef"
	b := []byte(prefix)
	x := r.Uint64()
	for range 16 {
		b = append(b, digits[x&15])
		x >>= 4
	}
	return string(b)
}
