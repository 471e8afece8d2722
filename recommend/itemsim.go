package recommend

import (
	"context"
)

// itemSim is the scoring half shared by the item-to-item models: W[i, j] is how much
// having item i in the history speaks for item j, and a user's score for j is
// Σ_i h_i·W[i, j].
type itemSim struct {
	W *CSR // items × items, sparse
}

func (s *itemSim) scoreInto(h Row, dst []float64) {
	clear(dst)
	for k, i := range h.Ind {
		hv := h.Val[k]
		row := s.W.Row(int(i))
		for p, j := range row.Ind {
			dst[j] += hv * row.Val[p]
		}
	}
}

// because returns the history item contributing most to item j's score.
func (s *itemSim) because(h Row, j int) (int, float64) {
	best, bestV := -1, 0.0
	for k, i := range h.Ind {
		if v := h.Val[k] * s.W.At(int(i), j); v > bestV {
			best, bestV = int(i), v
		}
	}
	return best, bestV
}

// simRows builds a sparse items × items matrix whose row i holds the k largest
// positive values of rowFn's dense output for i (i itself excluded), in parallel.
// rowFn accumulates into acc (zeroed, length items) and lists the touched indices.
func simRows(ctx context.Context, items, k int, rowFn func(i int, acc []float64, touched []int32) []int32) (*CSR, error) {
	type entry struct {
		ind []int32
		val []float64
	}
	rows := make([]entry, items)
	workers := numWorkers()
	accs := make([][]float64, workers)
	touch := make([][]int32, workers)
	for w := range accs {
		accs[w] = make([]float64, items)
	}
	err := parallelFor(ctx, items, func(w, i int) {
		acc := accs[w]
		t := rowFn(i, acc, touch[w][:0])
		touch[w] = t
		acc[i] = 0
		cand := make([]float64, 0, len(t))
		idx := make([]int, 0, len(t))
		for _, j := range t {
			if acc[j] > 0 && int(j) != i {
				idx = append(idx, int(j))
				cand = append(cand, acc[j])
			}
			acc[j] = 0
		}
		keep := topN(cand, min(k, len(cand)), nil)
		e := entry{ind: make([]int32, len(keep)), val: make([]float64, len(keep))}
		// store in ascending item order so rows support binary search
		sortByIndex(keep, idx)
		for p, c := range keep {
			e.ind[p] = int32(idx[c])
			e.val[p] = cand[c]
		}
		rows[i] = e
	})
	if err != nil {
		return nil, err
	}
	m := &CSR{Rows: items, Cols: items, Ptr: make([]int, items+1)}
	for i, e := range rows {
		m.Ptr[i+1] = m.Ptr[i] + len(e.ind)
		m.Ind = append(m.Ind, e.ind...)
		m.Val = append(m.Val, e.val...)
	}
	return m, nil
}

// sortByIndex sorts positions keep by idx[keep[p]] ascending (insertion sort: k is small).
func sortByIndex(keep []int, idx []int) {
	for a := 1; a < len(keep); a++ {
		for b := a; b > 0 && idx[keep[b]] < idx[keep[b-1]]; b-- {
			keep[b], keep[b-1] = keep[b-1], keep[b]
		}
	}
}
