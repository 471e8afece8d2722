package recommend

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// normIndex holds the item factors sorted by decreasing norm, so that a top-N query
// can stop early: once ‖x‖·‖y_j‖ (an upper bound of x·y_j by Cauchy–Schwarz) falls
// below the N-th best score found, no later item can enter. Popular items carry the
// large norms, so on skewed catalogues most items are never scored. The answer is
// exactly the one full scoring would give.
type normIndex struct {
	order []int32   // item index by position
	norm  []float32 // ‖y‖ by position, decreasing
	y     []float32 // factors by position, K per row
}

func newNormIndex(y32 []float32, k int) *normIndex {
	n := len(y32) / k
	ix := &normIndex{order: make([]int32, n), norm: make([]float32, n), y: make([]float32, len(y32))}
	norms := make([]float64, n)
	for i := range ix.order {
		ix.order[i] = int32(i)
		var s float64
		for _, v := range y32[i*k : i*k+k] {
			s += float64(v) * float64(v)
		}
		norms[i] = math.Sqrt(s)
	}
	slices.SortStableFunc(ix.order, func(a, b int32) int {
		switch {
		case norms[a] > norms[b]:
			return -1
		case norms[a] < norms[b]:
			return 1
		}
		return 0
	})
	for p, i := range ix.order {
		// round the bound up so float32 rounding can never prune a true candidate
		ix.norm[p] = float32(norms[i]) * (1 + 1e-5)
		copy(ix.y[p*k:p*k+k], y32[int(i)*k:int(i)*k+k])
	}
	return ix
}

const pruneBlock = 256

// topCandidates returns up to n items (best first, ties to the lower item index) and
// their scores x·y for the user vector x, skipping items for which skip is true.
func (m *ALS) topCandidates(x []float64, n int, skip func(int) bool) ([]int, []float64) {
	k := m.K
	ix := m.index
	buf := m.xpool.Get().(*[]float32)
	defer m.xpool.Put(buf)
	xs, out := (*buf)[:k], (*buf)[k:k+pruneBlock]
	var xn float64
	for f, v := range x {
		xs[f] = float32(v)
		xn += v * v
	}
	xn = math.Sqrt(xn)
	h := &candHeap{}
	total := len(ix.order)
	for start := 0; start < total; start += pruneBlock {
		if len(h.items) == n && xn*float64(ix.norm[start]) < h.scores[0] {
			break
		}
		rows := min(pruneBlock, total-start)
		blas32.Gemv(blas.NoTrans, 1, blas32.General{Rows: rows, Cols: k, Stride: k, Data: ix.y[start*k : (start+rows)*k]},
			blas32.Vector{N: k, Inc: 1, Data: xs}, 0, blas32.Vector{N: rows, Inc: 1, Data: out[:rows]})
		for p := 0; p < rows; p++ {
			s := float64(out[p])
			item := int(ix.order[start+p])
			if len(h.items) == n && !h.beats(s, item) {
				continue
			}
			if skip != nil && skip(item) {
				continue
			}
			h.push(s, item, n)
		}
	}
	return h.sorted()
}

// candHeap is a bounded min-heap of (score, item); the root is the weakest kept.
// Ties rank the lower item index higher, as topN does.
type candHeap struct {
	scores []float64
	items  []int
}

func (h *candHeap) less(a, b int) bool { // a ranks below b
	if h.scores[a] != h.scores[b] {
		return h.scores[a] < h.scores[b]
	}
	return h.items[a] > h.items[b]
}

func (h *candHeap) beats(s float64, item int) bool {
	return s > h.scores[0] || (s == h.scores[0] && item < h.items[0])
}

func (h *candHeap) swap(a, b int) {
	h.scores[a], h.scores[b] = h.scores[b], h.scores[a]
	h.items[a], h.items[b] = h.items[b], h.items[a]
}

func (h *candHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h.items) {
			return
		}
		m := l
		if r := l + 1; r < len(h.items) && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			return
		}
		h.swap(i, m)
		i = m
	}
}

func (h *candHeap) push(s float64, item, n int) {
	if len(h.items) < n {
		h.scores = append(h.scores, s)
		h.items = append(h.items, item)
		for c := len(h.items) - 1; c > 0; {
			p := (c - 1) / 2
			if !h.less(c, p) {
				break
			}
			h.swap(c, p)
			c = p
		}
		return
	}
	h.scores[0], h.items[0] = s, item
	h.down(0)
}

func (h *candHeap) sorted() ([]int, []float64) {
	n := len(h.items)
	items, scores := make([]int, n), make([]float64, n)
	for k := n - 1; k >= 0; k-- {
		items[k], scores[k] = h.items[0], h.scores[0]
		last := len(h.items) - 1
		h.swap(0, last)
		h.items, h.scores = h.items[:last], h.scores[:last]
		h.down(0)
	}
	return items, scores
}
