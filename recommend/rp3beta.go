package recommend

import (
	"context"
	"math"
)

// RP3Options configures RP3beta. The zero value gives Alpha 1, Beta 0.3, K 200.
type RP3Options struct {
	// Alpha is the exponent on the transition probabilities; 0 means 1.
	Alpha float64
	// Beta is the popularity penalty exponent on the target item; 0 means 0.3,
	// negative means none.
	Beta float64
	// K is the number of neighbours kept per item; 0 means 200.
	K int
}

// RP3beta is the random-walk item-to-item model of Paudel, Christoffel, Newell &
// Bernstein (2016, "Updatable, accurate, diverse, and scalable recommendations for
// interactive applications"): the probability of a three-step walk
// user → item i → user → item j on the bipartite interaction graph, with transition
// probabilities raised to Alpha, divided by popularity(j)^Beta to favour the long tail.
type RP3beta struct {
	base
	itemSim
}

// TrainRP3beta computes the walk similarities in parallel.
func TrainRP3beta(ctx context.Context, in *Interactions, opts *RP3Options) (*RP3beta, error) {
	if in == nil || in.NumItems() == 0 || in.M.NNZ() == 0 {
		return nil, ErrEmpty
	}
	var o RP3Options
	if opts != nil {
		o = *opts
	}
	if o.Alpha < 0 || o.K < 0 {
		return nil, &ValidationError{Field: "RP3Options", Value: o, Reason: "negative Alpha or K"}
	}
	if o.Alpha == 0 {
		o.Alpha = 1
	}
	switch {
	case o.Beta == 0:
		o.Beta = 0.3
	case o.Beta < 0:
		o.Beta = 0
	}
	if o.K == 0 {
		o.K = 200
	}
	x := in.M
	xt := x.Transpose()
	// P_ui: user → item, rows of X normalised to sum 1; P_iu: item → user, columns.
	pui := &CSR{Rows: x.Rows, Cols: x.Cols, Ptr: x.Ptr, Ind: x.Ind, Val: make([]float64, len(x.Val))}
	for u := 0; u < x.Rows; u++ {
		var s float64
		for k := x.Ptr[u]; k < x.Ptr[u+1]; k++ {
			s += x.Val[k]
		}
		for k := x.Ptr[u]; k < x.Ptr[u+1]; k++ {
			pui.Val[k] = math.Pow(x.Val[k]/s, o.Alpha)
		}
	}
	piu := &CSR{Rows: xt.Rows, Cols: xt.Cols, Ptr: xt.Ptr, Ind: xt.Ind, Val: make([]float64, len(xt.Val))}
	pen := make([]float64, xt.Rows)
	for i := 0; i < xt.Rows; i++ {
		var s float64
		for k := xt.Ptr[i]; k < xt.Ptr[i+1]; k++ {
			s += xt.Val[k]
		}
		for k := xt.Ptr[i]; k < xt.Ptr[i+1]; k++ {
			piu.Val[k] = math.Pow(xt.Val[k]/s, o.Alpha)
		}
		pen[i] = 1
		if n := xt.Ptr[i+1] - xt.Ptr[i]; n > 0 && o.Beta > 0 {
			pen[i] = math.Pow(float64(n), -o.Beta)
		}
	}
	w, err := simRows(ctx, in.NumItems(), o.K, func(i int, acc []float64, touched []int32) []int32 {
		col := piu.Row(i)
		for p, u := range col.Ind {
			pv := col.Val[p]
			row := pui.Row(int(u))
			for q, j := range row.Ind {
				if acc[j] == 0 {
					touched = append(touched, j)
				}
				acc[j] += pv * row.Val[q]
			}
		}
		for _, j := range touched {
			acc[j] *= pen[j]
		}
		return touched
	})
	if err != nil {
		return nil, err
	}
	m := &RP3beta{itemSim: itemSim{W: w}}
	m.init(in, m)
	return m, nil
}

// Name returns "rp3beta".
func (m *RP3beta) Name() string { return "rp3beta" }

// ScoreInto sums walk probabilities from the history h.
func (m *RP3beta) ScoreInto(_ int, h Row, dst []float64) { m.scoreInto(h, dst) }

// Because returns the history item that speaks most for item j, or -1.
func (m *RP3beta) Because(_ int, h Row, j int) int { i, _ := m.because(h, j); return i }
