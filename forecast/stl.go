package forecast

import (
	"fmt"
	"math"
)

// STLOptions configure STL. Zero values take the defaults of Cleveland et
// al. (1990) as R's stl uses them for a non-robust fit.
type STLOptions struct {
	// SeasonalWindow is the loess span (odd, ≥ 7) smoothing each
	// cycle-subseries (default 13 for short periods, see STL).
	SeasonalWindow int
	// TrendWindow is the loess span of the trend (default: the smallest
	// odd integer ≥ 1.5·period/(1 - 1.5/SeasonalWindow)).
	TrendWindow int
	// InnerIterations of the backfitting loop (default 2).
	InnerIterations int
}

// Decomposition splits a series into trend, seasonal components and
// remainder: y = Trend + Σ Seasonal[k] + Remainder.
type Decomposition struct {
	Periods   []int
	Trend     []float64
	Seasonal  [][]float64 // one per period, in the order of Periods
	Remainder []float64
}

// Adjusted returns the seasonally adjusted series, trend + remainder.
func (d *Decomposition) Adjusted() []float64 {
	out := make([]float64, len(d.Trend))
	for i := range out {
		out[i] = d.Trend[i] + d.Remainder[i]
	}
	return out
}

// STL decomposes y with seasonal period m by STL, Seasonal-Trend
// decomposition by Loess (Cleveland, Cleveland, McRae & Terpenning 1990):
// alternating loess smoothing of the cycle-subseries (low-pass filtered to
// keep the seasonal free of trend) and of the deseasonalised series. It
// needs at least two full periods.
func STL(y []float64, m int, opts *STLOptions) (*Decomposition, error) {
	var o STLOptions
	if opts != nil {
		o = *opts
	}
	if m < 2 {
		return nil, invalid("period", m, "must be at least 2")
	}
	if err := checkSeries(y, 2*m+1); err != nil {
		return nil, err
	}
	ns := o.SeasonalWindow
	if ns == 0 {
		ns = 13
	}
	if ns < 3 {
		return nil, invalid("SeasonalWindow", ns, "must be at least 3")
	}
	ns |= 1
	nt := o.TrendWindow
	if nt == 0 {
		nt = int(math.Ceil(1.5 * float64(m) / (1 - 1.5/float64(ns))))
	}
	nt |= 1
	nl := m | 1
	inner := o.InnerIterations
	if inner <= 0 {
		inner = 2
	}
	n := len(y)
	trend := make([]float64, n)
	seas := make([]float64, n)
	w := newSTLWork(n, m)
	for it := 0; it < inner; it++ {
		for i := range y {
			w.detr[i] = y[i] - trend[i]
		}
		w.cycleSubseries(ns)
		w.lowPass(nl)
		for i := 0; i < n; i++ {
			seas[i] = w.c[m+i] - w.low[i]
		}
		for i := range y {
			w.detr[i] = y[i] - seas[i]
		}
		loessSmooth(w.detr, nt, 1, trend)
	}
	rem := make([]float64, n)
	for i := range y {
		rem[i] = y[i] - trend[i] - seas[i]
	}
	return &Decomposition{Periods: []int{m}, Trend: trend, Seasonal: [][]float64{seas}, Remainder: rem}, nil
}

type stlWork struct {
	n, m      int
	detr      []float64
	c         []float64 // smoothed cycle-subseries, n + 2m
	low       []float64
	sub, subS []float64
	ma1, ma2  []float64
}

func newSTLWork(n, m int) *stlWork {
	k := n/m + 3
	return &stlWork{n: n, m: m, detr: make([]float64, n), c: make([]float64, n+2*m),
		low: make([]float64, n), sub: make([]float64, k), subS: make([]float64, k+2),
		ma1: make([]float64, n+2*m), ma2: make([]float64, n+2*m)}
}

// cycleSubseries smooths each cycle-subseries of detr with a degree-0
// loess of span ns, extended one cycle before and after the data.
func (w *stlWork) cycleSubseries(ns int) {
	for j := 0; j < w.m; j++ {
		sub := w.sub[:0]
		for i := j; i < w.n; i += w.m {
			sub = append(sub, w.detr[i])
		}
		k := len(sub)
		out := w.subS[:k+2]
		for p := -1; p <= k; p++ {
			out[p+1] = loessAt(sub, float64(p), ns, 0)
		}
		for p := 0; p < k+2; p++ {
			w.c[j+p*w.m] = out[p]
		}
	}
}

// lowPass filters c by moving averages of length m, m and 3 and a degree-1
// loess of span nl, giving n values aligned with the data.
func (w *stlWork) lowPass(nl int) {
	total := w.n + 2*w.m
	a := movingAverage(w.c[:total], w.m, w.ma1)
	b := movingAverage(a, w.m, w.ma2)
	c := movingAverage(b, 3, w.ma1)
	loessSmooth(c, nl, 1, w.low)
}

