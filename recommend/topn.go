package recommend

import "math"

// topN returns the indices of the n highest scores, best first, skipping indices for
// which skip returns true (skip may be nil) and non-finite scores. Ties go to the lower
// index so results are deterministic.
func topN(scores []float64, n int, skip func(int) bool) []int {
	if n <= 0 {
		return nil
	}
	h := make([]int, 0, n)        // min-heap on (score, -index): the root is the weakest kept
	less := func(a, b int) bool { // a ranks below b
		if scores[a] != scores[b] {
			return scores[a] < scores[b]
		}
		return a > b
	}
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			m := l
			if r := l + 1; r < len(h) && less(h[r], h[l]) {
				m = r
			}
			if !less(h[m], h[i]) {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for i, s := range scores {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			continue
		}
		if len(h) == n && !less(h[0], i) {
			continue
		}
		if skip != nil && skip(i) {
			continue
		}
		if len(h) < n {
			h = append(h, i)
			for c := len(h) - 1; c > 0; {
				p := (c - 1) / 2
				if !less(h[c], h[p]) {
					break
				}
				h[c], h[p] = h[p], h[c]
				c = p
			}
			continue
		}
		h[0] = i
		down(0)
	}
	out := make([]int, len(h))
	for k := len(h) - 1; k >= 0; k-- {
		out[k] = h[0]
		h[0] = h[len(h)-1]
		h = h[:len(h)-1]
		down(0)
	}
	return out
}
