package clv

import (
	"math"
	"slices"
)

// fitData is the summaries laid out for likelihood sums, with the
// customers' distinct frequencies so that terms depending only on x are
// computed once per distinct value.
type fitData struct {
	n      int
	x, tx  []float64
	T      []float64
	xi     []int32   // index of each customer's x in xs
	xs     []float64 // distinct frequencies
	counts []float64 // customers per distinct frequency
}

func newFitData(ss []Summary) *fitData {
	d := &fitData{n: len(ss), x: make([]float64, len(ss)), tx: make([]float64, len(ss)), T: make([]float64, len(ss)), xi: make([]int32, len(ss))}
	for i, s := range ss {
		d.x[i], d.tx[i], d.T[i] = s.Frequency, s.Recency, s.T
	}
	d.xs = slices.Clone(d.x)
	slices.Sort(d.xs)
	d.xs = slices.Compact(d.xs)
	d.counts = make([]float64, len(d.xs))
	for i, x := range d.x {
		j, _ := slices.BinarySearch(d.xs, x)
		d.xi[i] = int32(j)
		d.counts[j]++
	}
	return d
}

// rows holds the distinct (x, tₓ, T) histories with their counts: real
// data has many identical histories (all one-time buyers of a day share
// one), and likelihoods without a cheap per-x shortcut sum over these.
type rows struct {
	n        int
	x, tx, T []float64
	w        []float64
}

func uniqueRows(d *fitData) *rows {
	type key struct{ x, tx, T float64 }
	idx := map[key]int{}
	u := &rows{n: d.n}
	for i := range d.n {
		k := key{d.x[i], d.tx[i], d.T[i]}
		j, ok := idx[k]
		if !ok {
			j = len(u.x)
			idx[k] = j
			u.x, u.tx, u.T, u.w = append(u.x, k.x), append(u.tx, k.tx), append(u.T, k.T), append(u.w, 0)
		}
		u.w[j]++
	}
	return u
}

func meanOf(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func allFinite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