func movingAverage(x []float64, k int, out []float64) []float64 {
	n := len(x) - k + 1
	out = out[:n]
	s := 0.0
	for i := 0; i < k; i++ {
		s += x[i]
	}
	out[0] = s / float64(k)
	for i := 1; i < n; i++ {
		s += x[i+k-1] - x[i-1]
		out[i] = s / float64(k)
	}
	return out
}

// loessSmooth evaluates the loess fit of x (at positions 0..len-1) at every
// position, writing len(out) values.
func loessSmooth(x []float64, span, degree int, out []float64) {
	for i := range out {
		out[i] = loessAt(x, float64(i), span, degree)
	}
}

// loessAt is the local polynomial (degree 0 or 1) fit of x, observed at
// positions 0..len-1, evaluated at position t with tricube weights over the
// span nearest points; spans beyond the data widen the bandwidth as in
// Cleveland et al.
func loessAt(x []float64, t float64, span, degree int) float64 {
	n := len(x)
	q := min(span, n)
	// The q nearest positions form a window [lo, lo+q).
	lo := int(math.Round(t)) - q/2
	lo = max(0, min(lo, n-q))
	hi := lo + q - 1
	h := math.Max(t-float64(lo), float64(hi)-t)
	if span > n {
		h += float64((span - n) / 2)
	}
	if h <= 0 {
		h = 1
	}
	var sw, swx, swy, swxx, swxy float64
	for i := lo; i <= hi; i++ {
		d := math.Abs(float64(i)-t) / h
		if d >= 1 {
			continue
		}
		u := 1 - d*d*d
		wt := u * u * u
		xi := float64(i)
		sw += wt
		swx += wt * xi
		swy += wt * x[i]
		swxx += wt * xi * xi
		swxy += wt * xi * x[i]
	}
	if sw == 0 {
		return x[max(0, min(n-1, int(math.Round(t))))]
	}
	mean := swy / sw
	if degree == 0 {
		return mean
	}
	xm := swx / sw
	varx := swxx/sw - xm*xm
	if varx <= 1e-12*math.Max(1, xm*xm) {
		return mean
	}
	slope := (swxy/sw - xm*mean) / varx
	return mean + slope*(t-xm)
}

// MSTLOptions configure MSTL.
type MSTLOptions struct {
	// Iterations of the backfitting over the periods (default 2).
	Iterations int
	// STL options; SeasonalWindow defaults to 7 + 4·i for the i-th period
	// (i = 1, 2, ...), the defaults of Bandara, Hyndman & Bergmeir.
	STL STLOptions
}

// MSTL decomposes y with several seasonal periods (for daily shop data
// typically 7 and 365) by the iterated STL of Bandara, Hyndman & Bergmeir
// (2021): each seasonal component in turn is re-estimated by STL on the
// series with the other components removed. Periods need two full cycles
// of data; shorter ones are dropped (an error if none remain).
func MSTL(y []float64, periods []int, opts *MSTLOptions) (*Decomposition, error) {
	var o MSTLOptions
	if opts != nil {
		o = *opts
	}
	if err := checkSeries(y, 3); err != nil {
		return nil, err
	}
	var ps []int
	for _, p := range periods {
		if p >= 2 && 2*p < len(y) {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("%w: %d observations cover two cycles of none of the periods %v", ErrTooShort, len(y), periods)
	}
	// Shorter periods first, as in MSTL.
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j] < ps[j-1]; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
	iters := o.Iterations
	if iters <= 0 {
		iters = 2
	}
	n := len(y)
	seas := make([][]float64, len(ps))
	for k := range seas {
		seas[k] = make([]float64, n)
	}
	deseas := append([]float64(nil), y...)
	var last *Decomposition
	for it := 0; it < iters; it++ {
		for k, p := range ps {
			for i := range deseas {
				deseas[i] += seas[k][i]
			}
			so := o.STL
			if so.SeasonalWindow == 0 {
				so.SeasonalWindow = 7 + 4*(k+1)
			}
			d, err := STL(deseas, p, &so)
			if err != nil {
				return nil, err
			}
			copy(seas[k], d.Seasonal[0])
			for i := range deseas {
				deseas[i] -= seas[k][i]
			}
			last = d
		}
	}
	rem := make([]float64, n)
	for i := range rem {
		rem[i] = deseas[i] - last.Trend[i]
	}
	return &Decomposition{Periods: ps, Trend: last.Trend, Seasonal: seas, Remainder: rem}, nil
}
